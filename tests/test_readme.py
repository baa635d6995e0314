"""The outputs the README shows are the program's real outputs (80 columns, no colour).

A sample is a ```text block right after a line ``<!-- sample: kodo ARGS -->``. After a change
that alters one, rewrite them all with ``.venv/bin/python -m tests.test_readme``.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
KODO = Path(sys.executable).parent / "kodo"
SAMPLE = re.compile(r"<!-- sample: kodo (?P<args>[^>]*?) -->\n```text\n(?P<body>.*?)```\n", re.S)


def output(args: str) -> str:
    env = {**os.environ, "COLUMNS": "80"}
    run = subprocess.run(
        [str(KODO), *shlex.split(args)], capture_output=True, text=True, env=env, cwd=ROOT
    )
    return run.stdout + run.stderr


def samples() -> list[tuple[str, str]]:
    return [(m["args"], m["body"]) for m in SAMPLE.finditer(README.read_text("utf-8"))]


def test_the_readme_has_samples() -> None:
    assert len(samples()) >= 2


@pytest.mark.parametrize("args,shown", samples(), ids=[a for a, _ in samples()])
def test_each_readme_sample_is_the_real_output(args: str, shown: str) -> None:
    assert output(args) == shown, "README sample out of date: python -m tests.test_readme"


def write() -> None:
    text = README.read_text("utf-8")

    def fresh(m: re.Match[str]) -> str:
        return f"<!-- sample: kodo {m['args']} -->\n```text\n{output(m['args'])}```\n"

    README.write_text(SAMPLE.sub(fresh, text), "utf-8")


if __name__ == "__main__":
    write()
