#!/usr/bin/env bash
# Installs what is missing, builds Switchyard and starts it. Extra arguments go to the app, e.g.
#   bash installer/run.sh --port 17800 --config my-config.json
# With no display the app runs headless and says so.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=installer/deps.sh
source "$root/installer/deps.sh"

switchyard_install_packages "${SWITCHYARD_BUILD_PACKAGES[@]}"
cmake --preset default -S "$root" >/dev/null
cmake --build "$root/build" --target switchyard -j"$(nproc)"
exec "$root/build/app/switchyard" "$@"
