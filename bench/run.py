#!/usr/bin/python3
"""PAL Desk's benchmarks, as a user meets them, in one table.

    bench/run.py BUILD_DIR [--runs N] [--only fleet,scale,show,sdk,gui,start] [--json FILE]

Runs inside a private D-Bus session with a throwaway gnome-keyring (it starts one itself), so
palctl and paldesk keep their sign-in in a real keychain between processes, as on a desktop.
Every scenario is generated here (nothing committed); every server is a pal-sandbox process.

- fleet: 200 directories, every request (login and ARM) answered after 100 ms by the sandbox's
  latency fault. `palctl directory verify-all` cold (the first run after `palctl login`: 199
  directory tokens to fetch) and warm (every token cached), at concurrency 1, 8, the default, 64;
  and paldesk's "All directories" run (bench/pal_gui_bench) with its event-loop lag.
- scale: the fleet at partner scale, 1,000 and 5,000 directories at 100 ms: palctl verify-all
  cold and warm at the default concurrency, paldesk's "All directories" cold, warm and its worst
  stall, and the anchor a user would write instead: a parallel curl loop over the same directories
  (`xargs -P <concurrency>`, one curl a directory, tokens fetched beforehand and not counted).
- show: `palctl partner show` (token from the keychain) beside `curl` GETting the same URL with a
  bearer token, same server, no latency, interleaved; `palctl --version` for process start-up.
- sdk: the official Python SDK (python3-azure) in a plain sequential loop over the 200 directories
  at 100 ms, tokens fetched beforehand (its token work is not counted); `az rest` when installed.
- gui: paldesk's first window beside a bare Qt Widgets window (bench/pal_bare_window), both
  measured from process start to the first frame; paldesk with one account in 5,000 directories:
  RSS loaded and with the switcher open, filter keystroke latency, fleet table scrolling.
Each figure is the median of --runs runs (default 5; 3 for the slow fleet runs); ratios compare
figures of the same run. Benchmarks are not tests: nothing here fails on a slow figure.
"""

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ADMIN = "admin@bench-partner.example"
CLI_CLIENT = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"
SP_CLIENT = "8f2c6a1e-5b3d-4e7f-9a0c-2d4b6e8f0a11"
SP_SECRET = "bench-secret-not-for-production"
PARTNER = "1234567"


def tenant(i):
    return "00000000-0000-4000-8000-%012d" % i


def app_in(i):
    """The client id of the bench's app registered in directory i (scale: the curl loop's tokens)."""
    return "8f2c6a1e-5b3d-4e7f-9a0c-%012d" % (i + 1)


def scenario(directories, latency_ms=0, linked_every=2, app_everywhere=False):
    """One admin in `directories` directories (every `linked_every`-th linked), a service principal
    in the first one (and one in every directory with app_everywhere), and a latency fault on every
    path when latency_ms > 0."""
    dirs = [{"tenantId": tenant(i), "displayName": "Customer %d" % i,
             "defaultDomain": "customer%d.example" % i} for i in range(directories)]
    s = {
        "description": "bench/run.py: generated",
        "clients": [CLI_CLIENT],
        "autoApproveUser": ADMIN,
        "tenantsPageSize": 1000,
        "directories": dirs,
        "users": [{"username": ADMIN, "displayName": "Bench Admin", "homeTenantId": tenant(0),
                   "memberOf": [tenant(i) for i in range(directories)]}],
        "servicePrincipals": [{"clientId": SP_CLIENT, "tenantId": tenant(0), "displayName": "bench",
                               "secrets": [{"value": SP_SECRET}]}],
        "partners": {PARTNER: "Bench Partner"},
        "links": [{"tenantId": tenant(i), "principal": ADMIN, "partnerId": PARTNER}
                  for i in range(directories) if i % linked_every == 0] +
                 [{"tenantId": tenant(0), "principal": SP_CLIENT, "partnerId": PARTNER}],
    }
    if app_everywhere:
        s["servicePrincipals"] += [{"clientId": app_in(i), "tenantId": tenant(i), "displayName": "bench %d" % i,
                                    "secrets": [{"value": SP_SECRET}]} for i in range(directories)]
    if latency_ms:
        s["faults"] = [{"kind": "latency", "pathPrefix": "/", "latencyMs": latency_ms}]
    return s


