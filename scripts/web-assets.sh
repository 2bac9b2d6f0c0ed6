#!/bin/sh
# The query editor of `danvan serve` (YASQE, the SPARQL editor of YASGUI) and the WebGL
# renderer of large graphs in `danvan export --format html` (sigma.js on graphology, plus
# graphology's library for the in-browser layout when Graphviz is missing) from npm into
# .web-assets/, which git ignores: third-party code is fetched, never committed. Both
# work without it (a plain text area; the vis-network page), so a machine without npm
# only warns.
set -eu
cd "$(dirname "$0")/.."
if [ -f .web-assets/node_modules/@zazuko/yasqe/build/yasqe.min.js ] \
  && [ -f .web-assets/node_modules/sigma/dist/sigma.min.js ] \
  && [ -f .web-assets/node_modules/graphology-library/dist/graphology-library.min.js ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "web-assets: npm not found; the query editor falls back to a plain text area" \
    "and large graph exports to vis-network" >&2
  exit 0
fi
mkdir -p .web-assets
npm install --silent --no-audit --no-fund --prefix .web-assets @zazuko/yasqe@^4.6.2 \
  sigma@^3.0.3 graphology@^0.26.0 graphology-library@^0.8.0
