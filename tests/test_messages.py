"""Messages as data: every sentence in every language, figures from the rule data, a new
language is one catalogue file, and input errors speak the user's language."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

import kodo
from kodo.engine.status import STATUS_NAMES
from kodo.explanation.items import template_code
from kodo.i18n import (
    CatalogueError,
    Message,
    Num,
    Yen,
    catalogue,
    catalogue_dir,
    check,
    languages,
    placeholders,
    render,
)
from kodo.items import ITEMS
from kodo.rules.values import Bonus
from tests.conftest import person
from tests.test_cli import KODO

CATALOGUES = Path(kodo.__file__).parent / "i18n" / "catalogues"


def test_the_three_languages_are_built_in() -> None:
    assert languages()[:3] == ("en", "ja", "zh")


def test_every_code_has_a_message_in_every_language_with_the_same_parameters() -> None:
    check()  # raises naming the code and language
    en = catalogue("en").templates
    for lang in languages():
        got = catalogue(lang).templates
        assert set(got) == set(en), lang
        for code, template in en.items():
            assert placeholders(got[code]) == placeholders(template), (lang, code)


def test_every_reason_the_engine_can_give_has_a_message(book: object) -> None:
    codes = {f"{i.id}.{s}" for i in ITEMS for s in STATUS_NAMES}
    codes |= {"education.awarded.business", "education.awarded.addon"}
    codes |= {"rnd_ratio_sme.awarded.ratio", "rnd_ratio_sme.below_band.ratio"}
    codes |= {"top_university.awarded.each"}
    for rule in book.rules.values():  # type: ignore[attr-defined]
        for version in rule.versions:
            if isinstance(version.value, Bonus):
                codes |= {f"{rule.id}.excluded.{e.item}" for e in version.value.excluded_by}
    for code in codes:
        resolved = template_code(code)
        for lang in languages():
            assert catalogue(lang).template(resolved)


# Tokens that hold digits but are names, not figures: JLPT levels, 1号/2号, UTF-8.
_NAMES = re.compile(r"N[1-5]|[12]号|UTF-8|HSP\(ii\)")


def test_no_figure_is_typed_into_a_catalogue() -> None:
    """Points, yen, years, dates and thresholds are parameters, never text."""
    found = []
    for lang in languages():
        for code, template in catalogue(lang).templates.items():
            text = _NAMES.sub("", re.sub(r"\{\w+\}", "", template))
            if re.search(r"\d|[一二三四五六七八九十百千万億亿]+(点|分|年|円|万|%)", text):
                found.append(f"{lang} {code}: {template}")
    assert not found, found


def test_chinese_messages_use_chinese_punctuation() -> None:
    """Simplified Chinese quotes with “” and has no Japanese brackets, middle dots or hiragana
    (the katakana イ/ロ/ハ of the status names are part of the names)."""
    found = [
        f"{code}: {template}"
        for code, template in catalogue("zh").templates.items()
        if re.search(r"[「」『』・\u3041-\u3096]", re.sub(r"\{\w+\}", "", template))
    ]
    assert not found, found


@pytest.mark.parametrize(
    "lang,amount,text",
    [
        ("en", 6_500_000, "¥6,500,000"),
        ("ja", 6_500_000, "650万円"),
        ("zh", 6_500_000, "650万日元"),
        ("ja", 6_543_210, "654万3,210円"),
        ("ja", 100_000_000, "1億円"),
        ("zh", 120_000_000, "1亿2000万日元"),
        ("en", 0, "¥0"),
        ("ja", 0, "0円"),
    ],
)
def test_money_is_written_the_way_each_language_writes_it(
    lang: str, amount: int, text: str
) -> None:
    assert render(Message.of("unmet.floor", salary=Yen(amount), floor=Yen(0)), lang).count(text)


def test_dates_and_decimals_per_language() -> None:
    day = dt.date(2026, 11, 21)
    assert "2026-11-21" in render(Message.of("hsp2.earliest", day=day), "en")
    assert "2026年11月21日" in render(Message.of("hsp2.earliest", day=day), "ja")
    assert "2026年11月21日" in render(Message.of("hsp2.earliest", day=day), "zh")
    msg = Message.of("cause.experience", years=Num(4.5), kind=Message.of("experience.research"))
    assert "4.5" in render(msg, "en") and "4.5" in render(msg, "zh")


def test_a_result_reads_in_every_language_with_the_same_codes() -> None:
    r = kodo.evaluate(person(29, degrees=[{"level": "master"}], annual_salary=6_000_000))
    texts = {}
    for lang in languages():
        other = r.in_lang(lang)
        cat = other.categories["b"]
        assert [i.code for i in cat.items] == [i.code for i in r.categories["b"].items]
        texts[lang] = cat.verdict_text
    assert len(set(texts.values())) == len(texts)
    assert "600万日元" in r.in_lang("zh").categories["b"].items[2].reason


def _merge(into: dict[str, object], more: dict[str, object]) -> None:
    for key, value in more.items():
        have = into.get(key)
        if isinstance(have, dict) and isinstance(value, dict):
            _merge(have, value)
        else:
            into[key] = value


def _fixture_language(tmp_path: Path, drop: str | None = None) -> Path:
    """A fourth language, made as a translator would: en.yaml copied, every text marked."""
    raw = yaml.safe_load((CATALOGUES / "en.yaml").read_text(encoding="utf-8"))
    for part in sorted(CATALOGUES.glob("*/en.yaml")):  # the parts kept in folders (web/)
        _merge(raw, yaml.safe_load(part.read_text(encoding="utf-8")))

    def mark(node: object) -> object:
        if isinstance(node, str):
            return "⟦" + node + "⟧" if node else node
        assert isinstance(node, dict)
        return {k: mark(v) for k, v in node.items()}

    locale = raw.pop("_locale")
    data = mark(raw)
    assert isinstance(data, dict)
    if drop:
        del data["verdict"][drop]
    data["_locale"] = {**locale, "name": "Test", "date": "{dd}.{mm}.{y}"}
    directory = tmp_path / "catalogues"
    directory.mkdir()
    (directory / "xx.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return directory


def test_a_fourth_language_is_one_catalogue_file(tmp_path: Path) -> None:
    directory = _fixture_language(tmp_path)
    with catalogue_dir(directory):
        assert "xx" in languages()
        r = kodo.evaluate(person(29, degrees=[{"level": "master"}], annual_salary=6_000_000),
                          lang="xx")  # fmt: skip
        cat = r.categories["b"]
        assert cat.verdict_text.startswith("⟦") and all(i.reason.startswith("⟦") for i in cat.items)
        assert "21.11.2026" in kodo.permanent_residence(person(29), lang="xx").text
        with pytest.raises(kodo.InputError) as exc:
            kodo.evaluate({**person(29), "salery": 1}, lang="xx")
        assert "⟦" in exc.value.render("xx")
    assert "xx" not in languages()
    env = {**os.environ, "KODO_CATALOGUE_PATH": str(directory)}
    out = subprocess.run(
        [KODO, "evaluate", "-", "--lang", "xx"],
        input=yaml.safe_dump(person(29, annual_salary=5_000_000)),
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "⟦" in out.stdout


def test_an_incomplete_catalogue_is_refused_naming_what_is_missing(tmp_path: Path) -> None:
    directory = _fixture_language(tmp_path, drop="short")
    with pytest.raises(CatalogueError, match=r"verdict\.short"):
        with catalogue_dir(directory):
            pass
    assert "xx" not in languages()


@pytest.mark.parametrize("lang,word", [("ja", "不明な項目です"), ("zh", "未知项目")])
def test_input_errors_come_in_the_chosen_language(lang: str, word: str, tmp_path: Path) -> None:
    with pytest.raises(kodo.InputError) as exc:
        kodo.evaluate({**person(29), "salery": 1, "annual_salary": "lots"})
    text = exc.value.render(lang)
    assert word in text and "salery" in text and "annual_salary" in text
    path = tmp_path / "bad.yaml"
    path.write_text("salery: 1\ndate: 2026-13-01\n")
    out = subprocess.run(
        [KODO, "evaluate", str(path), "--lang", lang], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 2 and word in out.stderr and "Traceback" not in out.stderr
    assert "date" in out.stderr and "salery" in out.stderr


def test_an_unknown_language_is_refused_with_the_choices() -> None:
    with pytest.raises(kodo.InputError) as exc:
        kodo.evaluate(person(29), lang="fr")
    assert "en, ja, zh" in str(exc.value)


@pytest.mark.parametrize(
    ("years", "en", "ja", "zh"),
    [
        (0, "0 years", "0年", "0年"),
        (1, "1 year", "1年", "1年"),
        (0.5, "6 months", "6か月", "6个月"),
        (1 + 1 / 12, "1 year 1 month", "1年1か月", "1年1个月"),
        (4.99727, "4 years 11 months", "4年11か月", "4年11个月"),  # whole months, not rounded up
        (5, "5 years", "5年", "5年"),
    ],
)
def test_a_span_reads_as_years_and_months_in_every_language(
    years: float, en: str, ja: str, zh: str
) -> None:
    from kodo.i18n import Message, Span, render

    for lang, text in (("en", en), ("ja", ja), ("zh", zh)):
        msg = Message.of("reason.career.awarded", years=Span(years), kind="x", points=0)
        assert render(msg, lang).startswith(text if lang == "en" else "x") and text in render(
            msg, lang
        )
        assert "." not in render(Message.of("jskip_basis.years", years=Span(years), kind="x"), lang)
