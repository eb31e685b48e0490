#!/usr/bin/env bash
# Installs what the test suite uses beyond the .NET SDK: Debian's chromium for the browser check
# of the report. Needs root (CI runs as root); safe to run again.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  echo "chromium already installed: $(chromium --version 2>/dev/null | head -1)"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
echo "installed $(chromium --version 2>/dev/null | head -1)"
