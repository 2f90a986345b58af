#!/usr/bin/env bash
# Build the .deb, install it, check the installed app with smoke_test.py, then uninstall it.
# Debian or Ubuntu, as root or with sudo. `--no-build` tests the newest .deb in dist/ as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" != "--no-build" ]; then
    /usr/bin/python3 installers/build.py
fi
deb="$(ls -t dist/*.deb | head -n 1)"
sudo=""
if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
echo "installing $deb ($(du -h "$deb" | cut -f1))"
$sudo apt-get install -y -qq "./$deb"
trap '$sudo apt-get remove -y -qq tutor-app' EXIT
python3 installers/smoke_test.py /usr/bin/tutor-app
