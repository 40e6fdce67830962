#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring (the Secret
# Service QtKeychain talks to), in a throwaway HOME, and cleans both up afterwards.
#   scripts/with-keyring.sh ctest --preset ci
set -euo pipefail

if (($# == 0)); then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

keyring_home=$(mktemp -d -t tessera-keyring-XXXXXX)
trap 'rm -rf "$keyring_home"' EXIT
export HOME="$keyring_home"
export XDG_DATA_HOME="$keyring_home/.local/share"
export XDG_CONFIG_HOME="$keyring_home/.config"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME"

# The keyring's password only guards this throwaway keyring.
dbus-run-session -- bash -c '
  set -e
  printf "%s" "tessera-throwaway-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"
' tessera-keyring "$@"
