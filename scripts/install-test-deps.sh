#!/usr/bin/env bash
# Installs what the test suite uses beyond the .NET SDK: Debian's chromium for the browser check
# of the report, and python3-aiosmtpd, the real SMTP server the mail tests send to on 127.0.0.1.
# Needs root (CI runs as root); safe to run again.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium fonts-dejavu-core)
# Debian's own python: a python3 earlier on the PATH (pyenv, a venv) does not see Debian's packages.
/usr/bin/python3 -c "import aiosmtpd" >/dev/null 2>&1 || missing+=(python3-aiosmtpd)
if [ ${#missing[@]} -eq 0 ]; then
  echo "test dependencies already installed: $(chromium --version 2>/dev/null | head -1), aiosmtpd"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "installed ${missing[*]}: $(chromium --version 2>/dev/null | head -1)"
