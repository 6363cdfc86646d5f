#!/usr/bin/env bash
# Install Java 17 for the Spark engine's tests (tests/test_spark_engine.py run Spark local[2]),
# from Debian's packages, when no java is on the PATH. PySpark itself comes with the `test` extra.
set -euo pipefail

if command -v java >/dev/null 2>&1; then
  echo "java already installed: $(java -version 2>&1 | head -n 1)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-java: not root and no sudo; cannot install Java 17" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends openjdk-17-jre-headless
java -version
