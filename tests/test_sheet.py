"""kodo sheet: the point sheet as a PDF after the ISA 参考書式「高度専門職ポイント計算表」.

Every PDF is read back the way a person would: each page rendered to PNG with poppler's
``pdftoppm`` and its text read with ``pdftotext`` (``make test`` installs poppler-utils and
the fonts); pypdf opens it and every font is embedded. Checked: the numbers (each row's
points, the total, the pass mark), the Japanese labels, the marked rows, the evidence numbers,
the date and the rule data, the PR pair of rules.md §9 E19, every --lang, and the CLI's errors.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from kodo.features.sheet import Sheet, SheetSet, point_sheets
from kodo.features.sheet_form import load_form
from kodo.rules.book import load_book
from kodo.rules.values import Career, Salary
from kodo.shells.cli import main
from kodo.shells.sheet_pdf import write_pdf
from tests.conftest import e19

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("ja", "en", "zh")


def researcher() -> dict[str, Any]:
    """rules.md §9 E9a (イ): master's, 7 years, ¥6.5M, age 33, two research kinds: 90."""
    return {
        "date": "2025-06-01",
        "birth_date": "1992-01-10",
        "category": "a",
        "degrees": [{"level": "master"}],
        "experience": {"research": 7},
        "annual_salary": 6_500_000,
        "research": {"patents": 1, "funded_projects": 3},
    }


def manager() -> dict[str, Any]:
    """rules.md §9 E8 (ハ): bachelor's, 7 years, ¥15M, representative, innovation SME: 80."""
    return {
        "date": "2025-06-01",
        "birth_date": "1973-01-10",
        "category": "c",
        "degrees": [{"level": "bachelor"}],
        "experience": {"management": 7},
        "annual_salary": 15_000_000,
        "position": "representative",
        "employer": {"innovation_support": True, "sme": True},
    }


# ------------------------------------------------------------------------------ reading back


def pdf_text(path: Path, page: int | None = None) -> str:
    args = ["pdftotext", "-layout", "-enc", "UTF-8"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    out = subprocess.run([*args, str(path), "-"], capture_output=True, check=True, text=True)
    return out.stdout


def pages_text(path: Path) -> list[str]:
    return [pdf_text(path, k + 1) for k in range(page_count(path))]


def page_count(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)


def render_pngs(path: Path, out: Path, dpi: int = 50) -> list[Path]:
    """Every page as a PNG (pdftoppm), each checked to be an A4 page with something drawn."""
    from PIL import Image

    prefix = out / path.stem
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(path), str(prefix)], check=True)
    pngs = sorted(out.glob(f"{path.stem}-*.png"))
    assert len(pngs) == page_count(path)
    for png in pngs:
        with Image.open(png) as im:
            w, h = im.size
            assert abs(h / w - 297 / 210) < 0.01  # A4 portrait
            grey = im.convert("L")
            dark = sum(grey.point(lambda v: 1 if v < 128 else 0).histogram()[1:])
            assert dark > w * h * 0.01, f"{png.name} is (nearly) blank"
    return pngs


def fonts_embedded(path: Path) -> list[str]:
    """The base names of the page fonts; fails if one is not embedded."""
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(str(path)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            assert desc is not None, f"{font.get('/BaseFont')} has no font descriptor"
            desc = desc.get_object()
            assert any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")), (
                f"{font.get('/BaseFont')} is not embedded"
            )
            names.add(str(font["/BaseFont"]))
    assert names
    return sorted(names)


def written(sheets: SheetSet, tmp_path: Path, name: str = "sheet.pdf") -> Path:
    out = tmp_path / name
    pages = write_pdf(sheets, out)
    assert pages == page_count(out)
    return out


def marked(sheet: Sheet) -> dict[str, list[str]]:
    """Item -> the wording (or salary cells) of its marked rows."""
    out: dict[str, list[str]] = {}
    for row in sheet.marked:
        assert row.item is not None
        out.setdefault(row.item, []).append(row.label or " ".join(row.cells))
    return out


TOTAL = re.compile(r"合計\s+(?:Total\s+|合计\s+)?(\d+)\s+点")  # the aid sits under 合計


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ------------------------------------------------------------------------------ the form data