def median(values):
    return statistics.median(values) if values else float("nan")


class Bench:
    def __init__(self, build, runs, work):
        self.build = build
        self.runs = runs
        self.work = work
        self.palctl = os.path.join(build, "app/palctl/palctl")
        self.paldesk = os.path.join(build, "app/paldesk/paldesk")
        self.sandbox_exe = os.path.join(build, "sandbox/pal-sandbox")
        self.gui_bench = os.path.join(build, "bench/pal_gui_bench")
        self.bare_window = os.path.join(build, "bench/pal_bare_window")
        self.sandboxes = []
        self.rows = []  # (section, what, value, unit, note)

    # ---- plumbing ----
    def row(self, section, what, value, unit, note=""):
        self.rows.append((section, what, value, unit, note))
        text = ("%.1f" % value) if isinstance(value, float) else str(value)
        print("  %-58s %10s %-4s %s" % (what, text, unit, note), flush=True)

    def start_sandbox(self, name, spec):
        path = os.path.join(self.work, name + ".json")
        with open(path, "w") as f:
            json.dump(spec, f)
        out = open(os.path.join(self.work, name + ".out"), "w+")
        proc = subprocess.Popen([self.sandbox_exe, "--port", "0", "--scenario", path], stdout=out,
                                stderr=subprocess.DEVNULL)
        self.sandboxes.append(proc)
        for _ in range(400):
            out.seek(0)
            line = out.readline().strip()
            if line.startswith("http://"):
                return line
            if proc.poll() is not None:
                raise SystemExit("pal-sandbox exited: %s" % name)
            time.sleep(0.025)
        raise SystemExit("pal-sandbox printed no URL: %s" % name)

    def stop(self):
        for p in self.sandboxes:
            p.terminate()
            p.wait()

    def env(self, config):
        e = dict(os.environ)
        e["PALDESK_CONFIG_DIR"] = os.path.join(self.work, config)
        e["BROWSER"] = "curl -s -L -o /dev/null %s"
        e["QT_QPA_PLATFORM"] = "offscreen"
        for k in ("PALDESK_CLIENT_ID", "PALDESK_TENANT_ID", "PALDESK_CLIENT_SECRET_FILE"):
            e.pop(k, None)
        return e

    def run(self, args, env, check=True):
        """Runs a process; returns (wall ms, cpu ms, stdout)."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter_ns()
        p = subprocess.run(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        wall = (time.perf_counter_ns() - t0) / 1e6
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = ((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) * 1000
        if check and p.returncode not in (0, 4):
            raise SystemExit("%s failed (%d): %s" % (" ".join(args), p.returncode, p.stderr.decode()[-800:]))
        return wall, cpu, p.stdout

    def sign_in(self, url, config, cloud="Bench"):
        e = self.env(config)
        subprocess.run([self.palctl, "cloud", "register", "--name", cloud, "--login-endpoint", url,
                        "--arm-endpoint", url], env=e, check=True, stdout=subprocess.DEVNULL)
        subprocess.run([self.palctl, "cloud", "set", cloud], env=e, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        self.login(config)
        return e

    def login(self, config):
        e = self.env(config)
        p = subprocess.run([self.palctl, "login"], env=e, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if p.returncode != 0:
            raise SystemExit("palctl login failed: " + p.stderr.decode()[-800:])

    def logout(self, config):
        subprocess.run([self.palctl, "logout", "--all"], env=self.env(config), stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)

    def default_concurrency(self):
        p = subprocess.run([self.palctl, "directory", "verify-all", "--help"], stdout=subprocess.PIPE, check=True)
        import re
        return int(re.search(rb"default (\d+)\)", p.stdout).group(1))

    # ---- the fleet: palctl directory verify-all, cold and warm ----
    def fleet(self):
        n, latency = 200, 100
        print("fleet: %d directories, %d ms on every request (login and ARM):" % (n, latency), flush=True)
        url = self.start_sandbox("fleet", scenario(n, latency_ms=latency))
        e = self.sign_in(url, "fleet")
        default = self.default_concurrency()
        self.fleet_url = url
        wanted = [int(c) for c in self.concurrencies.split(",")] if self.concurrencies else [1, 8, default, 64]
        for c in sorted(set(wanted)):
            runs = 1 if c == 1 else max(3, self.runs - 2)  # concurrency 1 takes a minute a run
            colds, warms = [], []
            for _ in range(runs):
                self.logout("fleet")
                self.login("fleet")  # "cold": the first run after sign-in, its tokens included
                colds.append(self.run([self.palctl, "directory", "verify-all", "--concurrency", str(c)], e)[0])
                warms.append(self.run([self.palctl, "directory", "verify-all", "--concurrency", str(c)], e)[0])
            tag = " (default)" if c == default else ""
            note = "median of %d" % runs
            self.row("fleet", "palctl verify-all, concurrency %d%s, cold" % (c, tag), median(colds) / 1000, "s",
                     note + ("; target <= 3 s" if c == default else ""))
            self.row("fleet", "palctl verify-all, concurrency %d%s, warm" % (c, tag), median(warms) / 1000, "s",
                     note + ("; target <= 1.5 s" if c == default else ""))

    # ---- the fleet at partner scale: 1,000 and 5,000 directories beside a parallel curl loop ----
    def scale(self):
        latency = 100
        default = self.default_concurrency()
        extra = [int(c) for c in self.concurrencies.split(",")] if self.concurrencies else []
        for n in self.scale_sizes:
            print("fleet at scale: %d directories, %d ms on every request (login and ARM):" % (n, latency),
                  flush=True)
            url = self.start_sandbox("scale%d" % n, scenario(n, latency_ms=latency, app_everywhere=True))
            sandbox = self.sandboxes[-1]
            config = "scale%d" % n
            e = self.sign_in(url, config, cloud="Scale%d" % n)
            runs = max(1, self.runs - 2)
            note = "median of %d" % runs
            lines = self.curl_lines(url, n, default)
            targets = {1000: (6, 4), 5000: (25, 18)}.get(n, (0, 0))
            for c in [default] + sorted(set(extra) - {default}):
                tag = " (default)" if c == default else ""
                colds, warms, curls, cpus, server = [], [], [], [], []
                concurrency = ["--concurrency", str(c)]
                for _ in range(runs):  # interleaved, so load hits palctl and curl alike
                    self.logout(config)
                    self.login(config)
                    colds.append(self.run([self.palctl, "directory", "verify-all"] + concurrency, e)[0])
                    before = self.cpu_of(sandbox)
                    wall, cpu, _ = self.run([self.palctl, "directory", "verify-all"] + concurrency, e)
                    server.append((self.cpu_of(sandbox) - before) * 1000 / wall)
                    warms.append(wall)
                    cpus.append(cpu)
                    curls.append(self.curl_loop(lines, c))
                cold, warm, curl = median(colds) / 1000, median(warms) / 1000, median(curls) / 1000
                what = "%d directories, concurrency %d%s" % (n, c, tag)
                self.row("scale", "palctl verify-all, %s, cold" % what, cold, "s",
                         note + ("; target <= %d s" % targets[0] if tag else ""))
                self.row("scale", "palctl verify-all, %s, warm" % what, warm, "s",
                         note + "; palctl cpu %.1f s" % (median(cpus) / 1000) +
                         ("; target <= %d s" % targets[1] if tag else ""))
                self.row("scale", "pal-sandbox's CPU during the warm run", median(server), "core",
                         "cpu seconds a wall second (2 cores here)")
                self.row("scale", "curl loop, xargs -P %d, %d directories" % (c, n), curl, "s",
                         note + "; tokens fetched before, not counted")
                self.row("scale", "palctl warm / curl loop (target <= 1.3)", warm / curl, "x",
                         "cold / curl loop %.2f x" % (cold / curl))
            if os.path.exists(self.gui_bench) and self.scale_gui:
                results = []
                for _ in range(runs):
                    _, _, out = self.run([self.gui_bench, "fleet", self.cloud_json(url), str(n)], self.env("gui"))
                    results.append(json.loads(out.decode().strip().splitlines()[-1]))
                self.row("scale", "paldesk All directories, %d directories, cold" % n,
                         median([r["coldMs"] for r in results]) / 1000, "s", note)
                self.row("scale", "paldesk All directories, %d directories, warm" % n,
                         median([r["warmMs"] for r in results]) / 1000, "s", note)
                self.row("scale", "paldesk event loop, worst stall, %d directories" % n,
                         max(max(r["coldStallMs"], r["warmStallMs"]) for r in results), "ms",
                         "worst of all runs; target <= 50 ms")

    def curl_lines(self, url, n, concurrency):
        """One line per directory for xargs: its bearer token (client credentials of the app registered
        there, fetched in parallel beforehand) and the URL palctl reads (the current link)."""
        import concurrent.futures

        def token(i):
            form = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": app_in(i),
                                           "client_secret": SP_SECRET, "scope": url + "/.default"}).encode()
            with urllib.request.urlopen(url + "/" + tenant(i) + "/oauth2/v2.0/token", form) as r:
                return json.load(r)["access_token"]

        with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
            tokens = list(pool.map(token, range(n)))
        target = url + "/providers/Microsoft.ManagementPartner/partners/?api-version=2018-02-01"
        path = os.path.join(self.work, "curl%d.txt" % n)
        with open(path, "w") as f:
            for t in tokens:
                f.write('"Authorization: Bearer %s" %s\n' % (t, target))
        return path

    def curl_loop(self, lines, concurrency):
        """What a user would write instead: xargs -P <concurrency>, one curl a directory; wall ms."""
        with open(lines) as f:
            t0 = time.perf_counter_ns()
            subprocess.run(["xargs", "-P", str(concurrency), "-L", "1", "curl", "-s", "-o", "/dev/null", "-H"],
                           stdin=f, check=True)
            return (time.perf_counter_ns() - t0) / 1e6

    @staticmethod
    def cpu_of(proc):
        """CPU seconds (user + system) a running child has used so far, from /proc."""
        with open("/proc/%d/stat" % proc.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def cloud_json(self, url, name="Bench"):
        return json.dumps({"name": name, "loginEndpoint": url, "resourceManagerEndpoint": url,
                           "armScope": url + "/.default"})

    def gui_fleet(self):
        """paldesk's "All directories" on the fleet sandbox: cold and warm, worst event-loop stall."""
        url = getattr(self, "fleet_url", None) or self.start_sandbox("fleet", scenario(200, latency_ms=100))
        self.fleet_url = url
        runs = max(3, self.runs - 2)
        results = []
        for _ in range(runs):
            _, _, out = self.run([self.gui_bench, "fleet", self.cloud_json(url), "200"], self.env("gui"))
            results.append(json.loads(out.decode().strip().splitlines()[-1]))
        s = "fleet"
        note = "median of %d" % runs
        self.row(s, "paldesk All directories, cold", median([r["coldMs"] for r in results]) / 1000, "s",
                 note + "; target <= 3 s")
        self.row(s, "paldesk All directories, warm", median([r["warmMs"] for r in results]) / 1000, "s",
                 note + "; target <= 1.5 s")
        self.row(s, "paldesk event loop, worst stall during a run", max(max(r["coldStallMs"], r["warmStallMs"])
                                                                        for r in results), "ms",
                 "worst of all runs; target <= 50 ms")

    def gui(self):
        print("paldesk with one account in 5,000 directories (pal-sandbox, no latency):", flush=True)
        url = self.start_sandbox("big", scenario(5000, linked_every=3))
        self.big_url = url
        runs = max(3, self.runs - 2)
        results = []
        for _ in range(runs):
            _, _, out = self.run([self.gui_bench, "scale", self.cloud_json(url), "5000"], self.env("gui"))
            results.append(json.loads(out.decode().strip().splitlines()[-1]))
        s = "gui"
        m = lambda key: median([r[key] for r in results])
        self.row(s, "RSS, directory list loaded", m("rssLoadedMiB"), "MiB")
        self.row(s, "RSS, switcher open", m("rssSwitcherOpenMiB"), "MiB")
        self.row(s, "RSS, switcher open after typing a filter", m("rssAfterTypingMiB"), "MiB", "target <= 80 MB")
        self.row(s, "filter keystroke to the repainted list, median", m("keystrokeMedianMs"), "ms",
                 "max %.1f ms; target <= 16 ms" % max(r["keystrokeMaxMs"] for r in results))
        self.row(s, "fleet table of 5,000 rows, scroll frame, median", m("scrollFrameMedianMs"), "ms",
                 "max %.1f ms over %d frames" % (max(r["scrollFrameMaxMs"] for r in results),
                                               results[0]["scrollFrames"]))
        self.row(s, "event loop, worst stall verifying 5,000 directories", max(r["fleetRunStallMs"]
                                                                              for r in results), "ms")

    def first_frame(self, args, env):
        t0 = time.time_ns()
        p = subprocess.run(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=60)
        for line in p.stdout.decode().splitlines():
            if line.startswith("first-frame "):
                return (int(line.split()[1]) - t0) / 1e6
        raise SystemExit("%s printed no first frame" % args[0])

    def start(self):
        """Process start to first frame: paldesk (its account in 5,000 directories restored from the
        keychain) beside a bare Qt Widgets window, interleaved."""
        print("start-up, process start to the first frame (offscreen):", flush=True)
        url = getattr(self, "big_url", None) or self.start_sandbox("big", scenario(5000, linked_every=3))
        e = self.sign_in(url, "start", cloud="Big")
        e["PALDESK_BENCH_FIRST_FRAME"] = "1"
        bare, desk = [], []
        for _ in range(max(self.runs * 2, 10)):
            bare.append(self.first_frame([self.bare_window], e))
            desk.append(self.first_frame([self.paldesk], e))
        s = "gui"
        self.row(s, "bare Qt Widgets window, first frame", median(bare), "ms")
        self.row(s, "paldesk, first frame (account in 5,000 directories)", median(desk), "ms")
        self.row(s, "paldesk / bare window (target <= 3)", median(desk) / median(bare), "x")

    def sdk(self):
        print("the official Python SDK, a plain sequential loop (fleet sandbox, 100 ms):", flush=True)
        url = getattr(self, "fleet_url", None) or self.start_sandbox("fleet", scenario(200, latency_ms=100))
        self.fleet_url = url
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sdk_fleet.py")
        p = subprocess.run(["/usr/bin/python3", script, url, ADMIN] + [tenant(i) for i in range(200)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if p.returncode == 77:
            self.row("sdk", "python3-azure not installed", 0, "", "skipped")
        elif p.returncode != 0:
            self.row("sdk", "python3-azure loop failed", 0, "", p.stderr.decode()[-200:].replace("\n", " "))
        else:
            r = json.loads(p.stdout.decode().strip().splitlines()[-1])
            self.row("sdk", "Python SDK, 200 x partners.get(), sequential", r["loopMs"] / 1000, "s",
                     "%.0f ms a directory, one run" % (r["loopMs"] / 200))
            self.row("sdk", "Python SDK's tokens before that (not counted)", r["tokensMs"] / 1000, "s")
        if shutil.which("az"):
            e = dict(os.environ)
            w, _, _ = self.run(["az", "rest", "--method", "get", "--skip-authorization-header", "--url",
                                url + "/providers/Microsoft.ManagementPartner/operations?api-version=2018-02-01"],
                               e, check=False)
            self.row("sdk", "az rest, one GET (start-up included)", w, "ms")
        else:
            self.row("sdk", "az rest", 0, "", "az is not installed: skipped")

    # ---- partner show beside curl ----
    def show(self):
        print("partner show (pal-sandbox, no latency, token from the keychain):", flush=True)
        url = self.start_sandbox("show", scenario(3))
        e = self.sign_in(url, "show")
        run = self.run([self.palctl, "partner", "show"], e)  # the token is now cached
        # curl: the same URL (the current link) with a bearer token of the same sandbox.
        form = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": SP_CLIENT,
                                       "client_secret": SP_SECRET, "scope": url + "/.default"}).encode()
        with urllib.request.urlopen(url + "/" + tenant(0) + "/oauth2/v2.0/token", form) as r:
            token = json.load(r)["access_token"]
        target = url + "/providers/Microsoft.ManagementPartner/partners/?api-version=2018-02-01"
        curl = ["curl", "-s", "-o", "/dev/null", "-f", "-H", "Authorization: Bearer " + token, target]
        versions, shows, curls = [], [], []
        for _ in range(max(self.runs * 4, 20)):  # interleaved, so load hits all three alike
            versions.append(self.run([self.palctl, "--version"], e))
            shows.append(self.run([self.palctl, "partner", "show"], e))
            curls.append(self.run(curl, e))
        s = "show"
        self.row(s, "palctl --version (process start-up)", median([w for w, _, _ in versions]), "ms",
                 "cpu %.1f ms" % median([c for _, c, _ in versions]))
        show_ms = median([w for w, _, _ in shows])
        curl_ms = median([w for w, _, _ in curls])
        self.row(s, "palctl partner show", show_ms, "ms", "cpu %.1f ms" % median([c for _, c, _ in shows]))
        self.row(s, "curl GET of the same URL, bearer token", curl_ms, "ms",
                 "cpu %.1f ms" % median([c for _, c, _ in curls]))
        self.row(s, "partner show / curl (target <= 2.5)", show_ms / curl_ms, "x")
        if os.environ.get("PAL_BENCH_VERBOSE"):
            ve = dict(e, QT_MESSAGE_PATTERN="%{time process} %{category} %{message}", QT_LOGGING_RULES=os.environ.get("PAL_BENCH_LOG_RULES", ""))
            subprocess.run([self.palctl, "--verbose", "partner", "show"], env=ve, stdout=subprocess.DEVNULL)
        del run


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("build")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="show,fleet,scale,sdk,gui,start")
    # The runs are slow (a cold fleet run at concurrency 1 takes minutes): skip some.
    parser.add_argument("--concurrency", default="", help="fleet concurrencies (default: 1,8,default,64)")
    parser.add_argument("--scale", default="1000,5000", help="directories of the scale rows")
    parser.add_argument("--scale-no-gui", action="store_true", help="scale: palctl and curl only")
    parser.add_argument("--json")
    args = parser.parse_args()
    build = os.path.abspath(args.build)
    if not os.environ.get("PAL_BENCH_SESSION"):
        # A private session bus and an unlocked throwaway keyring, as tests/keychain does.
        here = os.path.abspath(__file__)
        script = ('export HOME=$(mktemp -d) XDG_RUNTIME_DIR=$(mktemp -d) PAL_BENCH_SESSION=1; '
                  'chmod 700 "$XDG_RUNTIME_DIR"; '
                  'eval "$(printf pass | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null; '
                  'eval "$(gnome-keyring-daemon --start --components=secrets)" >/dev/null; '
                  'exec /usr/bin/python3 "$0" "$@"')
        os.execvp("dbus-run-session", ["dbus-run-session", "--", "sh", "-c", script, here] + sys.argv[1:])
    work = tempfile.mkdtemp(prefix="pal-bench-")
    bench = Bench(build, args.runs, work)
    bench.concurrencies = args.concurrency
    bench.scale_sizes = [int(n) for n in args.scale.split(",")]
    bench.scale_gui = not args.scale_no_gui
    only = args.only.split(",")
    try:
        for name in ("show", "fleet", "gui_fleet", "scale", "sdk", "gui", "start"):
            if name == "gui_fleet" and "fleet" in only and os.path.exists(bench.gui_bench):
                bench.gui_fleet()
                continue
            if name in only and hasattr(bench, name):
                getattr(bench, name)()
    finally:
        bench.stop()
        shutil.rmtree(work, ignore_errors=True)
    print("\n%-8s %-62s %10s  %s" % ("", "what", "figure", "note"))
    for section, what, value, unit, note in bench.rows:
        text = ("%.2f" % value if value < 10 else "%.1f" % value) if isinstance(value, float) else str(value)
        print("%-8s %-62s %7s %-4s %s" % (section, what, text, unit, note))
    print("\n%s, %s, %d cores; load average at the end %.1f" % (
        time.strftime("%Y-%m-%d %H:%M"), os.uname().nodename, os.cpu_count(), os.getloadavg()[0]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(bench.rows, f, indent=1)


if __name__ == "__main__":
    main()
