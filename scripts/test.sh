#!/usr/bin/env bash
# Set up with the development tools, then lint and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
.venv/bin/ruff check pipelines tests bench
exec .venv/bin/python -m pytest "$@"
