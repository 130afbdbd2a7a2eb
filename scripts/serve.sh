#!/usr/bin/env bash
# Set up and serve the site: `bash scripts/serve.sh` (or `bash scripts/serve.sh build` to build site/ only).
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_MKDOCS_2_WARNING=1 DISABLE_MKDOCS_2_WARNING=true
# The share cards (og:image) are drawn in the DejaVu fonts Debian's fonts-dejavu-core installs.
if [[ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]]; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core </dev/null
  else
    echo "missing fonts-dejavu-core: install it with apt-get (the build names the font it cannot find)"
  fi
fi
python -m pip install --quiet --disable-pip-version-check -e .
if [[ "${1:-serve}" == "build" ]]; then
  exec python -m mkdocs build --strict
fi
exec python -m mkdocs serve --strict
