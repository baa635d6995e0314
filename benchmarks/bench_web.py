"""kodo serve under load (a benchmark, not a test: figures are printed, never asserted).

1. Throughput (requests/s) and p50/p99 latency of ``POST /v1/evaluate`` with the bundled
   example applicant, against the same app's trivial ``GET /healthz`` measured in the same
   run, at 1, 8 and 32 concurrent keep-alive clients, with 1 and 2 server workers. The load
   comes from a second process on loopback: ``wrk`` (Debian package ``wrk``) when it is
   installed, else a Python asyncio raw-socket HTTP/1.1 client started as a subprocess.
   Goals: evaluate/trivial throughput >= 0.60, p99 of evaluate at 32 clients < 50 ms.
2. The page's first render, server side: ``GET /`` then ``POST /page/results`` with the
   example's answers, one after the other on one keep-alive connection, in a loop.

The machine running both the server and the load generator is shared: each pair (trivial,
evaluate) is measured alternately, ``--rounds`` times, and the best round of each counts.

Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_web.py [--quick] [--engine python]``.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.web_server: the same running_server as the tests

CLIENTS = (1, 8, 32)
RATIO_GOAL = 0.60
P99_GOAL_MS = 50.0


@dataclass
class Load:
    """One load run: requests/s, latency percentiles (ms) and failed requests."""

    rps: float
    p50: float
    p99: float
    errors: int


def example_body() -> bytes:
    from kodo.input.read import read_document

    text = (resources.files("kodo") / "data" / "example.yaml").read_text(encoding="utf-8")
    return json.dumps(read_document(text), ensure_ascii=False).encode()


# ---- load generators ---------------------------------------------------------------------

LUA = """
wrk.method = "{method}"
{body}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("KODO %d %d %.1f %.1f %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def wrk(url: str, method: str, path: str, body: bytes | None, clients: int, secs: float) -> Load:
    lua_body = ""
    if body is not None:
        lua_body = (
            f'wrk.body = [==[{body.decode()}]==]\nwrk.headers["Content-Type"] = "application/json"'
        )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(LUA.format(method=method, body=lua_body))
    command = [
        "wrk",
        "-t",
        str(min(2, clients)),
        "-c",
        str(clients),
        "-d",
        f"{max(1, round(secs))}s",
    ]
    out = subprocess.run(
        [*command, "--timeout", "10s", "-s", f.name, url + path],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    Path(f.name).unlink()
    line = next(x for x in out.splitlines() if x.startswith("KODO "))
    n, us, p50, p99, errors = line.split()[1:]
    return Load(int(n) / (int(us) / 1e6), float(p50) / 1000, float(p99) / 1000, int(errors))


def python_client(
    url: str, method: str, path: str, body: bytes | None, clients: int, secs: float
) -> Load:
    """The same measurement by this script's asyncio client, in a second process."""
    command = [sys.executable, __file__, "--client", url, method, path, str(clients), str(secs)]
    out = subprocess.run(
        command, input=body or b"", capture_output=True, check=True
    ).stdout.decode()
    rps, p50, p99, errors = json.loads(out)
    return Load(rps, p50, p99, errors)


async def _connection(
    host: str, port: int, request: bytes, deadline: float, latencies: list[float]
) -> int:
    reader, writer = await asyncio.open_connection(host, port)
    errors = 0
    while time.perf_counter() < deadline:
        start = time.perf_counter()
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        await reader.readexactly(length)
        latencies.append(time.perf_counter() - start)
        errors += not head.startswith(b"HTTP/1.1 2")
    writer.close()
    return errors


async def _client(url: str, method: str, path: str, body: bytes, clients: int, secs: float) -> str:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    head = f"{method} {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
    if body:
        head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    request = head.encode() + b"\r\n" + body
    latencies: list[float] = []
    start = time.perf_counter()
    deadline = start + secs
    errors = await asyncio.gather(
        *(_connection(host, port, request, deadline, latencies) for _ in range(clients))
    )
    elapsed = time.perf_counter() - start
    ms = sorted(x * 1000 for x in latencies)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    return json.dumps([len(ms) / elapsed, statistics.median(ms), p99, sum(errors)])


# ---- measurements ------------------------------------------------------------------------


def measure(engine: Any, url: str, clients: int, secs: float, rounds: int) -> tuple[Load, Load]:
    """(trivial, evaluate) at ``clients``: alternated, the best round of each."""
    body = example_body()
    trivial: list[Load] = []
    evaluate: list[Load] = []
    for _ in range(rounds):
        trivial.append(engine(url, "GET", "/healthz", None, clients, secs))
        evaluate.append(engine(url, "POST", "/v1/evaluate", body, clients, secs))
    return max(trivial, key=lambda x: x.rps), max(evaluate, key=lambda x: x.rps)


def form_answers() -> list[tuple[str, str]]:
    """The example applicant as the page's form answers (dotted names, ticked boxes)."""
    from kodo.input.read import read_document

    text = (resources.files("kodo") / "data" / "example.yaml").read_text(encoding="utf-8")
    out: list[tuple[str, str]] = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(f"{prefix}.{k}" if prefix else k, v)
        elif isinstance(value, list) and all(isinstance(v, dict) for v in value):
            for i, v in enumerate(value):
                walk(f"{prefix}.{i}", v)
        elif isinstance(value, list):
            out.extend((prefix, str(v)) for v in value)
        elif value is True:
            out.append((prefix, "true"))
        elif value not in (None, False):
            out.append((prefix, str(value)))

    walk("", read_document(text))
    return out


def page_render(url: str, n: int) -> dict[str, list[float]]:
    """Milliseconds of GET / and POST /page/results, one after the other, ``n`` times."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    form = urlencode(form_answers()).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "en"}
    times: dict[str, list[float]] = {"GET /": [], "POST /page/results": [], "both": []}
    statuses = set()
    for _ in range(n):
        t0 = time.perf_counter()
        conn.request("GET", "/", headers={"Accept-Language": "en"})
        r = conn.getresponse()
        r.read()
        statuses.add(r.status)
        t1 = time.perf_counter()
        conn.request("POST", "/page/results", body=form, headers=headers)
        r = conn.getresponse()
        page = r.read()
        statuses.add(r.status)
        t2 = time.perf_counter()
        times["GET /"].append((t1 - t0) * 1000)
        times["POST /page/results"].append((t2 - t1) * 1000)
        times["both"].append((t2 - t0) * 1000)
    conn.close()
    if statuses != {200} or b"error-summary" in page:
        print(f"  (page answered {sorted(statuses)}; error summary: {b'error-summary' in page})")
    return times


def stages() -> list[tuple[str, float]]:
    """Where an evaluate request's own time goes, in this process (us per call, best of 5
    blocks): the handler's steps over the bundled example (the evaluate rows cumulative)."""
    import orjson

    import kodo
    from kodo.input.read import parse_applicant, read_document

    text = example_body().decode()
    app = parse_applicant(read_document(text), checked=True)

    def best(fn: Any, n: int = 200) -> float:
        for _ in range(20):
            fn()
        times = []
        for _ in range(5):
            t = time.perf_counter()
            for _ in range(n):
                fn()
            times.append((time.perf_counter() - t) / n * 1e6)
        return min(times)

    return [
        ("read_document (JSON, depth and size checks)", best(lambda: read_document(text))),
        (
            "read_document + parse_applicant (the model)",
            best(lambda: parse_applicant(read_document(text), checked=True)),
        ),
        ("kodo.evaluate (scores; texts lazy)", best(lambda: kodo.evaluate(app))),
        ("evaluate + .data (every text rendered)", best(lambda: kodo.evaluate(app).data)),
        ("evaluate + .data + orjson.dumps", best(lambda: orjson.dumps(kodo.evaluate(app).data))),
    ]


def pct(xs: list[float], q: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, int(len(s) * q))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter runs (a smoke test)")
    parser.add_argument("--engine", choices=("wrk", "python"), default=None)
    parser.add_argument("--seconds", type=float, default=None, help="length of one load run")
    parser.add_argument("--rounds", type=int, default=None)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    secs = args.seconds or (2.0 if args.quick else 5.0)
    rounds = args.rounds or (1 if args.quick else 2)
    name = args.engine or ("wrk" if shutil.which("wrk") else "python")
    engine = wrk if name == "wrk" else python_client

    from tests.web_server import running_server

    print(f"kodo serve under load from {name} on loopback ({secs:g} s runs, best of {rounds})")
    head = f"{'workers':>7} {'clients':>7} | {'healthz/s':>9} {'p50':>6} {'p99':>6} |"
    print(f"{head} {'evaluate/s':>10} {'p50':>6} {'p99':>6} | {'ratio':>5}  errors")
    summary = []
    page: dict[str, list[float]] = {}
    for workers in args.workers:
        with running_server(workers=workers) as url:
            engine(url, "POST", "/v1/evaluate", example_body(), 8, 1.0)  # warm every worker
            for clients in CLIENTS:
                t, e = measure(engine, url, clients, secs, rounds)
                ratio = e.rps / t.rps
                print(
                    f"{workers:>7} {clients:>7} | {t.rps:>9.0f} {t.p50:>6.2f} {t.p99:>6.2f} | "
                    f"{e.rps:>10.0f} {e.p50:>6.2f} {e.p99:>6.2f} | {ratio:>5.2f}  "
                    f"{t.errors}/{e.errors}"
                )
                if clients == CLIENTS[-1]:
                    summary.append((workers, ratio, e.p99))
            if workers == args.workers[0]:
                page = page_render(url, 30 if args.quick else 200)
    print("(latencies in ms; ratio = evaluate/s ÷ healthz/s; errors = non-2xx or failed)")
    for workers, ratio, p99 in summary:
        print(
            f"{workers} worker(s), {CLIENTS[-1]} clients: ratio {ratio:.2f} "
            f"(goal >= {RATIO_GOAL:.2f}: {'met' if ratio >= RATIO_GOAL else 'NOT met'}), "
            f"evaluate p99 {p99:.1f} ms "
            f"(goal < {P99_GOAL_MS:g} ms: {'met' if p99 < P99_GOAL_MS else 'NOT met'})"
        )
    print("\nAn evaluate request's own work, in-process (us per request):")
    for step, us in stages():
        print(f"  {us:8.0f}  {step}")
    print(f"\nThe page's first render, one client, {len(page['both'])} times (ms):")
    for step, xs in page.items():
        print(f"  {step:<20} p50 {statistics.median(xs):6.2f}   p99 {pct(xs, 0.99):6.2f}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--client":  # the load generator's process
        url, method, path, clients, secs = sys.argv[2:7]
        body = sys.stdin.buffer.read()
        print(asyncio.run(_client(url, method, path, body, int(clients), float(secs))))
    else:
        main()
