#!/usr/bin/env bash
# System packages the test suite needs beyond npm: Debian's chromium (browser
# tests: Agents Playground, rendered cards), poppler-utils (pdftoppm, PDF
# checks) and faketime (test/tools/time-matrix.sh: the date-sensitive tests
# under a faked wall clock). Installs them with apt-get when missing and we are
# root; otherwise says exactly what to install.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
command -v faketime >/dev/null 2>&1 || missing+=(faketime)
fonts_ok=$(fc-list 2>/dev/null | grep -ci 'dejavu\|liberation' || true)
[ "${fonts_ok:-0}" -gt 0 ] || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages for the tests: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "The tests need these Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
