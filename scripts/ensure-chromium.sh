#!/usr/bin/env bash
# Browser tests drive Debian's Chromium; nothing downloads a browser of its own.
set -e
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "Browser tests need Chromium at /usr/bin/chromium: run 'sudo apt-get install -y chromium' (or set CHROMIUM_PATH)." >&2
exit 1
