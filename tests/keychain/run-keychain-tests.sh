#!/bin/sh
# Runs the keychain-labelled tests in a private D-Bus session with a throwaway, unlocked
# gnome-keyring (the recipe in platform-notes.md). Nothing survives the session.
# Usage: tests/keychain/run-keychain-tests.sh <build dir> [extra ctest args]
set -eu
build=${1:?build directory}
shift
exec dbus-run-session -- sh -c '
  export HOME=$(mktemp -d) XDG_RUNTIME_DIR=$(mktemp -d); chmod 700 "$XDG_RUNTIME_DIR"
  eval "$(printf pass | gnome-keyring-daemon --unlock --components=secrets)"
  eval "$(gnome-keyring-daemon --start --components=secrets)"
  cd "$0" && ctest -L keychain --output-on-failure "$@"' "$build" "$@"
