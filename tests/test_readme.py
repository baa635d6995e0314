"""Every output the README shows is the program's real output (an 80-column terminal, no
colour), and the README links only to files that are in the repository.

Every ```text block of the README is a terminal session: lines ``$ COMMAND`` (run by bash in
the repository, with the venv's ``kodo`` first on PATH), each followed by what it prints
(stdout and stderr, as a terminal shows them). After a change that alters one, rewrite them all with
``.venv/bin/python -m tests.test_readme``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BIN = Path(sys.executable).parent
BLOCK = re.compile(r"```text\n(?P<body>.*?)```\n", re.S)
LINK = re.compile(r"\]\((?P<target>[^)#\s]+)(?:#[^)]*)?\)")


def output(command: str) -> str:
    env = {**os.environ, "COLUMNS": "80", "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    env.pop("KODO_DEBUG", None)
    run = subprocess.run(
        ["bash", "-c", f"( {command} ) 2>&1"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    return run.stdout + run.stderr


def session(body: str) -> list[tuple[str, str]]:
    """A block as (command, output shown) pairs."""
    pairs: list[tuple[str, str]] = []
    for line in body.splitlines(keepends=True):
        if line.startswith("$ "):
            pairs.append((line[2:].rstrip("\n"), ""))
        else:
            assert pairs, f"README text block without a command: {body[:60]!r}"
            command, shown = pairs[-1]
            pairs[-1] = (command, shown + line)
    return pairs


def samples() -> list[tuple[str, str]]:
    text = README.read_text("utf-8")
    return [pair for m in BLOCK.finditer(text) for pair in session(m["body"])]


def test_the_readme_shows_real_sessions() -> None:
    commands = [c for c, _ in samples()]
    assert len(commands) >= 5
    assert "kodo evaluate examples/applicant.yaml --category b" in commands  # `make run`, ロ


@pytest.mark.parametrize("command,shown", samples(), ids=[c for c, _ in samples()])
def test_each_readme_output_is_the_real_output(command: str, shown: str) -> None:
    assert output(command) == shown, "README output out of date: python -m tests.test_readme"


def test_the_readme_links_only_to_files_in_the_repository() -> None:
    text = README.read_text("utf-8")
    assert "../" not in text, "a path outside the repository"
    for m in LINK.finditer(text):
        target = m["target"]
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        assert (ROOT / target).exists(), f"README links to a missing file: {target}"


def write() -> None:
    text = README.read_text("utf-8")

    def fresh(m: re.Match[str]) -> str:
        body = "".join(f"$ {c}\n{output(c)}" for c, _ in session(m["body"]))
        return f"```text\n{body}```\n"

    README.write_text(BLOCK.sub(fresh, text), "utf-8")


if __name__ == "__main__":
    write()
