#!/usr/bin/env bash
# Set up with the development tools, then check lint, format and types, and run every test
# (two workers; the browser tests need Debian's chromium package, installed here when missing:
# Playwright drives it through its executable path, with no browser download; the deployment
# test needs Debian's postgresql package, installed likewise).
#   scripts/test.sh                              everything, as CI runs it
#   scripts/test.sh -m "not slow and not browser"   the fast tier (under a minute)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
if ! command -v chromium >/dev/null 2>&1; then
  echo "test: installing Debian's chromium for the browser tests" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
# The deployment test (tests/test_deployment.py) starts a throwaway PostgreSQL server from
# Debian's postgresql package (initdb and pg_ctl; as root it runs them as the user postgres).
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "test: installing Debian's postgresql for the deployment test" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi
CODE=(pipelines tests bench scripts devtools)
.venv/bin/ruff check "${CODE[@]}"
.venv/bin/ruff format --check "${CODE[@]}"
.venv/bin/mypy
exec .venv/bin/python -m pytest -n 2 "$@"
