#!/bin/bash
# msal-reads-keychain.sh PALCTL PAL_SANDBOX SCRIPT: in a private D-Bus session with a throwaway
# gnome-keyring, signs in with palctl against pal-sandbox (browser sign-in, approved at once by the
# default scenario), gets tokens for every directory, reads the keychain item with secret-tool
# (as any Secret Service client would) and lets MSAL for Python (SCRIPT) load it.
# Exit 77 (skip) without gnome-keyring, secret-tool or MSAL.
set -euo pipefail
if [ -z "${MSAL_KEYCHAIN_INNER:-}" ]; then
    for tool in dbus-run-session gnome-keyring-daemon secret-tool curl; do
        command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
    done
    export MSAL_KEYCHAIN_INNER=1
    exec dbus-run-session -- "$0" "$@"
fi
palctl=$1
sandbox=$2
script=$3
work=$(mktemp -d)
# The default configuration folder ($HOME/.config/paldesk), whose keychain keys carry no folder
# prefix: the key README documents for MSAL-based readers.
export HOME=$work/home XDG_RUNTIME_DIR=$work/run
unset XDG_CONFIG_HOME PALDESK_CONFIG_DIR
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
eval "$(printf pass | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null
eval "$(gnome-keyring-daemon --start --components=secrets)" >/dev/null
unset PALDESK_CLIENT_ID PALDESK_SECRET_STORE

"$sandbox" --port 0 >"$work/sandbox.out" 2>"$work/sandbox.err" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -s "$work/sandbox.out" ] && break; sleep 0.1; done
url=$(head -1 "$work/sandbox.out")
[ -n "$url" ] || { echo "pal-sandbox printed no URL"; exit 1; }

"$palctl" cloud register --name LocalSandbox --login-endpoint "$url" --arm-endpoint "$url" >/dev/null
"$palctl" cloud set LocalSandbox 2>/dev/null
BROWSER='curl -s -o /dev/null -L %s' "$palctl" login >/dev/null
"$palctl" directory list -o json >"$work/directories.json" || true # exit 3: the MFA directory
account=$("$palctl" account list -o json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
directories=$(/usr/bin/python3 -c 'import json,sys; print(sum(1 for d in json.load(open(sys.argv[1])) if d["linkState"] != "sign-in needed"))' "$work/directories.json")
secret-tool lookup server "PAL Desk" user "$account/tokencache" >"$work/cache.json"
host=$(/usr/bin/python3 -c 'import sys, urllib.parse; print(urllib.parse.urlparse(sys.argv[1]).hostname)' "$url")
/usr/bin/python3 "$script" "$work/cache.json" "$account" 04b07795-8ddb-461a-bbee-02f9e1bf7b46 "$host" \
    "$url/.default" "$directories"