def test_the_form_has_every_item_of_each_category_and_the_evidence_numbers() -> None:
    form = load_form()
    snap = load_book().at(dt.date(2025, 6, 1))
    assert list(form.evidence) == [chr(c) for c in range(ord("①"), ord("⑳") + 1)] + ["㉑"]
    for cat, sheet in form.sheets.items():
        items = {r.item for sec in sheet.sections for r in sec.rows if r.item}
        # every item that scores in the category today has rows; none that does not
        scored = set()
        for rule_id in items:
            value = snap.version(rule_id).value
            assert value is not None, rule_id
        for version in snap.versions:
            v = version.value
            cats = getattr(v, "categories", None)
            if cats is not None and cat in cats:
                scored.add(version.rule_id)
        assert scored <= items, (cat, scored - items)
    assert "licences" not in {r.item for s in form.sheets["a"].sections for r in s.rows}
    assert "position" in {r.item for s in form.sheets["c"].sections for r in s.rows}


def test_the_career_labels_agree_with_the_rule_books_edges() -> None:
    """The form's wording (７年以上 …) and the rule data's edges say the same years."""
    career = load_book().at(dt.date(2025, 6, 1)).value("career", Career)
    assert career is not None
    digits = str.maketrans("０１２３４５６７８９", "0123456789")
    for sheet in load_form().sheets.values():
        for row in (r for s in sheet.sections for r in s.rows if r.item == "career"):
            years = [int(n) for n in re.findall(r"\d+", row.label.translate(digits))]
            bands = [int(b) for b in row.band]
            assert years[0] == career.edges_years[min(bands) - 1]
            if max(bands) < len(career.edges_years):
                assert years[1] == career.edges_years[max(bands)]


def test_the_form_holds_no_points() -> None:
    text = (ROOT / "src/kodo/rules/data/form.yaml").read_text(encoding="utf-8")
    assert not re.search(r"^\s*points:", text, re.M)
    assert not re.search(r"[0-9０-９]+点", text)


# ------------------------------------------------------------------------------ the data


def test_e19_pr_pair_has_the_application_date_and_the_look_back_date() -> None:
    pair = point_sheets(e19(), pr=True)
    assert pair.route == "points_80"
    assert (pair.application, pair.lookback) == (dt.date(2025, 6, 1), dt.date(2024, 6, 1))
    now, then = pair.sheets
    assert (now.date, then.date) == (dt.date(2025, 6, 1), dt.date(2024, 6, 1))
    assert (now.pr_years, then.pr_years) == (0, 1)
    for sheet in (now, then):  # 20 + 10 + 30 + 10 + 15 both times (rules.md §9 E19)
        assert (sheet.category, sheet.total, sheet.pass_mark) == ("b", 85, 70)
        assert sheet.eligible and not sheet.unplaced and not sheet.missing
        assert sheet.evidence == ("①", "②", "③", "⑮")
        got = marked(sheet)
        assert got["education"] == ["修士又は専門職学位"]
        assert got["career"] == ["５年以上７年未満"]
        assert got["age"] == ["30～34歳"]
        assert got["n1_or_jp_major"][0].startswith("Ⅰ　日本語専攻")
        assert sum(r.points or 0 for r in sheet.marked) == 85
    # the salary band is marked in the person's age column (30–34), ¥8.0M then, ¥8.5M now
    for sheet in (now, then):
        (salary,) = [r for r in sheet.marked if r.item == "salary"]
        assert salary.points == 30 and salary.marked_cell == 1
        assert salary.cells[1] == "800 ～ 900万円"


def test_the_pr_pair_is_the_routes_own_verdict(tmp_path: Path) -> None:
    """The dates, categories and totals are those kodo.features.pr gives (not recomputed)."""
    from kodo.features.questions import permanent_residence

    result = permanent_residence(e19(), lang="ja")
    (route,) = [r for r in result.routes if r.route == "points_80"]
    pair = point_sheets(e19(), pr=True, route="points_80")
    assert pair.lookback is not None and route.lookback_date == pair.lookback.isoformat()
    assert route.points_now is not None and route.points_then is not None
    assert (route.category_now, route.category_then) == ("b", "b")
    assert route.points_now["b"] == pair.sheets[0].total
    assert route.points_then["b"] == pair.sheets[1].total


def test_the_70_route_looks_back_three_years() -> None:
    pair = point_sheets(e19(), pr=True, route="points_70")
    assert pair.lookback == dt.date(2022, 6, 1)
    assert [s.pr_years for s in pair.sheets] == [0, 3]
    # 2022-06-01: age 29 (15), 3 years (5), ¥8M at <30 (30), master (20), N1 (15) = 85
    assert pair.sheets[1].total == 85
    assert marked(pair.sheets[1])["age"] == ["30歳未満"]


