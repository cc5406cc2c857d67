#!/usr/bin/env bash
# Set up, then run the whole pipeline on the bundled sample:
# warehouse in data/warehouse.duckdb, report site in reports/site/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/grant-eval run "$@"
