"""`make bench`: the project's benchmarks, each with its reference run in the same invocation.

Figures are reported as ratios to the references, never as absolute targets in a test.
Usage: python3 bench/run.py [csv ...]   (no argument: every benchmark)
"""
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "bench", "data")
RELEASE = os.path.join(ROOT, ".build", "release")


def measure(argv, ok_codes=(0,), repeat=3):
    """Best wall time (s) over `repeat` runs, and the largest peak RSS (MB) seen, of one process.

    Peak RSS comes from GNU time (`%M`), which forks from a small process: wait4's own figure would
    include the pages of this Python process that the child had before it exec'd.
    """
    best, peak = None, 0.0
    rss_file = os.path.join(DATA, "rss.txt")
    for _ in range(repeat):
        start = time.perf_counter()
        process = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file, *argv],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if process.returncode not in ok_codes:
            sys.exit(f"{argv[0]} exited {process.returncode}: {process.stderr.decode()[-2000:]}")
        best = elapsed if best is None else min(best, elapsed)
        with open(rss_file) as handle:
            peak = max(peak, int(handle.read().split()[-1]) / 1024)
    return best, peak


def ensure_contacts(rows):
    path = os.path.join(DATA, f"contacts-{rows}.csv")
    if not os.path.exists(path):
        os.makedirs(DATA, exist_ok=True)
        subprocess.check_call([sys.executable, os.path.join(ROOT, "bench", "gen_contacts.py"), path, str(rows)])
    return path


def bench_csv():
    """Issue 2: `check` vs raw libcsv (ceiling) and Python's DictReader; peak RSS at 1M vs 100k rows."""
    big, small = ensure_contacts(1_000_000), ensure_contacts(100_000)
    counter = os.path.join(DATA, "csvcount")
    subprocess.check_call(["cc", "-O2", "-o", counter, os.path.join(ROOT, "bench", "csvcount.c"), "-lcsv"])
    check = os.path.join(RELEASE, "loyalty-batch")
    report = os.path.join(DATA, "check.report.csv")
    rows = 1_000_000
    size_mb = os.path.getsize(big) / 1e6

    libcsv_s, libcsv_rss = measure([counter, big])
    python_s, python_rss = measure([sys.executable, os.path.join(ROOT, "bench", "dictreader.py"), big])
    check_s, check_rss = measure([check, "check", big, "--report", report, "--quiet"])
    _, check_small_rss = measure([check, "check", small, "--report", report, "--quiet"])

    print(f"\n## CSV reading: {rows:,} rows x 7 columns, {size_mb:.0f} MB")
    print(f"{'program':<34}{'seconds':>9}{'rows/s':>12}{'peak RSS MB':>13}")
    for name, seconds, rss in [("raw libcsv, C (ceiling)", libcsv_s, libcsv_rss),
                               ("Python csv.DictReader", python_s, python_rss),
                               ("loyalty-batch check (release)", check_s, check_rss)]:
        print(f"{name:<34}{seconds:>9.2f}{rows / seconds:>12,.0f}{rss:>13.1f}")
    print(f"check / raw libcsv rows/s:  {libcsv_s / check_s:.2f}   (target >= 0.50)")
    print(f"check / DictReader rows/s:  {python_s / check_s:.2f}   (target >= 3)")
    print(f"check peak RSS 1M / 100k:   {check_rss:.1f} / {check_small_rss:.1f} MB = {check_rss / check_small_rss:.2f}"
          f"   (target < 64 MB and within 1.2)")


class Sandbox:
    """The release sandbox started on a free port, for the length of a `with` block."""

    def __init__(self, *flags):
        self.argv = [os.path.join(RELEASE, "loyalty-sandbox"), "--port", "0", *flags]

    def __enter__(self):
        self.process = subprocess.Popen(self.argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"listening on (http://\S+)", line)
        if not match:
            sys.exit(f"sandbox did not start: {line!r}")
        self.url = match.group(1)
        return self

    def __exit__(self, *_):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            print("note: the sandbox did not stop within 10 s of SIGTERM; killed", file=sys.stderr)
            self.process.kill()
            self.process.wait()

    def get(self, path):
        request = urllib.request.Request(self.url + path, headers={"Authorization": "Bearer sandbox-token"})
        with urllib.request.urlopen(request) as answer:
            return json.load(answer)


def wrk(url, script, env=None, seconds=10):
    """Requests/s and non-2xx answers of `wrk -t2 -c64` for `seconds` against `url`."""
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk (make bench installs it)")
    output = subprocess.run(["wrk", "-t2", "-c64", f"-d{seconds}s", "-s", os.path.join(ROOT, "bench", script), url],
                            capture_output=True, text=True, env={**os.environ, **(env or {})}, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rate, int(errors.group(1)) if errors else 0


def bench_sandbox():
    """Issue 3: the sandbox's own ceiling, wrk -t2 -c64 -d10s on its two busiest endpoints (release build)."""
    with Sandbox() as sandbox:
        find_rate, find_errors = wrk(sandbox.url, "wrk-find-or-create.lua")
        uuid = sandbox.get("/api/v3/oauth/clients/contacts/find-or-create/async?email=bench%40example.com")["data"]["uuid"]
        put_rate, put_errors = wrk(sandbox.url, "wrk-put-contact.lua", {"CONTACT_UUID": uuid})
    print("\n## Sandbox (release), wrk -t2 -c64 -d10s on this machine")
    print(f"GET find-or-create/async (a new contact each): {find_rate:>10,.0f} req/s  non-2xx: {find_errors}   (target >= 15,000)")
    print(f"PUT contacts/{{uuid}} (two attributes):          {put_rate:>10,.0f} req/s  non-2xx: {put_errors}")


BENCHMARKS = {"csv": bench_csv, "sandbox": bench_sandbox}

if __name__ == "__main__":
    chosen = sys.argv[1:] or list(BENCHMARKS)
    for name in chosen:
        BENCHMARKS[name]()
