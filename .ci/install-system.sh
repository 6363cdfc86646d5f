#!/usr/bin/env bash
# Install the system programs the tests drive, from Debian's packages, when missing:
# - Chromium and its chromedriver for the browser tests (tests/test_browser.py); the Python
#   driver (selenium) comes with the `test` extra and is pointed at /usr/bin/chromedriver;
# - Java 17 for the Spark engine's tests (tests/test_spark_engine.py run Spark local[2]);
#   PySpark itself comes with the `test` extra.
# Nothing is downloaded at test time.
set -euo pipefail

need=()
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  need+=(chromium chromium-driver fonts-dejavu-core)
fi
if ! command -v java >/dev/null 2>&1; then
  need+=(openjdk-17-jre-headless)
fi
if [ ${#need[@]} -eq 0 ]; then
  echo "already installed: $(chromium --version 2>/dev/null || true); $(java -version 2>&1 | head -n 1)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-system: not root and no sudo; cannot install ${need[*]}" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends "${need[@]}"
