#!/usr/bin/env bash
# README command 2: the whole test suite, browser and HTML-checker tests included.
# Installs what the tests need (Debian's chromium, Java, Node.js tools) when missing.
set -euo pipefail
EXTRAS=test source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v java >/dev/null || missing+=(default-jre-headless)
command -v npm >/dev/null || missing+=(nodejs npm)
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"

if [ ! -f tests/tools/node_modules/.installed ] || [ tests/tools/package-lock.json -nt tests/tools/node_modules/.installed ]; then
  (cd tests/tools && npm ci --silent --no-audit --no-fund >/dev/null)
  touch tests/tools/node_modules/.installed
fi

exec .venv/bin/python -m pytest "$@"
