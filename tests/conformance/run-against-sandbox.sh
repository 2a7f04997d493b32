#!/bin/bash
# run-against-sandbox.sh PAL_SANDBOX SCRIPT: starts pal-sandbox on a free loopback port, runs
# SCRIPT with its base URL, stops the sandbox and returns the script's exit status.
set -u
sandbox=$1
script=$2
out=$(mktemp)
"$sandbox" --port 0 >"$out" &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -f "$out"' EXIT
url=
for _ in $(seq 1 100); do
    url=$(head -n 1 "$out")
    [ -n "$url" ] && break
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "pal-sandbox exited before printing its URL" >&2
        exit 1
    fi
    sleep 0.1
done
if [ -z "$url" ]; then
    echo "pal-sandbox printed no URL within 10 s" >&2
    exit 1
fi
echo "pal-sandbox at $url"
/usr/bin/python3 "$script" "$url"
