"""Times each tool, interleaved round by round, and prints the README's results table.

Wall time is measured around spawn and exit. Peak RSS comes from separate runs under GNU time
(`/usr/bin/time -f %M`): a child forked straight from this Python process would report the
interpreter's own pages as its peak.
A "pair" is `rotate start` then `rotate cancel`: two processes for the CLI and curl, one script
for each SDK (as a user would write it).

The fleet rows (issue #14) run against a second local Stytch with 1,000 clients and 20 ms of
latency on every answer: `rotate status --all --jobs 16` against `xargs -P16` running one curl
per client (given the ids) and the official Python SDK looping over them (search, then a get
per client), FLEET_ROUNDS interleaved rounds; then 1,000 reads against a third one limited to
100 requests a second.
"""
import argparse
import base64
import datetime
import json
import os
import tempfile
import urllib.request
import statistics
import subprocess
import sys
import time

CLIENT = "m2m-client-test-bench"

PY = """
import os, sys, stytch
c = stytch.Client(project_id=os.environ["STYTCH_PROJECT_ID"], secret=os.environ["STYTCH_SECRET"], environment=sys.argv[2])
if sys.argv[1] == "status":
    c.m2m.clients.get(client_id=%(c)r)
else:
    s = c.m2m.clients.secrets.rotate_start(client_id=%(c)r)
    assert len(s.m2m_client.next_client_secret) == 44
    c.m2m.clients.secrets.rotate_cancel(client_id=%(c)r)
""" % {"c": CLIENT}

JS = """
const stytch = require('stytch');
const c = new stytch.Client({project_id: process.env.STYTCH_PROJECT_ID, secret: process.env.STYTCH_SECRET, env: process.argv[3]});
(async () => {
  if (process.argv[2] === 'status') { await c.m2m.clients.get({client_id: %(c)s}); }
  else {
    const s = await c.m2m.clients.secrets.rotateStart({client_id: %(c)s});
    if (s.m2m_client.next_client_secret.length !== 44) throw new Error('bad secret');
    await c.m2m.clients.secrets.rotateCancel({client_id: %(c)s});
  }
})().catch(e => { console.error(e); process.exit(1); });
""" % {"c": repr(CLIENT)}


PY_FLEET = """
import os, sys, stytch
c = stytch.Client(project_id=os.environ["STYTCH_PROJECT_ID"], secret=os.environ["STYTCH_SECRET"], environment=sys.argv[1])
ids, cursor = [], None
while True:
    page = c.m2m.clients.search(limit=1000, cursor=cursor)
    ids += [m.client_id for m in page.m2m_clients]
    cursor = page.results_metadata.next_cursor
    if not cursor:
        break
for i in ids:
    c.m2m.clients.get(client_id=i)
assert len(ids) == 1000, len(ids)
"""

MEASURE_RSS = False


def run(argv, env=None, cwd=None):
    """One process: (seconds, peak RSS in KiB, or 0 when not measuring RSS)."""
    if MEASURE_RSS:
        p = subprocess.run(["/usr/bin/time", "-f", "%M", *argv], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, env=env, cwd=cwd)
        if p.returncode != 0:
            sys.exit(f"failed: {' '.join(argv)}\n{p.stderr.decode(errors='replace')}")
        return 0.0, int(p.stderr.decode().strip().splitlines()[-1])
    start = time.perf_counter()
    p = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd)
    elapsed = time.perf_counter() - start
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(argv)}\n{p.stderr.decode(errors='replace')}")
    return elapsed, 0


def seq(*runs):
    """Several processes in a row: total time, largest peak RSS."""
    total, peak = 0.0, 0
    for r in runs:
        t, m = r()
        total += t
        peak = max(peak, m)
    return total, peak


