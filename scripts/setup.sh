#!/usr/bin/env bash
# Install the project into .venv/ from the lock file (uv.lock). Needs only Python 3.11 and
# the package registries. Usage: scripts/setup.sh [--dev]
# Bytecode is compiled at install: otherwise every process recompiles Dagster, pandas and
# SQLAlchemy from source (about 3 s of CPU per run, and 10 s on `dagster dev` start-up).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
if [ ! -x .tools/bin/uv ]; then
  echo "setup: installing uv into .tools/" >&2
  "$PYTHON" -m venv .tools
  .tools/bin/python -m pip install --quiet "uv==0.13.9"
fi
# --dev: the development tools and grant-eval[server] (the PostgreSQL test needs dagster-postgres).
# Without --dev, the development tools are not installed, but not removed either (--inexact):
# scripts/run-sample.sh after scripts/test.sh keeps pytest and the dg CLI.
if [ "${1:-}" = "--dev" ]; then
  .tools/bin/uv sync --frozen --extra server --compile-bytecode --python "$PYTHON" --quiet
else
  .tools/bin/uv sync --frozen --no-dev --inexact --compile-bytecode --python "$PYTHON" --quiet
fi
# The run history's folder with its dagster.yaml (the warehouse's pool): the README's
# `DAGSTER_HOME=$PWD/.dagster .venv/bin/dagster dev` then starts before any run.
[ -f .dagster/dagster.yaml ] || .venv/bin/python -m pipelines.defs.instance .dagster