def test_research_kinds_share_one_points_cell_and_two_kinds_give_the_higher_points() -> None:
    (sheet,) = point_sheets(researcher()).sheets
    assert sheet.total == 90  # rules.md §9 E9a
    got = marked(sheet)
    assert len(got["research"]) == 2
    (head,) = [r for s in sheet.sections for r in s.rows if r.kind == "head" and r.share and
               r.item == "research"]  # fmt: skip
    assert (head.points, head.more) == (20, 25)
    assert sheet.evidence == ("①", "②", "③", "④", "⑤")


def test_the_business_sheet_has_position_and_no_age() -> None:
    (sheet,) = point_sheets(manager()).sheets
    assert sheet.total == 80  # rules.md §9 E8
    got = marked(sheet)
    assert got["position"] == ["代表取締役，代表執行役又は代表権のある業務執行社員"]
    assert "age" not in {r.item for s in sheet.sections for r in s.rows}
    assert sheet.evidence == ("①", "②", "③", "⑨", "⑩", "⑳")
    salary = load_book().at(dt.date(2025, 6, 1)).value("salary", Salary)
    assert salary is not None
    rows = [r for s in sheet.sections for r in s.rows if r.item == "salary"]
    assert [r.points for r in rows] == sorted(salary.c.points[0][1:], reverse=True)
    assert rows[0].label == "3,000万円以上"


def test_without_a_category_every_category_gets_a_sheet() -> None:
    sheets = point_sheets(ROOT / "examples/applicant.yaml").sheets
    assert [s.category for s in sheets] == ["a", "b", "c"]
    (b,) = [s for s in sheets if s.category == "b"]
    assert "n2" not in marked(b)  # excluded by the Japanese degree (the example's trap)
    assert {"jp_degree", "top_university", "licences"} <= set(marked(b))
    assert marked(b)["top_university"][0].startswith("Ⅰ")


def test_a_designated_university_without_its_criterion_marks_the_heading() -> None:
    app = {**e19(), "degrees": [{"level": "master", "designated": True}]}
    (sheet,) = point_sheets(app).sheets
    (row,) = [r for r in sheet.marked if r.item == "top_university"]
    assert row.kind == "head" and row.evidence == "⑰"
    assert not sheet.unplaced and "⑰" in sheet.evidence


def test_an_item_not_in_force_on_the_date_has_no_points() -> None:
    (sheet,) = point_sheets(e19(), date="2020-01-01").sheets
    rows = {r.item: r for s in sheet.sections for r in s.rows if r.kind == "row"}
    assert rows["investment_management"].points is None  # from 2021-07-30
    assert rows["n1_or_jp_major"].points == 15
    assert sheet.date < sheet.edition_from


def test_a_missing_salary_is_named_and_nothing_is_marked_for_it() -> None:
    app = {k: v for k, v in e19().items() if k != "salaries"}
    (sheet,) = point_sheets(app).sheets
    assert "salary" not in marked(sheet)
    assert sheet.missing and not sheet.eligible


# ------------------------------------------------------------------------------ the PDF


