"""The DuckDB warehouse: schemas raw, staging, marts and meta in one file, built into a new
file and swapped into place only when a whole run succeeded.

- database.py: connection settings and the statement helpers every layer uses;
- staging.py: every staging table, declared once (columns, types, grain, description);
- load.py: writes what ingest read into raw, staging and meta.load_log;
- files.py: the build-then-swap of the warehouse file and the report folder, and the lock.
"""
