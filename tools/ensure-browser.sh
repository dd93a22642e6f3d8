#!/bin/sh
# Makes sure a Chromium the library can drive is on this machine.
# Playwright's own build counts; otherwise a system Chromium on PATH.
# As root on Debian/Ubuntu, installs chromium and chromium-driver with apt-get.
set -eu
have_chromium() {
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
    || command -v google-chrome >/dev/null 2>&1 || ls "$HOME"/.cache/ms-playwright/chromium-*/chrome-linux*/chrome >/dev/null 2>&1
}
have_driver() { command -v chromedriver >/dev/null 2>&1; }
if have_chromium && have_driver; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium and chromium-driver with apt-get ..."
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  have_chromium && exit 0
fi
if have_chromium; then
  echo "Note: chromedriver is missing; the SeleniumLibrary tests need it (apt-get install chromium-driver)."
  exit 0
fi
echo "No browser found. Either run '.venv/bin/python -m playwright install chromium'," >&2
echo "or install a system Chromium (as root: 'apt-get install chromium chromium-driver')." >&2
exit 1
