#!/usr/bin/env bash
# The X12 tests check every 837P, 999 and 277CA we write with pyx12 (github.com/azoner/pyx12), run from
# its source with Debian's python3 and never vendored. `npm test` runs this before jest: it installs
# Debian's python3-defusedxml when that python lacks it, and clones pyx12 into PYX12_DIR (default
# /work/tools/pyx12) when it is not there and GitHub can be reached; otherwise it says what to do and
# stops, rather than let 20 tests fail five minutes later.
set -euo pipefail
DIR="${PYX12_DIR:-/work/tools/pyx12}"
PYTHON="${PYX12_PYTHON:-/usr/bin/python3}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

if ! "$PYTHON" -c 'import defusedxml' 2>/dev/null; then
  echo "$PYTHON lacks defusedxml, which pyx12 needs: installing Debian's python3-defusedxml" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-defusedxml >/dev/null
fi

if [ ! -f "$DIR/pyx12/scripts/x12valid.py" ]; then
  echo "pyx12 not found at $DIR: cloning github.com/azoner/pyx12" >&2
  mkdir -p "$(dirname "$DIR")"
  if ! timeout 120 git clone -q https://github.com/azoner/pyx12 "$DIR"; then
    rm -rf "$DIR"
    echo "could not clone pyx12: check out github.com/azoner/pyx12 at $DIR (or set PYX12_DIR to a checkout) and run npm test again" >&2
    exit 1
  fi
fi
