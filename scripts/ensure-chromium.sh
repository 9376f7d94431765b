#!/usr/bin/env bash
# The build renders diagrams with Mermaid in headless Chromium. Make sure one
# is there: CHROMIUM_PATH if set, else /usr/bin/chromium, installed from
# Debian's packages when we are root on Debian, together with Debian's
# chromium-headless-shell, which the diagrams use when it is there (it starts
# faster; see src/lib/chromium.ts).
set -euo pipefail
bin="${CHROMIUM_PATH:-/usr/bin/chromium}"  # same default as src/lib/chromium.ts
if [ -x "$bin" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is missing: installing Debian's chromium and chromium-headless-shell packages (needed to render diagrams)..." >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  # Only faster diagrams depend on it: a Debian release without the package still builds.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell >/dev/null 2>&1 || true
  exit 0
fi
cat >&2 <<MSG
The build needs Chromium to render the book's diagrams, and none was found at $bin.
  On Debian/Ubuntu: sudo apt-get install chromium
  Elsewhere: install Chromium or Chrome and set CHROMIUM_PATH to its binary.
MSG
exit 1
