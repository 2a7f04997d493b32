#!/bin/bash
# Times `palctl directory verify-all` as a partner admin would run it: a user signed in with the
# browser (the sandbox approves at once), tokens in a real, throwaway gnome-keyring, against
# pal-sandbox with N directories and a latency fault on every request.
#   cold: the first verify-all after `palctl login` (one token per directory to fetch)
#   warm: the next one (every token cached in the keychain)
# It also prints how many keychain writes of the token cache each run made (paldesk.cache log).
# Usage: tests/keychain/time-verify-all.sh PALCTL PAL_SANDBOX [DIRECTORIES=200] [LATENCY_MS=100]
# Runs itself inside a private D-Bus session with its own keyring; nothing survives it.
set -euo pipefail
if [ -z "${TIME_VERIFY_ALL_INNER:-}" ]; then
    export TIME_VERIFY_ALL_INNER=1
    exec dbus-run-session -- "$0" "$@"
fi
palctl=$(readlink -f "$1")
sandbox=$(readlink -f "$2")
n=${3:-200}
latency=${4:-100}
work=$(mktemp -d)
export HOME=$work/home XDG_RUNTIME_DIR=$work/run PALDESK_CONFIG_DIR=$work/config
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
eval "$(printf pass | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null
eval "$(gnome-keyring-daemon --start --components=secrets)" >/dev/null
unset PALDESK_CLIENT_ID PALDESK_SECRET_STORE

python3 - "$n" "$latency" >"$work/scenario.json" <<'PY'
import json, sys
n, latency = int(sys.argv[1]), int(sys.argv[2])
tid = lambda i: "00000000-0000-4000-8000-%012d" % i
admin = "admin@bench-partner.example"
print(json.dumps({
    "clients": ["04b07795-8ddb-461a-bbee-02f9e1bf7b46"],
    "autoApproveUser": admin,
    "directories": [{"tenantId": tid(i), "displayName": "Customer %d" % i,
                     "defaultDomain": "customer%d.example" % i} for i in range(n)],
    "users": [{"username": admin, "homeTenantId": tid(0), "memberOf": [tid(i) for i in range(1, n)]}],
    "partners": {"1234567": "Bench Partner"},
    "links": [{"tenantId": tid(i), "principal": admin, "partnerId": "1234567"} for i in range(0, n, 2)],
    "faults": [{"kind": "latency", "pathPrefix": "/", "latencyMs": latency}],
}))
PY

"$sandbox" --port 0 --scenario "$work/scenario.json" >"$work/sandbox.out" 2>"$work/sandbox.err" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -s "$work/sandbox.out" ] && break; sleep 0.1; done
url=$(head -1 "$work/sandbox.out")

"$palctl" cloud register --name Bench --login-endpoint "$url" --arm-endpoint "$url" >/dev/null
"$palctl" cloud set Bench 2>/dev/null
# The browser stand-in follows the sign-in page to palctl's loopback listener.
BROWSER='curl -s -o /dev/null -L %s' "$palctl" login >/dev/null 2>"$work/login.err" || { cat "$work/login.err"; exit 1; }

run() {
    local start end rc=0
    start=$(date +%s%N)
    QT_LOGGING_RULES="paldesk.cache.debug=true" "$palctl" directory verify-all --partner-id 1234567 >"$work/out.json" 2>"$work/err.txt" || rc=$?
    echo "keychain writes: $(grep -c 'in one write' "$work/err.txt")" >&2
    end=$(date +%s%N)
    printf '%-5s %8.2f s  exit %d  directories %s\n' "$1" "$(echo "($end - $start) / 1000000000" | bc -l)" "$rc" \
        "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$work/out.json" 2>/dev/null || echo '?')"
}
echo "pal-sandbox: $n directories, ${latency} ms latency on every request"
run cold
run warm
