#!/usr/bin/env bash
# Set up with the development tools, then lint and run the whole test suite.
# The browser tests need Debian's chromium package; it is installed here when missing
# (Playwright drives it through its executable path: no browser download).
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
.venv/bin/ruff check pipelines tests bench scripts
exec .venv/bin/python -m pytest "$@"
