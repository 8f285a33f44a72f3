#!/usr/bin/env bash
# Debian 12 packages Switchyard needs, and a function that installs whatever is missing.
# Sourced by installer/run.sh and tests/run-all.sh.

SWITCHYARD_BUILD_PACKAGES=(
    build-essential cmake ninja-build pkg-config ccache
    qt6-base-dev qt6-httpserver-dev qt6-websockets-dev qt6-charts-dev qt6-tools-dev
    qt6-l10n-tools qt6-translations-l10n qtkeychain-qt6-dev libqt6sql6-sqlite libqt6svg6
    libssl-dev libsimdjson-dev libgl-dev
)
# What the test suite needs on top: a Secret Service for the keychain tests, clang-format for the
# format check, Node.js/npm for the official SDK and Claude Code end-to-end tests.
SWITCHYARD_TEST_PACKAGES=(
    gnome-keyring dbus-x11 clang-format nodejs npm xvfb fonts-wqy-microhei
)

switchyard_missing_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    echo "${missing[@]}"
}

switchyard_install_packages() {
    local missing
    missing=$(switchyard_missing_packages "$@")
    [ -z "$missing" ] && return 0
    local sudo=""
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null || { echo "Need root or sudo to install: $missing" >&2; return 1; }
        sudo="sudo"
    fi
    echo "Installing Debian packages: $missing"
    $sudo apt-get update -q
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing
}

# Node and npm may come from outside Debian on some machines: keep a working pair as it is.
switchyard_test_packages() {
    local pkgs=() pkg
    for pkg in "${SWITCHYARD_TEST_PACKAGES[@]}"; do
        if [ "$pkg" = nodejs ] && command -v node >/dev/null 2>&1; then continue; fi
        if [ "$pkg" = npm ] && command -v npm >/dev/null 2>&1; then continue; fi
        pkgs+=("$pkg")
    done
    echo "${pkgs[@]}"
}
