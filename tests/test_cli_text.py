"""The text the CLI prints, read as a person reads it in a terminal of 50, 80 and 120 columns,
in English, Japanese and Chinese: every command has a heading, its date and its sections;
no line is wider than the terminal (an address, kept whole to copy, may be); no bullet stands
alone; Japanese breaks between phrases, never inside a word; the summary follows the verdict;
a person who is not eligible is pointed to the next step; exit statuses mean what --help says.

Run in-process (``kodo.shells.cli.main``), not as subprocesses, for speed.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from kodo.i18n import Message, catalogue, render
from kodo.options import Options
from kodo.shells.cli import main
from kodo.shells.wrap import NO_START, wrap

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
HISTORY = str(EXAMPLES / "history.yaml")
APPLICANT = str(EXAMPLES / "applicant.yaml")


def kodo(monkeypatch: pytest.MonkeyPatch, *args: str, width: int = 80) -> tuple[int, str, str]:
    """Exit status, stdout and stderr of ``kodo ARGS`` in a terminal ``width`` columns wide."""
    monkeypatch.setenv("COLUMNS", str(width))
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def say(code: str, lang: str, **params: object) -> str:
    return render(Message.of(code, **params), lang)  # type: ignore[arg-type]


COMMANDS = {
    "evaluate": (("evaluate", APPLICANT), "cli.title", "cli.date"),
    "pr": (("pr", HISTORY), "cli.titles.pr", "cli.date"),
    "hsp2": (("hsp2", HISTORY), "cli.titles.hsp2", "cli.date"),
    "forecast": (("forecast", HISTORY), "cli.titles.forecast", "cli.span"),
    "advice": (("advice", HISTORY), "cli.titles.advice", "cli.date"),
    "rules": (("rules", "--date", "2024-01-01"), "cli.titles.rules", None),
    "diff": (("rules", "diff", "2017-04-25", "2017-04-26"), "cli.titles.diff", None),
}
BARE = re.compile(r"^\s*[•✔✘\-*]\s*$")


def check_lines(text: str, width: int) -> None:
    for line in text.splitlines():
        assert cell_len(line) <= width or line.strip().startswith("http"), line
        assert not BARE.match(line), f"a bullet alone on its line: {line!r}"


LANG_WIDTHS = [("en", 50), ("en", 80), ("en", 120), ("ja", 50), ("ja", 80), ("ja", 120),
               ("zh", 80)]  # fmt: skip


@pytest.mark.parametrize("lang,width", LANG_WIDTHS)
@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_has_a_heading_its_date_and_fits_the_width(
    monkeypatch: pytest.MonkeyPatch, command: str, lang: str, width: int
) -> None:
    args, title, date_label = COMMANDS[command]
    code, out, err = kodo(monkeypatch, *args, "--lang", lang, width=width)
    assert code == 0 and not err, err
    lines = out.splitlines()
    assert lines[0] == say(title, lang)
    if date_label is not None:  # the date (or period) line follows the heading
        assert lines[1].startswith(say(date_label, lang))
    if command in ("evaluate", "pr", "hsp2", "forecast", "advice"):  # then the category
        assert lines[2].startswith(say("cli.category_line", lang, category="").strip())
    check_lines(out, width)
    assert "Traceback" not in out and "None" not in out
    # A figure keeps its unit: never "85 (b)点" or "85（1号ロ）点", a label between them.
    assert not re.search(r"\d\s*[(（][^)）]*[)）]\s*[点分]", out)
    assert not re.search(r"\b1 years\b|year\(s\)|\d\.\d{3,} years", out)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_evaluate_has_category_rules_sections_and_points_with_units(
    monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    _, out, _ = kodo(monkeypatch, "evaluate", APPLICANT, "--category", "b", "--lang", lang)
    head = out.splitlines()[:4]
    category = say("category.b.name", lang)
    assert head[2] == say("cli.category_line", lang, category=category)
    assert head[3].startswith(say("cli.rules", lang))
    for section in ("cli.jskip", "cli.warnings"):
        assert say(section, lang) in out.splitlines()
    assert not re.search(r"\d+ \([abc]\)点", out)  # a label never comes between number and unit


@pytest.mark.parametrize("width", [50, 59])
def test_a_narrow_terminal_gets_one_block_per_item(
    monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    _, out, _ = kodo(monkeypatch, "evaluate", APPLICANT, width=width)
    assert not set("┃│┏━") & set(out), "no table on a narrow terminal"
    assert say("cli.item_points", "en", item="Age", points=15) in out
    check_lines(out, width)


# ---------------------------------------------------------------- wrapping by words/phrases

KANJI_WORDS = ["申請人", "在留資格", "高度専門職", "永住許可", "基準日", "中小企業者", "年収"]
KATAKANA_WORDS = ["イノベーション", "ポイント", "リーフレット"]
KANA = ["を", "に", "が", "で", "の", "は", "している", "できます", "ため"]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(KANJI_WORDS + KATAKANA_WORDS), st.sampled_from(KANA)),
        min_size=1,
        max_size=12,
    ),
    st.integers(min_value=14, max_value=80),
    st.sampled_from(["", "、", "。", "（注）"]),
)
def test_japanese_breaks_between_phrases_never_inside_a_word(
    phrases: list[tuple[str, str]], width: int, end: str
) -> None:
    text = "".join(w + k for w, k in phrases) + end
    lines = wrap(text, width, "ja")
    assert "".join(lines) == text
    assert all(cell_len(line) <= width for line in lines)
    assert all(line[0] not in NO_START for line in lines[1:])
    # Every break falls between phrases (word + kana), or, in a phrase longer than a line,
    # between its word and its kana: never inside a word, never inside a phrase that fits.
    phrase_ends, word_ends, at = set(), set(), 0
    for w, k in phrases:
        word_ends.add(at + len(w))
        at += len(w) + len(k)
        phrase_ends.add(at)
    if end[:1] in NO_START:  # closing punctuation belongs to the last phrase
        phrase_ends.discard(at)
    phrase_ends.add(len(text))
    breaks, at = [], 0
    for line in lines[:-1]:
        at += len(line)
        breaks.append(at)
    starts = [0, *sorted(phrase_ends)]
    for b in breaks:
        if b in phrase_ends:
            continue
        phrase_start = max(x for x in starts if x < b)
        phrase_end = min(x for x in phrase_ends if x >= b)
        assert cell_len(text[phrase_start:phrase_end]) > width, (lines, b)
        assert b in word_ends, (lines, b)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(["check", "with", "a", "行政書士", "みなし高度人材", "(素行善良)"]),
        min_size=1,
        max_size=20,
    ),
    st.integers(min_value=16, max_value=80),
)
def test_a_japanese_term_in_english_text_stays_whole(words: list[str], width: int) -> None:
    lines = wrap(" ".join(words), width, "en")
    assert [w for line in lines for w in line.split()] == words


# ---------------------------------------------------------------- verdict, summary, next step


def _file(tmp_path: Path, **facts: object) -> str:
    base: dict[str, object] = {"date": "2026-11-21", "birth_date": "1998-06-01", "category": "b"}
    base.update(facts)
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(base))
    return str(path)


FLOOR_HIGH = {  # 80+ points, but the salary is below the ロ floor
    "degrees": [{"level": "doctorate", "japan": True, "designated": True}],
    "experience": {"professional": 10}, "annual_salary": 2_500_000,
    "japanese": {"jlpt": "N1"},
}  # fmt: skip
CASES = {
    "floor_high": FLOOR_HIGH,
    "floor_low": {"degrees": [{"level": "bachelor"}], "annual_salary": 2_000_000},
    "short": {"degrees": [{"level": "bachelor"}], "annual_salary": 4_000_000},
    "eligible": {**FLOOR_HIGH, "annual_salary": 8_000_000},
    "missing": {"degrees": [{"level": "master"}]},
}


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("case", list(CASES))
def test_the_summary_follows_the_verdict_and_the_ineligible_get_a_next_step(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, case: str, lang: str
) -> None:
    import kodo as api

    path = _file(tmp_path, **CASES[case])
    cat = api.evaluate(path, lang=lang).categories["b"]
    code, out, _ = kodo(monkeypatch, "evaluate", path, "--lang", lang, "--check", width=1000)
    assert cat.verdict_text in out
    if cat.verdict != "short":  # the line that says "both marks reached" never follows a no
        assert cat.shortfall not in out
    step = say("cli.next_step", lang, file=path)
    assert (step in out) == (not cat.eligible)
    assert code == (0 if cat.eligible else 1)  # --check


def test_details_show_every_awarded_items_documents_citations_and_sources(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import kodo as api

    result = api.evaluate(APPLICANT)
    _, plain, _ = kodo(monkeypatch, "evaluate", APPLICANT, width=200)
    _, out, _ = kodo(monkeypatch, "evaluate", APPLICANT, "--details", width=200)
    _, md, _ = kodo(monkeypatch, "evaluate", APPLICANT, "--details", "-f", "markdown")
    assert say("cli.details_hint", "en") in plain
    for cat in result.categories.values():
        for item in cat.items:
            for doc in item.evidence:
                assert doc in out and doc in md
            for ref in item.citation:
                assert f"[{ref.source}]" in out and result.sources[ref.source].url in out
                assert result.sources[ref.source].url in md


# ---------------------------------------------------------------- rules as a person reads them


@pytest.mark.parametrize("lang", ["en", "ja", "zh"])
def test_rules_text_has_no_python_reprs_and_names_categories(
    monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    _, out, _ = kodo(monkeypatch, "rules", "--date", "2024-01-01", "--lang", lang, width=120)
    _, diff, _ = kodo(monkeypatch, "rules", "diff", "2017-04-25", "2017-04-26", "--lang", lang)
    for text in (out, diff):
        body = "\n".join(x for x in text.splitlines() if not x.strip().startswith("http"))
        assert not re.search(r"\bNone\b|\bTrue\b|\bFalse\b|\bnull\b|\[\"|\{'|\['", body)
        assert not re.search(r"(?<![\d,])\d{5,}(?![\d,])", body), "an amount without ¥/円"
    assert say("category.a.short", lang) in out and say("category.c.short", lang) in out
    assert say("cli.value", lang, value=_yen(3_000_000)) in out
    assert say("cli.band.from", lang, low=say("cli.value", lang, value=_yen(10_000_000))) in out


def _yen(n: int) -> object:
    from kodo.i18n import Yen

    return Yen(n)


# ---------------------------------------------------------------- help, version, completion


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("command", ["evaluate", "pr", "forecast"])
def test_help_lists_the_options_and_exit_statuses_in_the_language(
    monkeypatch: pytest.MonkeyPatch, command: str, lang: str
) -> None:
    code, out, _ = kodo(monkeypatch, command, "-h", "--lang", lang, width=100)
    assert code == 0
    assert "<bool>" not in out and "<list" not in out
    for name in Options.model_fields:
        assert f"{name}:" in out
    head = say("help.exit_codes", lang, ok=0, not_eligible=1, bad=2)
    assert " ".join(head.split())[:20] in " ".join(out.split())
    if lang == "ja":
        assert say("help.help", "ja") in out


@pytest.mark.parametrize("lang", ["en", "ja", "zh"])
@pytest.mark.parametrize("command", [[], ["evaluate"], ["serve"], ["rules", "diff"], ["pr"]])
def test_help_fits_an_80_column_terminal_in_every_language(
    monkeypatch: pytest.MonkeyPatch, command: list[str], lang: str
) -> None:
    """argparse counts characters; a CJK character takes two cells (issue 8 left this)."""
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = kodo(monkeypatch, *command, "-h", "--lang", lang, width=80)
    assert code == 0
    from rich.cells import cell_len

    wide = [line for line in out.splitlines() if cell_len(line) > 80]
    assert not wide, wide


def test_version_and_short_help(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = kodo(monkeypatch, "--version")
    assert code == 0 and re.fullmatch(r"kodo \S+\n", out)
    code, out, _ = kodo(monkeypatch, "-h")
    assert code == 0 and "completion" in out


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_completion_scripts_complete_commands_and_values(
    monkeypatch: pytest.MonkeyPatch, shell: str
) -> None:
    code, script, _ = kodo(monkeypatch, "completion", shell)
    assert code == 0 and "evaluate" in script and "--lang" in script
    if shutil.which("bash") is None or shell == "zsh":
        return
    probe = (
        script
        + 'COMP_WORDS=(kodo ev); COMP_CWORD=1; _kodo; echo "${COMPREPLY[*]}"\n'
        + "COMP_WORDS=(kodo pr x --lang ''); COMP_CWORD=4; _kodo; echo \"${COMPREPLY[*]}\"\n"
    )
    done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, timeout=20)
    assert done.stdout.splitlines() == ["evaluate", " ".join(catalogue_langs())]


def catalogue_langs() -> list[str]:
    from kodo.i18n import languages

    return list(languages())


# ---------------------------------------------------------------- exit statuses


@pytest.mark.parametrize(
    "args",
    [
        ("evaluate", APPLICANT, "--date", "9999-12-31"),
        ("pr", HISTORY, "--on", "9999-12-31"),
        ("rules", "--date", "9999-12-31"),
        ("rules", "diff", "2020-01-01", "9999-12-31"),
        ("forecast", HISTORY, "--on", "2025-02-30"),
        ("completion", "fish"),
    ],
)
def test_bad_dates_and_values_exit_2_naming_the_field(
    monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    code, out, err = kodo(monkeypatch, *args)
    assert code == 2 and not out and "Traceback" not in err
    assert err.strip()


def test_pr_check_exit_status_says_whether_a_route_is_open(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert kodo(monkeypatch, "pr", HISTORY, "--check")[0] == 0  # open on the file's date
    assert kodo(monkeypatch, "pr", HISTORY, "--check", "--on", "2020-01-01")[0] == 1
    assert kodo(monkeypatch, "hsp2", HISTORY, "--check")[0] == 1  # possible only from 2026


def test_an_internal_error_is_reported_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import kodo.features.evaluate as feature

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError

    monkeypatch.setattr(feature, "evaluate", broken)
    monkeypatch.delenv("KODO_DEBUG", raising=False)
    code, _out, err = kodo(monkeypatch, "evaluate", APPLICANT, "--lang", "ja")
    assert code == 3 and "Traceback" not in err
    assert err.strip() == say(
        "cli.internal_error", "ja", kind="ZeroDivisionError", variable="KODO_DEBUG"
    )
    assert "cli.internal_error" in catalogue("zh").templates


@pytest.mark.parametrize("lang", ["ja", "zh"])
def test_argparse_speaks_the_language_and_is_restored(
    monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    import argparse

    code, out, _ = kodo(monkeypatch, "pr", "-h", "--lang", lang)
    assert code == 0 and out.startswith(say("help.argparse.usage", lang))
    assert say("help.argparse.options", lang) in out
    code, _, err = kodo(monkeypatch, "evaluate", "--lang", lang)
    assert code == 2 and say("help.argparse.required", lang).replace("%s", "file") in err
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", ["pr", "hsp2"])
@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_pr_and_hsp2_details_cite_each_route_and_give_whole_addresses(
    monkeypatch: pytest.MonkeyPatch, command: str, fmt: str
) -> None:
    import kodo as api

    result = api.permanent_residence(HISTORY) if command == "pr" else api.hsp2(HISTORY)
    _, out, _ = kodo(monkeypatch, command, HISTORY, "--details", "-f", fmt, width=80)
    for route in result.routes:
        for ref in route.citation:
            assert f"[{ref.source}]" in out
            assert result.sources[ref.source].url in out  # whole, on one line
    _, plain, _ = kodo(monkeypatch, command, HISTORY, width=80)
    assert say("cli.sources", "en") not in plain.splitlines()
    if command == "pr":  # each judged day's points per item
        _, wide, _ = kodo(monkeypatch, command, HISTORY, "--details", width=1000)
        for route in result.routes:
            for judged in (route.now, route.then):
                if judged is not None and judged.items:
                    item, points = next(iter(judged.items.items()))
                    name = say(f"item.{item}.label", "en")
                    assert say("cli.item_points", "en", item=name, points=points) in wide


def test_a_j_skip_applicant_qualifies_whatever_the_points(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    example = str(Path(__file__).resolve().parents[1] / "examples" / "j-skip.json")
    code, out, _ = kodo(monkeypatch, "evaluate", example, "--check", width=120)
    assert code == 0  # J-Skip criteria met: HSP(i) as J-Skip, whatever the 60 points
    assert say("cli.next_step", "en", file=example) not in out


@pytest.mark.parametrize(
    ("args", "option"),
    [(["forecast", "--years", "100"], "--years"), (["evaluate", "--lang", "xx"], "--lang")],
)
def test_an_option_error_names_the_option_as_typed(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    option: str,
) -> None:
    example = str(Path(__file__).resolve().parents[1] / "examples" / "history.yaml")
    code, _, err = kodo(monkeypatch, *args, example, width=120)
    assert code == 2 and f"- {option}:" in err
