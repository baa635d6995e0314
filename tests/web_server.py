"""A real ``kodo serve`` on a free loopback port, for the API and page tests (and the web
benchmark): started as a subprocess, waited for on /healthz, stopped at the end."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

KODO = str(Path(sys.executable).with_name("kodo"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def running_server(workers: int = 1, log: Path | None = None) -> Iterator[str]:
    """Start ``kodo serve`` on loopback; yield its base URL; stop it. Its log (stdout and
    stderr) goes to ``log`` when given, so a test can read what the server wrote."""
    port = free_port()
    out = open(log, "wb") if log else subprocess.DEVNULL
    proc = subprocess.Popen(
        [KODO, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        stdout=out,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError(f"kodo serve exited with {proc.returncode}") from None
                if time.monotonic() > deadline:
                    raise RuntimeError("kodo serve did not answer within 30 s") from None
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log:
            out.close()  # type: ignore[union-attr]