def main():
    ap = argparse.ArgumentParser()
    for a in ["cli", "clean-cli", "build-seconds", "http", "https", "ca", "python", "node-dir",
              "fleet", "limited"]:
        ap.add_argument("--" + a, default="")
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--fleet-rounds", type=int, default=3)
    a = ap.parse_args()
    project, secret = os.environ["STYTCH_PROJECT_ID"], os.environ["STYTCH_SECRET"]
    auth = f"{project}:{secret}"
    env = dict(os.environ, STYTCH_BASE_URL=a.http)
    env_tls = dict(os.environ, STYTCH_BASE_URL=a.https, STYTCH_CA_CERT=a.ca)
    js = os.path.join(a.node_dir, "bench.js")
    with open(js, "w") as f:
        f.write(JS)
    py = os.path.join(a.node_dir, "bench.py")
    with open(py, "w") as f:
        f.write(PY)

    def cli(base_env, *args):
        return lambda: run([a.cli, *args], env=base_env)

    def curl(base, *extra, method="GET", path=""):
        # -u puts the secret in curl's argv: acceptable for a benchmark on loopback only.
        return lambda: run(["curl", "-sS", "-f", "-o", "/dev/null", "-u", auth, "-X", method,
                            "-H", "Content-Type: application/json", *(["-d", "{}"] if method == "POST" else []),
                            *extra, f"{base}/v1/m2m/clients/{CLIENT}{path}"])

    cases = {
        ("status", "stytch-m2m"): cli(env, "rotate", "status", "--client-id", CLIENT),
        ("status", "curl"): curl(a.http),
        ("status", "Python SDK"): lambda: run([a.python, py, "status", a.http + "/"]),
        ("status", "Node SDK"): lambda: run(["node", js, "status", a.http + "/"], cwd=a.node_dir),
        ("start + cancel", "stytch-m2m"): lambda: seq(
            cli(env, "rotate", "start", "--client-id", CLIENT),
            cli(env, "rotate", "cancel", "--client-id", CLIENT, "--yes")),
        ("start + cancel", "curl"): lambda: seq(
            curl(a.http, method="POST", path="/secrets/rotate/start"),
            curl(a.http, method="POST", path="/secrets/rotate/cancel")),
        ("start + cancel", "Python SDK"): lambda: run([a.python, py, "pair", a.http + "/"]),
        ("start + cancel", "Node SDK"): lambda: run(["node", js, "pair", a.http + "/"], cwd=a.node_dir),
        ("status over https", "stytch-m2m"): cli(env_tls, "rotate", "status", "--client-id", CLIENT),
        ("status over https", "curl"): curl(a.https, "--cacert", a.ca),
        ("rotation", "rotate run --deploy true"): cli(
            env, "rotate", "run", "--client-id", CLIENT, "--deploy", "true", "--yes"),
        ("rotation", "start + complete"): lambda: start_complete(a, env),
        ("rotation", "rotate run --deploy true --record"): cli(
            env, "rotate", "run", "--client-id", CLIENT, "--deploy", "true", "--yes", "--record"),
    }
    results = {k: [] for k in cases}
    for k, f in cases.items():  # warm-up: page cache, SDK byte-code
        f()
    for _ in range(a.rounds):
        for k, f in cases.items():
            results[k].append(f())

    global MEASURE_RSS
    MEASURE_RSS = True
    rss = {k: max(f()[1] for _ in range(3)) for k, f in cases.items()}
    MEASURE_RSS = False

    help_times = [run([a.cli, "--help"])[0] for _ in range(100)]
    size = os.path.getsize(a.cli)

    def med(k):
        return statistics.median(t for t, _ in results[k]) * 1000, rss[k] / 1024

    print(f"Results of `bash bench/run.sh` on {datetime.date.today()}, {os.cpu_count()} cores, "
          f"{a.rounds} interleaved rounds, median wall time and largest peak RSS:\n")
    print("| operation | tool | median ms | vs curl | peak RSS MiB | vs curl |")
    print("|---|---|---:|---:|---:|---:|")
    for op in ["status", "start + cancel", "status over https"]:
        curl_t, curl_m = med((op, "curl"))
        for tool in ["stytch-m2m", "curl", "Python SDK", "Node SDK"]:
            if (op, tool) not in results:
                continue
            t, m = med((op, tool))
            print(f"| {op} | {tool} | {t:.1f} | {t / curl_t:.2f}x | {m:.1f} | {m / curl_m:.2f}x |")
    print()
    print(f"- `stytch-m2m --help`: median {statistics.median(help_times) * 1000:.2f} ms over 100 runs")
    print(f"- release binary (stripped): {size / 2**20:.2f} MiB")
    if a.build_seconds:
        print(f"- clean release build of stytch-m2m: {a.build_seconds} s on {os.cpu_count()} cores")
    run_ms, pair_ms = med(("rotation", "rotate run --deploy true"))[0], med(("rotation", "start + complete"))[0]
    print(f"- a whole rotation: `rotate run --deploy true` median {run_ms:.1f} ms, `rotate start --secret-file` "
          f"then `rotate complete` {pair_ms:.1f} ms ({run_ms - pair_ms:+.1f} ms, {run_ms / pair_ms:.2f}x)")
    rec_ms = med(("rotation", "rotate run --deploy true --record"))[0]
    print(f"- the record on the client: `rotate run --deploy true --record` median {rec_ms:.1f} ms "
          f"({rec_ms - run_ms:+.1f} ms, {rec_ms / run_ms:.2f}x the same run without it; 16 requests instead of 5)")
    py_ratio = med(("start + cancel", "Python SDK"))[0] / med(("start + cancel", "stytch-m2m"))[0]
    node_ratio = med(("start + cancel", "Node SDK"))[0] / med(("start + cancel", "stytch-m2m"))[0]
    print(f"- start + cancel: the Python SDK script takes {py_ratio:.0f}x as long, the Node SDK script {node_ratio:.0f}x")
    if a.fleet:
        fleet(a, auth, rss[("status", "stytch-m2m")])


