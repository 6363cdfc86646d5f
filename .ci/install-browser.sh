#!/usr/bin/env bash
# Install what the browser tests (tests/test_browser.py) drive: Debian's Chromium and its
# chromedriver. The Python driver (selenium) comes with the project's `test` extra; it is
# pointed at /usr/bin/chromedriver, so nothing is ever downloaded at test time.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  echo "chromium and chromedriver already installed: $(chromium --version 2>/dev/null || true)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-browser: not root and no sudo; cannot install chromium" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium chromium-driver fonts-dejavu-core
chromium --version
