#!/usr/bin/env bash
# Installs Debian's Chromium for the report's browser test (ReportBrowserIT). Idempotent: does nothing when
# /usr/bin/chromium exists. Needs root (or sudo without a password) and access to the Debian mirrors; exits
# non-zero, with the reason on stderr, when it cannot install.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

run_as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo -n "$@"
  else
    echo "install-chromium: need root (or sudo without a password) to run: $*" >&2
    return 1
  fi
}

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: no apt-get here; install Chromium so that /usr/bin/chromium exists" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
run_as_root apt-get update
run_as_root apt-get install -y --no-install-recommends chromium

if [ ! -x /usr/bin/chromium ]; then
  echo "install-chromium: apt-get finished but /usr/bin/chromium is missing" >&2
  exit 1
fi
