"""The Dagster wiring, thin and in one place: resources, and the assets of each layer over the
plain code in pipelines/ingest, pipelines/warehouse, pipelines/marts and pipelines/report.
The code location itself is pipelines/definitions.py."""
