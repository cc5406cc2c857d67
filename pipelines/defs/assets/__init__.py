"""Dagster assets, by layer: raw and staging (ingest, staging), marts, report."""
