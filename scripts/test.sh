#!/usr/bin/env bash
# The project's one test command, from a fresh clone: `bash scripts/test.sh [pytest args]`.
# Sets up what is missing (Debian's chromium, linkchecker, a Java runtime and the DejaVu fonts share
# cards are drawn in, when run as root; the npm checkers vnu-jar and axe-core from package-lock.json;
# this package with its test extra), then runs every test: unit, build, site checkers and browser tests.
# The long fuzz run is opt-in: --run-fuzz.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
# Silence the MkDocs 2.0 / Material / properdocs banners on every build.
export NO_MKDOCS_2_WARNING=1 DISABLE_MKDOCS_2_WARNING=true
start=$SECONDS
step() { echo "== $1 (t=$((SECONDS - start)) s)"; }

step "system packages"
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v linkchecker >/dev/null || missing+=(linkchecker)
command -v java >/dev/null || missing+=(default-jre-headless)
fc-list 2>/dev/null | grep -qi liberation || missing+=(fonts-liberation)  # screenshots need real text
[[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]] || missing+=(fonts-dejavu-core)  # share-card fonts
if ((${#missing[@]})); then
  if [[ $(id -u) == 0 ]]; then
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" </dev/null
  else
    echo "missing ${missing[*]}: run as root, or install them with apt-get (tests needing them skip locally, fail under CI=true)"
  fi
fi

step "npm checkers (vnu-jar, axe-core)"
if [[ ! -f node_modules/vnu-jar/build/dist/vnu.jar || ! -f node_modules/axe-core/axe.min.js ]]; then
  npm ci --ignore-scripts --no-audit --no-fund  # vnu-jar's postinstall downloads a JRE: blocked, not needed
fi

step "python package with its test extra"
python -m pip install --quiet --disable-pip-version-check -e '.[test]'

step "a second generator (Zensical, in its own environment)"
if [[ ! -x .venv-zensical/bin/zensical ]]; then
  # 0.0.73: the newest Zensical whose dependencies the package registry has (0.1.x needs zensical-ui 0.0.42).
  python -m venv .venv-zensical
  .venv-zensical/bin/python -m pip install --quiet --disable-pip-version-check "zensical==0.0.73" \
    "mkdocstrings[python]>=0.26"
fi

step "tests"
mkdir -p artifacts/screenshots
status=0
python -m pytest --durations=25 "$@" || status=$?  # the slowest tests listed: CI must stay under 20 minutes
step "done"
exit $status
