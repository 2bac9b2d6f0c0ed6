#!/bin/sh
# The query editor of `danvan serve` (YASQE, the SPARQL editor of YASGUI) from npm into
# .web-assets/, which git ignores: third-party code is fetched, never committed. The web
# pages work without it (a plain text area), so a machine without npm only warns.
set -eu
cd "$(dirname "$0")/.."
if [ -f .web-assets/node_modules/@zazuko/yasqe/build/yasqe.min.js ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "web-assets: npm not found; the query editor falls back to a plain text area" >&2
  exit 0
fi
mkdir -p .web-assets
npm install --silent --no-audit --no-fund --prefix .web-assets @zazuko/yasqe@^4.6.2