def test_e19_pair_as_a_pdf_reads_back_with_its_numbers_and_labels(tmp_path: Path) -> None:
    path = written(point_sheets(e19(), pr=True), tmp_path)
    fonts_embedded(path)
    pages = pages_text(path)
    text = "\n".join(pages)
    title = "高度専門職ポイント計算表（高度専門職第１号ロ・高度専門職第２号）"
    assert text.count(title) == len(pages)
    labels = (
        "博士学位（専門職学位を除く）",
        "修士又は専門職学位",
        "５年以上７年未満",
        "30～34歳",
        "800 ～ 900万円",
        "日本語専攻で外国の大学を卒業又は日本語能力試験Ｎ１合格相当",
        "ポイントの合計が70点以上あることが必要",
    )
    for label in labels:
        assert label in text, label
    # the now-sheet ends on page 2, the look-back sheet on page 4
    now, then = pages[len(pages) // 2 - 1], pages[-1]
    boxes = ("■ 今回の申請時のポイントです。", "■ 今回の申請から１年前のポイントです。")
    for page, box in zip((now, then), boxes, strict=True):
        assert box in re.sub(r"[ 　]+", " ", page)
        assert [int(n) for n in TOTAL.findall(page)] == [85]
    assert "2025年6月1日" in now and "2024年6月1日" in then
    assert "提出する疎明資料（疎明資料（基本例）の番号）：① ② ③ ⑮" in now
    book = load_book()
    assert book.id in squeeze(now)
    assert "2023年4月21日施行の版" in now
    assert "kodo で作成 — 提出前に最新の公式様式と照合してください。" in then


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_keeps_the_japanese_wording_and_adds_its_reading_aids(
    lang: str, tmp_path: Path
) -> None:
    path = written(point_sheets(researcher(), lang=lang), tmp_path)
    fonts_embedded(path)
    text = "\n".join(pages_text(path))
    assert "発明者として特許を受けた発明が１件以上" in text
    assert "２以上に該当する" in text  # the cell of the points of two research kinds
    assert [int(n) for n in TOTAL.findall(text)] == [90]
    aid = {
        "ja": None,
        "en": "Patented invention(s) as inventor: at least 1",
        "zh": "作为发明人获得专利的发明1件以上",
    }[lang]
    if aid is None:
        assert "Patented" not in text and "Criteria" not in text
    else:
        assert aid in text
    footer = {"ja": "kodo で作成", "en": "Prepared with kodo", "zh": "由kodo生成"}[lang]
    assert footer in text


@pytest.mark.slow
def test_every_page_renders_in_every_language(tmp_path: Path) -> None:
    """The E19 pair and the three-category example, each language, page by page as PNG."""
    for lang in LANGS:
        for name, sheets in (
            ("pr", point_sheets(e19(), pr=True, lang=lang)),
            ("all", point_sheets(ROOT / "examples/applicant.yaml", lang=lang)),
        ):
            path = written(sheets, tmp_path, f"{name}-{lang}.pdf")
            pngs = render_pngs(path, tmp_path)
            assert len(pngs) >= len(sheets.sheets)
            texts = pages_text(path)
            assert all("kodo" in t for t in texts)  # kodo's footer on every page
            totals = [t for t in texts if TOTAL.search(t)]
            assert len(totals) == len(sheets.sheets)


def test_a_japanese_sheet_fits_the_official_forms_two_pages(tmp_path: Path) -> None:
    path = written(point_sheets(ROOT / "examples/applicant.yaml", category="b"), tmp_path)
    pages = pages_text(path)
    assert len(pages) <= 2
    if len(pages) == 2:  # broken where the official form breaks
        assert "特別加算" in pages[0] and "外国の資格" in pages[1]


# ------------------------------------------------------------------------------ the CLI


def run(*argv: str) -> int:
    try:
        main(list(argv))
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def write_input(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "in.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_the_command_writes_the_pdf_and_says_so(tmp_path: Path, capsys: Any) -> None:
    src = write_input(tmp_path, e19())
    out = tmp_path / "out.pdf"
    assert run("sheet", str(src), "-o", str(out), "--pr") == 0
    said = capsys.readouterr().out
    assert str(out) in said and "4" in said
    assert page_count(out) == 4
    assert not list(tmp_path.glob(".*.part"))
    assert run("sheet", str(src), "-o", str(out), "--lang", "en") == 2  # exists
    assert "--force" in capsys.readouterr().err
    assert run("sheet", str(src), "-o", str(out), "--lang", "en", "--force") == 0


@pytest.mark.parametrize(
    "args,named",
    [
        (["-o", "x.png"], "--output"),
        (["-o", "x.pdf", "--lang", "fr"], "lang"),
        (["-o", "x.pdf", "--category", "d"], "--category"),
        (["-o", "x.pdf", "--route", "points_80"], "--route"),
        (["-o", "x.pdf", "--pr", "--route", "j_skip"], "route"),
        (["-o", "x.pdf", "--date", "2025-02-30"], "--date"),
        (["-o", "x.pdf", "--date", "2010-01-01"], "--date"),
    ],
)
def test_bad_arguments_exit_2_naming_the_option(
    args: list[str], named: str, tmp_path: Path, capsys: Any
) -> None:
    src = write_input(tmp_path, e19())
    args = [a if a not in ("x.pdf", "x.png") else str(tmp_path / a) for a in args]
    assert run("sheet", str(src), *args) == 2
    err = capsys.readouterr().err
    assert named in err and "Traceback" not in err
    assert not list(tmp_path.glob("*.pdf"))


def test_no_open_route_is_a_clear_error_and_route_prints_the_pair_anyway(
    tmp_path: Path, capsys: Any
) -> None:
    app = {**e19(), "salaries": [{"from": "2019-06-01", "annual_salary": 4_000_000}]}
    src = write_input(tmp_path, app)
    out = tmp_path / "pr.pdf"
    assert run("sheet", str(src), "-o", str(out), "--pr", "--lang", "en") == 2
    assert "--route" in capsys.readouterr().err
    assert run("sheet", str(src), "-o", str(out), "--pr", "--route", "points_70") == 0
    assert page_count(out) >= 2


def test_a_missing_font_is_a_clear_error(tmp_path: Path, monkeypatch: Any, capsys: Any) -> None:
    from kodo.shells import sheet_fonts

    sheet_fonts._register.cache_clear()
    monkeypatch.setenv("KODO_SHEET_FONT", str(tmp_path / "none.ttf"))
    try:
        src = write_input(tmp_path, e19())
        assert run("sheet", str(src), "-o", str(tmp_path / "f.pdf")) == 2
        err = capsys.readouterr().err
        assert "KODO_SHEET_FONT" in err and "Traceback" not in err
        assert not list(tmp_path.glob("*.pdf"))
    finally:
        monkeypatch.delenv("KODO_SHEET_FONT")
        sheet_fonts._register.cache_clear()


def test_poppler_is_installed() -> None:
    """make test installs poppler-utils: nothing here is skipped without it."""
    assert shutil.which("pdftoppm") and shutil.which("pdftotext")


# ------------------------------------------------------------------------------ issue 11 review


def _aids(sheets: SheetSet) -> list[str]:
    """The reading aid of every row and note that has one."""
    return [r.aid for s in sheets.sheets[0].sections for r in s.rows if r.aid]


@pytest.mark.parametrize("lang", LANGS)
def test_a_sheet_with_a_fact_missing_shows_the_range_not_a_total(lang: str, tmp_path: Path) -> None:
    person = e19()
    del person["birth_date"]
    sheet = point_sheets(person, lang=lang, category="b").sheets[0]
    assert sheet.missing and sheet.range is not None
    low, high = sheet.range
    assert low < high and sheet.total_text == f"{low}～{high}"
    text = pdf_text(written(SheetSet((sheet,), lang), tmp_path))
    assert not TOTAL.search(text)  # no total printed as if it were one
    assert re.search(rf"合計\s+(?:Total\s+|合计\s+)?{low}～{high}\s+点", text)
    missing = {"ja": "入力にない", "en": "Not given in the input", "zh": "未提供"}[lang]
    assert missing in squeeze(text) or missing in text  # the foot line is kept


def test_a_complete_sheet_still_shows_its_total() -> None:
    sheet = point_sheets(e19(), lang="en", category="b").sheets[0]
    assert sheet.range is None and sheet.total_text == str(sheet.total)


def test_the_reading_aids_keep_the_forms_figures_from_its_wording() -> None:
    en = _aids(point_sheets(e19(), lang="en", category="b"))
    zh = _aids(point_sheets(e19(), lang="zh", category="b"))
    form_label = next(r.label for s in load_form().sheets["b"].sections for r in s.rows
                      if r.id == "university_ranking")  # fmt: skip
    assert "３００位" in form_label and "２つ以上" in form_label
    ranking_en = next(a for a in en if a.startswith("Ⅰ a foreign"))
    assert (
        "top 300 in 2 or more" in ranking_en and "Japanese university ranked in any" in ranking_en
    )
    ranking_zh = next(a for a in zh if a.startswith("Ⅰ 在下列"))
    assert "2个以上" in ranking_zh and "前300名" in ranking_zh and "日本大学" in ranking_zh
    jica_en = next(a for a in en if "JICA training under Innovative Asia lasting" in a)
    assert "1 year or more" in jica_en
    assert any("1年以上" in a for a in zh)
    notes_en = [a for a in en if a.startswith("Note ")]
    assert any(a.startswith("Note 1:") for a in notes_en)
    assert any(a.startswith("Note 2:") for a in notes_en)
    assert not any("①" in a or "②" in a.split(":")[0] for a in notes_en)
    assert any(a.startswith("注1：") for a in zh)
    assert any(a.startswith("注2：") for a in zh)


def test_the_zh_form_names_the_engineer_humanities_status_as_one_activity() -> None:
    from kodo.i18n import Message, render

    text = render(Message.of("form.choice.status.engineer_humanities"), "zh")
    assert text == "技术·人文知识·国际业务"


def sheet_help(lang: str, capsys: Any) -> str:
    assert run("sheet", "--help", "--lang", lang) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("lang", LANGS)
def test_the_help_footer_names_option_not_o_which_is_output(lang: str, capsys: Any) -> None:
    said = sheet_help(lang, capsys)
    footer = said.split("mba_reading")[0].rsplit("\n\n", 1)[-1]
    assert "--option NAME=VALUE" in footer and "-o NAME=VALUE" not in footer
    assert "mba_reading: tier" in said


@pytest.mark.parametrize("lang", LANGS)
def test_the_help_puts_the_reading_aids_under_the_labels(lang: str, capsys: Any) -> None:
    said = " ".join(sheet_help(lang, capsys).split())
    under, beside = {"ja": ("下に", "横に"), "en": ("under", "beside"), "zh": ("下方", "旁")}[lang]
    assert under in said and beside not in said


@pytest.mark.parametrize(
    "outputs",
    [["mba_reading=addon", "out.pdf"], ["out.pdf", "mba_reading=addon"], ["past_rules=now"]],
)
def test_an_option_given_as_output_is_refused_with_a_hint(
    outputs: list[str], tmp_path: Path, capsys: Any
) -> None:
    src = write_input(tmp_path, e19())
    args = [x for o in outputs for x in ("-o", str(tmp_path / o) if o.endswith(".pdf") else o)]
    assert run("sheet", str(src), *args, "--lang", "en") == 2
    err = capsys.readouterr().err
    assert "--output" in err and "use --option NAME=VALUE" in err
    assert not list(tmp_path.glob("*.pdf"))


def test_a_second_output_is_refused_not_dropped(tmp_path: Path, capsys: Any) -> None:
    src = write_input(tmp_path, e19())
    first, second = str(tmp_path / "a.pdf"), str(tmp_path / "b.pdf")
    assert run("sheet", str(src), "-o", first, "-o", second, "--lang", "en") == 2
    assert "--output" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.pdf"))


@pytest.mark.parametrize("where", ["under_a_file", "name_too_long"])
def test_an_output_that_cannot_be_written_is_exit_2_naming_output(
    where: str, tmp_path: Path, capsys: Any
) -> None:
    src = write_input(tmp_path, e19())
    out = src / "x.pdf" if where == "under_a_file" else tmp_path / ("a" * 300 + ".pdf")
    assert run("sheet", str(src), "-o", str(out), "--lang", "en") == 2
    err = capsys.readouterr().err
    assert "--output: cannot be written: " in err
    assert "internal error" not in err and "Traceback" not in err


@pytest.mark.parametrize("lang", LANGS)
def test_route_without_pr_says_it_needs_pr(lang: str, tmp_path: Path, capsys: Any) -> None:
    src = write_input(tmp_path, e19())
    out = str(tmp_path / "x.pdf")
    assert run("sheet", str(src), "-o", out, "--route", "points_70", "--lang", lang) == 2
    err = capsys.readouterr().err
    assert "- --route: " in err and "--pr" in err
    assert not any(w in err for w in ("true", "false", "presupposes", "前提"))


def test_messages_follow_lang_as_argparse_does(tmp_path: Path, capsys: Any) -> None:
    """Without --lang kodo's messages are in English, as argparse's own errors and the help;
    with --lang, both are in that language. The sheet itself is Japanese by default."""
    src = write_input(tmp_path, e19())
    out = tmp_path / "x.pdf"
    assert run("sheet", str(src)) == 2  # argparse: -o missing
    assert "required" in capsys.readouterr().err
    assert run("sheet", str(src), "-o", str(out), "--route", "points_70") == 2
    assert "invalid input" in capsys.readouterr().err
    assert run("sheet", str(src), "-o", str(out)) == 0
    assert "Wrote" in capsys.readouterr().out
    assert "参考書式" in pdf_text(out) and "Prepared with kodo" not in pdf_text(out)
    assert run("sheet", str(src), "-o", str(out)) == 2
    assert "--force" in capsys.readouterr().err
    for lang, word in (("ja", "必要"), ("zh", "缺少")):
        assert run("sheet", str(src), "--lang", lang) == 2
        assert word in capsys.readouterr().err
        assert run("sheet", str(src), "-o", str(out), "--lang", lang) == 2
        err = capsys.readouterr().err
        assert "--force" in err and "--output" in err
