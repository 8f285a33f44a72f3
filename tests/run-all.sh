#!/usr/bin/env bash
# The whole test suite on a fresh Debian 12 machine: installs packages, builds, checks formatting,
# and runs every ctest test inside its own D-Bus session with an unlocked gnome-keyring, so the
# keychain tests use the real Secret Service.
#   bash tests/run-all.sh            # RelWithDebInfo build in build/
#   bash tests/run-all.sh --asan     # address + undefined sanitizers, in build-asan/
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=installer/deps.sh
source "$root/installer/deps.sh"

preset=default
case "${1:-}" in
--asan) preset=asan ;;
"") ;;
*) echo "usage: $0 [--asan]" >&2; exit 2 ;;
esac

start=$(date +%s)
switchyard_install_packages "${SWITCHYARD_BUILD_PACKAGES[@]}" $(switchyard_test_packages)

cd "$root"
echo "== format check"
git ls-files -- '*.cpp' '*.h' 2>/dev/null | xargs -r clang-format --dry-run --Werror

echo "== configure and build ($preset)"
cmake --preset "$preset" -DSWITCHYARD_WERROR=ON >/dev/null
cmake --build --preset "$preset" -j"$(nproc)"

echo "== tests"
export QT_QPA_PLATFORM=offscreen
export SWITCHYARD_TEST_KEYRING_PASSWORD=switchyard-test
# Tests must never see the developer's own D-Bus session or keyring: a private session bus, and a
# keyring daemon whose data dir is fresh, so a keyring left from an earlier run with another password
# can never be the locked default collection.
unset DBUS_SESSION_BUS_ADDRESS
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
XDG_DATA_HOME="$keyring_home" dbus-run-session -- bash -c '
    set -e
    echo -n "$SWITCHYARD_TEST_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    ctest --preset "'"$preset"'" -j2
'
echo "== done in $(( $(date +%s) - start )) s"
