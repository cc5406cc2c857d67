"""Dagster assets, grouped by layer: raw and staging (ingest), marts, report."""