def start_complete(a, env):
    """`rotate start --secret-file F` then `rotate complete` (which finds F in the journal)."""
    path = os.path.join(tempfile.gettempdir(), f"bench-next-{os.getpid()}")
    total = seq(lambda: run([a.cli, "rotate", "start", "--client-id", CLIENT, "--secret-file", path], env=env),
                lambda: run([a.cli, "rotate", "complete", "--client-id", CLIENT, "--yes"], env=env))
    os.remove(path)
    return total


def admin(base, auth, path):
    req = urllib.request.Request(base + path)
    req.add_header("Authorization", "Basic " + base64.b64encode(auth.encode()).decode())
    with urllib.request.urlopen(req) as r:
        return json.load(r)


def fleet(a, auth, single_rss_kib):
    """The fleet rows: 1,000 clients, 20 ms latency; then 1,000 reads at 100 requests a second."""
    global MEASURE_RSS
    ids = sorted(c["client_id"] for c in admin(a.fleet, auth, "/_mock/clients")["clients"])
    assert len(ids) == 1000, len(ids)
    ids_file = os.path.join(a.node_dir, "fleet-ids")
    with open(ids_file, "w") as f:
        f.write("\n".join(ids) + "\n")
    py = os.path.join(a.node_dir, "fleet.py")
    with open(py, "w") as f:
        f.write(PY_FLEET)
    env = dict(os.environ, STYTCH_BASE_URL=a.fleet)
    cases = {
        "stytch-m2m --all --jobs 16": lambda: run(
            [a.cli, "rotate", "status", "--all", "--jobs", "16", "--quiet"], env=env),
        "xargs -P16 curl": lambda: run(["sh", "-c", f"xargs -P16 -I{{}} curl -sS -f -o /dev/null -u '{auth}' "
                                        f"'{a.fleet}/v1/m2m/clients/{{}}' < '{ids_file}'"]),
        "Python SDK loop": lambda: run([a.python, py, a.fleet + "/"]),
    }
    cases["stytch-m2m --all --jobs 16"]()
    conc = admin(a.fleet, auth, "/_mock/concurrency")
    times = {k: [] for k in cases}
    for _ in range(a.fleet_rounds):
        for k, f in cases.items():
            times[k].append(f()[0])
    MEASURE_RSS = True
    fleet_rss = max(cases["stytch-m2m --all --jobs 16"]()[1] for _ in range(3))
    MEASURE_RSS = False
    med = {k: statistics.median(v) for k, v in times.items()}
    ours, xargs, sdk = med["stytch-m2m --all --jobs 16"], med["xargs -P16 curl"], med["Python SDK loop"]
    print(f"\nStatus of 1,000 clients (local Stytch answering after 20 ms), {a.fleet_rounds} interleaved rounds, median:\n")
    print("| operation | tool | median s | vs xargs curl |")
    print("|---|---|---:|---:|")
    for k in cases:
        print(f"| status of 1,000 clients | {k} | {med[k]:.2f} | {med[k] / xargs:.2f}x |")
    print()
    print(f"- `rotate status --all --jobs 16`: {sdk / ours:.1f}x faster than the Python SDK loop, "
          f"{xargs / ours:.2f}x the speed of xargs -P16 curl")
    print(f"- at most {conc['max_requests']} requests and {conc['max_connections']} connections open at once")
    print(f"- peak RSS {fleet_rss / 1024:.1f} MiB for 1,000 clients vs {single_rss_kib / 1024:.1f} MiB "
          f"for one `rotate status` ({fleet_rss / single_rss_kib:.2f}x)")
    start = time.perf_counter()
    p = subprocess.run([a.cli, "rotate", "status", "--all", "--jobs", "16"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, env=dict(os.environ, STYTCH_BASE_URL=a.limited))
    took = time.perf_counter() - start
    summary = [l for l in p.stderr.decode().splitlines() if l.startswith("1000 clients:")]
    print(f"- with `--rate-limit 100`: 1,000 status reads in {took:.1f} s ({took / 10:.2f}x the 10 s floor), "
          f"exit {p.returncode}: {summary[0] if summary else p.stderr.decode()[-300:]}")


if __name__ == "__main__":
    main()
