#!/bin/sh
# Make sure the system programs the tests use are present: a headless Chromium (browser
# tests of the HTML export and the web pages) and Graphviz (SVG/PNG drawings). Idempotent:
# installs only what is missing, and only where apt-get is usable; otherwise says so in
# one line. Any Chromium already there will do (tests/chromium.py finds it); where there
# is none, Debian's chromium-headless-shell: smaller than the full browser, and the browser
# tests take a quarter less CPU with it (tests/chromium.py).
missing=""
browser=""
for name in chromium-headless-shell chromium chromium-browser; do
  command -v "$name" >/dev/null 2>&1 && browser="$name" && break
done
[ -n "$browser" ] || missing="$missing chromium-headless-shell"
command -v dot >/dev/null 2>&1 || missing="$missing graphviz"
[ -z "$missing" ] && exit 0
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "system-deps: installing$missing"
  install() { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; }
  apt-get update -qq || true
  install $missing && exit 0
  # A release without chromium-headless-shell: its full Chromium instead.
  fallback=$(echo "$missing" | sed 's/chromium-headless-shell/chromium/')
  [ "$fallback" != "$missing" ] && install $fallback && exit 0
  echo "system-deps: could not install$missing; the tests that need them will be skipped"
else
  echo "system-deps: missing$missing and apt-get is not usable here; the tests that need them will be skipped"
fi
exit 0
