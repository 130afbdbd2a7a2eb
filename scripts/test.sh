#!/usr/bin/env bash
# The project's one test command: `bash scripts/test.sh [pytest args]`.
# Runs every test, including the slow, site and browser checks; the long fuzz run is opt-in
# (`bash scripts/test.sh --run-fuzz`). Needs the tools .ci/run installs: chromium, linkchecker,
# java, and the npm checkers in node_modules/ (installed here from package-lock.json when absent).
set -euo pipefail
cd "$(dirname "$0")/.."

# Silence the MkDocs 2.0 / Material / properdocs banners on every build.
export NO_MKDOCS_2_WARNING=1
export DISABLE_MKDOCS_2_WARNING=true

# vnu-jar's postinstall only downloads a Java runtime; the jar itself ships in the package.
if [[ ! -f node_modules/vnu-jar/build/dist/vnu.jar || ! -f node_modules/axe-core/axe.min.js ]]; then
  npm ci --ignore-scripts --no-audit --no-fund
fi

mkdir -p artifacts/screenshots
exec python -m pytest "$@"
