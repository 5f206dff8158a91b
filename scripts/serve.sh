#!/usr/bin/env bash
# README command 1: set up, build the example edition and serve it at http://127.0.0.1:8000/
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
exec .venv/bin/python build.py serve "$@"
