#!/usr/bin/env bash
# System packages the explorer test and the report charts need, from Debian's archive:
#   chromium        headless browser for tests/test_explore_browser.py (/usr/bin/chromium)
#   fonts-noto-cjk  a CJK font, so `policykg report` can draw Chinese labels
# Idempotent: installs only what is missing, and runs `apt-get update` only when a missing
# package has no installation candidate yet (a fresh machine whose package lists are empty).
# Needs root (or sudo) only when something is missing.
set -euo pipefail

PACKAGES=(chromium fonts-noto-cjk)

installed() {
    dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null | grep -qx installed
}

missing=()
for pkg in "${PACKAGES[@]}"; do
    if installed "$pkg"; then
        echo "install-system-deps: $pkg is installed"
    else
        missing+=("$pkg")
    fi
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "install-system-deps: nothing to do"
    exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null; then
        echo "install-system-deps: need root to install: ${missing[*]}" >&2
        exit 2
    fi
    SUDO=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive

needs_update=false
for pkg in "${missing[@]}"; do
    candidate=$(apt-cache policy "$pkg" 2>/dev/null | awk '/Candidate:/ {print $2}')
    if [ -z "$candidate" ] || [ "$candidate" = "(none)" ]; then
        needs_update=true
    fi
done
if $needs_update; then
    echo "install-system-deps: apt-get update (package lists lack: ${missing[*]})"
    "${SUDO[@]}" apt-get update -q
fi
echo "install-system-deps: apt-get install -y --no-install-recommends ${missing[*]}"
"${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
