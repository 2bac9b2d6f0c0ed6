#!/bin/sh
# Make sure the system programs the tests use are present: Chromium (browser tests of
# the HTML export) and Graphviz (SVG/PNG drawings). Idempotent: installs only what is
# missing, and only where apt-get is usable; otherwise says so in one line.
missing=""
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing="$missing chromium"
command -v dot >/dev/null 2>&1 || missing="$missing graphviz"
[ -z "$missing" ] && exit 0
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "system-deps: installing$missing"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null) \
    || echo "system-deps: could not install$missing; the tests that need them will be skipped"
else
  echo "system-deps: missing$missing and apt-get is not usable here; the tests that need them will be skipped"
fi
exit 0
