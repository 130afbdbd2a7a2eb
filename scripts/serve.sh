#!/usr/bin/env bash
# Set up and serve the site: `bash scripts/serve.sh` (or `bash scripts/serve.sh build` to build site/ only).
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_MKDOCS_2_WARNING=1 DISABLE_MKDOCS_2_WARNING=true
python -m pip install --quiet --disable-pip-version-check -e .
if [[ "${1:-serve}" == "build" ]]; then
  exec python -m mkdocs build --strict
fi
exec python -m mkdocs serve --strict
