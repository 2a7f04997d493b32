#!/usr/bin/env bash
# Benchmark: how long `palctl partner show` takes against a running pal-sandbox, as a user runs it
# (a new process each time: start-up, config, sign-in, token, GET, output).
#
#   bench/palctl/run.sh [BUILD_DIR] [RUNS]      (defaults: build-cli, 50 runs)
#
# PAL_BENCH_NODELAY=1 runs pal-sandbox with TCP_NODELAY forced on (nodelay-shim.c).
# Uses hyperfine when installed, else a bash loop timed with `date +%s%N`.
# Prints min / median / mean / p95 / max in milliseconds for: process start-up (--version),
# `partner show` against pal-sandbox, and `--sandbox partner show` (sandbox started in-process).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build-cli}
runs=${2:-50}
palctl=$build/app/palctl/palctl
sandbox=$build/sandbox/pal-sandbox
for exe in "$palctl" "$sandbox"; do
    [[ -x $exe ]] || { echo "missing $exe: build the palctl and pal-sandbox targets first" >&2; exit 2; }
done

work=$(mktemp -d)
sandbox_pid=
cleanup() {
    [[ -n $sandbox_pid ]] && kill "$sandbox_pid" 2>/dev/null && wait "$sandbox_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

preload=
if [[ ${PAL_BENCH_NODELAY:-0} == 1 ]]; then
    # Shows the cost of the sandbox answering without TCP_NODELAY (see README.md).
    cc -shared -fPIC -o "$work/nodelay.so" "$root/bench/palctl/nodelay-shim.c" -ldl
    preload=$work/nodelay.so
fi
LD_PRELOAD=$preload "$sandbox" --port 0 >"$work/sandbox.out" 2>"$work/sandbox.err" &
sandbox_pid=$!
for _ in $(seq 100); do
    [[ -s $work/sandbox.out ]] && break
    sleep 0.05
done
url=$(head -1 "$work/sandbox.out")
[[ $url == http://127.0.0.1:* ]] || { echo "pal-sandbox did not print its URL" >&2; exit 1; }

# An isolated palctl: its own config, no keychain, the scenario's service principal each run.
export PALDESK_CONFIG_DIR=$work/config
export PALDESK_SECRET_STORE=memory
export PALDESK_CLIENT_ID=8f2c6a1e-5b3d-4e7f-9a0c-2d4b6e8f0a11
export PALDESK_TENANT_ID=7d3c1b2a-0f4e-4c6d-9a8b-1e2f3a4b5c6d
printf '%s' sandbox-secret-not-for-production >"$work/secret"
export PALDESK_CLIENT_SECRET_FILE=$work/secret
unset DBUS_SESSION_BUS_ADDRESS

"$palctl" cloud register --name Sandbox --login-endpoint "$url" --arm-endpoint "$url" >/dev/null
"$palctl" cloud set Sandbox 2>/dev/null
"$palctl" partner create --partner-id 1234567 >/dev/null
"$palctl" partner show >/dev/null # warm the file cache once

echo "pal-sandbox at $url, $runs runs each"
if command -v hyperfine >/dev/null; then
    hyperfine --warmup 3 --runs "$runs" "$palctl --version" "$palctl partner show" "$palctl --sandbox partner show --directory 'Adventure Works'"
    exit 0
fi

measure() {
    local label=$1
    shift
    local times=() start end
    for _ in $(seq "$runs"); do
        start=$(date +%s%N)
        "$@" >/dev/null 2>&1 || true
        end=$(date +%s%N)
        times+=($(((end - start) / 1000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v n="$runs" -v label="$label" '
        { t[NR] = $1 / 1000; sum += $1 / 1000 }
        END {
            p95 = t[int((n * 95 + 99) / 100)]
            med = (n % 2) ? t[(n + 1) / 2] : (t[n / 2] + t[n / 2 + 1]) / 2
            printf "%-44s min %6.1f  median %6.1f  mean %6.1f  p95 %6.1f  max %6.1f  (ms)\n", label, t[1], med, sum / n, p95, t[n]
        }'
}

measure "palctl --version (process start-up)" "$palctl" --version
measure "palctl partner show (pal-sandbox)" "$palctl" partner show
measure "palctl --sandbox partner show (in-process)" "$palctl" --sandbox partner show --directory "Adventure Works"
