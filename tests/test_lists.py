"""The official lists: the bundled copies (equal to ../shared/data), forgiving name matching,
what a name on a list means for a claim (a university on a complete list implies the bonus; a
name not found keeps the user's claim with a warning; on a partial list never a refusal), the
notes of a result in every language, kodo lists at 80 columns, and replacing a list."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.cells import cell_len

import kodo
from kodo.errors import InputError
from kodo.i18n import languages
from kodo.lists import ENV, NotOnList, OnList, bundle, find, licence, measure, university
from tests.conftest import person, points

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "src" / "kodo" / "data" / "lists"
SHARED = ROOT.parent / "shared" / "data"
LANGS = ("en", "ja", "zh")


def kodo_cli(monkeypatch: pytest.MonkeyPatch, *args: str, width: int = 80) -> tuple[int, str, str]:
    from kodo.shells.cli import main

    monkeypatch.setenv("COLUMNS", str(width))
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def fits(text: str, width: int) -> None:
    for line in text.splitlines():
        assert cell_len(line) <= width or line.strip().startswith("http"), line


def codes(r: Any) -> list[str]:
    return [d.code for d in r.warning_details]


def note(r: Any, code: str) -> Any:
    return next(d for d in r.warning_details if d.code == code)


def listed(names: list[str]) -> list[str]:
    """The list ids a university name is on."""
    m = university(names[0])
    return [h.list.id for h in m.hits] if isinstance(m, OnList) else []


# ------------------------------------------------------------------ the bundled copies


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data is not here")
def test_the_shipped_copies_equal_the_shared_data_files() -> None:
    shared = sorted(p.name for p in SHARED.glob("*.yaml"))
    assert shared, SHARED
    for name in shared:
        assert (SHIPPED / name).read_bytes() == (SHARED / name).read_bytes(), name


def test_every_list_is_read_with_its_header_and_checked() -> None:
    b = bundle()
    assert b.ids == (
        "ranking_universities", "top_global_universities", "innovative_asia_partners",
        "it_notice_exams", "innovation_support_measures", "growth_field_projects",
        "foreign_qualifications",
    )  # fmt: skip
    by = {i.id: i for i in b.lists}
    assert (by["ranking_universities"].as_of, by["ranking_universities"].count) == ("2026-01", 390)
    assert by["top_global_universities"].count == 37
    assert by["it_notice_exams"].count == 75 and by["it_notice_exams"].as_of == "2020-07-20"
    assert by["innovative_asia_partners"].as_of == "2019-07-30"
    complete = {i.id for i in b.lists if i.complete}
    assert complete == {"ranking_universities", "top_global_universities", "it_notice_exams"}
    for info in b.lists:
        assert info.sources and info.coverage and info.retrieved_via and info.bundled
        assert info.check.startswith("https://")
    # criteria as the applicant format names them
    assert [by[i].criterion for i in list(by)[:3]] == ["ranking", "sgu", "innovative_asia"]


# ------------------------------------------------------------------ matching


@pytest.mark.parametrize(
    "name",
    [
        "東京大学", "The University of Tokyo", "UNIVERSITY OF TOKYO", "university of tokyo",
        "ＵＮＩＶＥＲＳＩＴＹ　ＯＦ　ＴＯＫＹＯ", "ｔｈｅ　ｕｎｉｖｅｒｓｉｔｙ　ｏｆ　ｔｏｋｙｏ",
        "The University of Tokyo.", "Univ. of Tokyo", "Tokyo University",
        "東京大学大学院工学系研究科", "国立大学法人東京大学", "東大", "UTokyo", " 東京大学 ",
    ],
)  # fmt: skip
def test_the_university_of_tokyo_however_it_is_written(name: str) -> None:
    m = university(name)
    assert isinstance(m, OnList), name
    assert m.criteria == ("ranking", "sgu")
    assert {h.entry.names for h in m.hits} == {("The University of Tokyo", "東京大学")}


@pytest.mark.parametrize(
    "name,lists",
    [
        ("Institute of Science Tokyo", ["ranking_universities"]),
        ("東京科学大学", ["ranking_universities"]),
        # old names: on the merged row of the ranking list, and on the SGU list as printed
        ("東京工業大学", ["ranking_universities", "top_global_universities"]),
        ("Tokyo Institute of Technology", ["ranking_universities", "top_global_universities"]),
        ("Tokyo Tech", ["ranking_universities", "top_global_universities"]),
        ("東京医科歯科大学", ["ranking_universities", "top_global_universities"]),
        ("大阪府立大学", ["ranking_universities"]),
        ("Osaka City University", ["ranking_universities"]),
        ("大阪公立大学", ["ranking_universities"]),
        ("Osaka University", ["ranking_universities", "top_global_universities"]),
        ("Kinki University", ["ranking_universities"]),
        ("独協医科大学", ["ranking_universities"]),  # printed 獨協医科大学
        ("東京芸術大学", ["top_global_universities"]),  # printed 東京藝術大学; SGU only
    ],
)
def test_merged_renamed_and_old_names(name: str, lists: list[str]) -> None:
    assert listed([name]) == lists


def test_the_merged_row_is_the_one_an_old_name_matches_on_the_ranking_list() -> None:
    m = university("東京工業大学")
    assert isinstance(m, OnList)
    ranking = [h for h in m.hits if h.list.id == "ranking_universities"]
    assert [h.entry.names[1] for h in ranking] == [
        "東京科学大学（統合前：東京医科歯科大学／東京工業大学)"
    ]
    assert ranking[0].how == "other_name"


@pytest.mark.parametrize(
    "name",
    [
        "Massachusetts Institute of Technology", "MIT", "マサチューセッツ工科大学",
        "massachusetts institute of technology (MIT)",
    ],
)  # fmt: skip
def test_a_foreign_ranked_university_is_criterion_one_only(name: str) -> None:
    m = university(name)
    assert isinstance(m, OnList) and m.criteria == ("ranking",)
    assert m.hits[0].entry.country == "United States of America"


@pytest.mark.parametrize(
    "name,printed",
    [
        ("Universität Heidelberg", "Heidelberg University (Universität Heidelberg)"),
        ("Universitat Heidelberg", "Heidelberg University (Universität Heidelberg)"),
        ("ETH Zurich", "Swiss Federal Institute of Technology Zurich(ETH Zurich)"),
        ("UBA", "University of Buenos Aires (Universidad de Buenos Aires (UBA))"),
        ("Universite de Montreal", "University of Montreal （Université de Montréal）"),
        ("清華大学", "Tsinghua University"),
        ("Queen's University at Kingston", "Queen's University （at Kingston）"),
        ("University of California, Berkeley", "University of California, Berkeley"),
    ],
)
def test_other_names_in_brackets_accents_and_qualifiers(name: str, printed: str) -> None:
    m = university(name)
    assert isinstance(m, OnList)
    assert [h.entry.name for h in m.hits] == [printed]


def test_a_japanese_name_shared_by_two_universities_shows_both() -> None:
    m = find("東北大学", lists=["ranking_universities"])
    assert isinstance(m, OnList)
    assert {h.entry.country for h in m.hits} == {"Japan", "China"}


def test_an_unlisted_university_is_not_on_the_lists_and_says_where_to_check() -> None:
    m = university("Foo Institute of Technology")
    assert isinstance(m, NotOnList)
    assert not m.complete  # criterion Ⅲ is partial
    assert m.check[0].startswith("https://www.moj.go.jp/isa/")
    assert "University of California" not in [h.entry.name for h in getattr(m, "hits", ())]
    assert isinstance(university("University of California"), NotOnList)  # no campus named


@pytest.mark.parametrize(
    "name,item",
    [
        ("基本情報技術者試験", "1ロ(10)"), ("基本情報技術者", "1ロ(10)"), ("基本情報", "1ロ(10)"),
        ("応用情報技術者試験", "1ロ(9)"), ("ＩＴストラテジスト試験", "1ロ(1)"),
        ("ITストラテジスト試験", "1ロ(1)"), ("情報処理安全確保支援士", "1イ"),
        ("第二種情報処理技術者試験", "1ハ(4)"),
        ("テクニカルエンジニア（ネットワーク）試験", "1ハ(19)"),
        ("Certified IT Project Manager", "11"), ("CITPM", "11"),
    ],
)  # fmt: skip
def test_it_exam_names_in_japanese_and_english(name: str, item: str) -> None:
    m = licence(name)
    assert isinstance(m, OnList), name
    assert m.notice_items == (item,)
    assert m.hits[0].list.as_of == "2020-07-20"


def test_exams_outside_the_notice_and_national_licences_are_not_on_it() -> None:
    for name in ("ITパスポート試験", "弁護士", "公認会計士"):
        m = licence(name)
        assert isinstance(m, NotOnList) and m.complete, name
        assert m.check == ("https://www.moj.go.jp/isa/laws/nyukan_hourei_h09.html",)


def test_a_foreign_exam_with_one_name_in_many_countries_is_on_each_item() -> None:
    m = licence("Fundamental Information Technology Engineer Examination")
    assert isinstance(m, OnList)
    assert {h.entry.country for h in m.hits} >= {"Japan", "Vietnam", "Philippines", "Thailand"}


def test_measures_match_by_law_name_without_the_law_number() -> None:
    m = measure("中小企業等経営強化法")
    assert isinstance(m, OnList) and not m.hits[0].list.complete
    assert isinstance(measure("経営革新計画"), NotOnList)


def test_an_unknown_list_id_is_an_input_error() -> None:
    with pytest.raises(InputError, match="--list"):
        find("x", lists=["nope"])


# ------------------------------------------------------------------ what a name means


def _degree(**facts: Any) -> dict[str, Any]:
    return person(30, degrees=[{"level": "master", **facts}], annual_salary=5_000_000)


def test_a_university_on_a_complete_list_implies_the_bonus_with_its_criteria() -> None:
    r = kodo.evaluate(_degree(university="UNIVERSITY OF TOKYO", japan=True))
    assert points(r, "b")["top_university"] == 10
    assert "list.top_university.on_list" in codes(r)
    assert "list_check.top_university" not in codes(r)  # the note says what was checked
    text = note(r, "list.top_university.on_list").text
    assert "2026-01" in text and "criterion Ⅰ" in text and "criterion Ⅱ" in text
    assert "option.university_criteria" in codes(r)  # two criteria: the option matters
    each = kodo.evaluate(
        _degree(university="東京大学", japan=True), options={"university_criteria": "each"}
    )
    assert points(each, "b")["top_university"] == 20


def test_a_foreign_ranked_university_scores_through_criterion_one() -> None:
    r = kodo.evaluate(_degree(university="Heidelberg University"))
    assert points(r, "a")["top_university"] == 10
    text = note(r, "list.top_university.on_list").text
    assert "criterion Ⅰ" in text and "criterion Ⅱ" not in text
    assert "option.university_criteria" not in codes(r)


def test_an_unlisted_university_claimed_designated_keeps_the_claim_with_a_warning() -> None:
    r = kodo.evaluate(_degree(university="Foo Institute of Technology", designated=True))
    assert points(r, "a")["top_university"] == 10  # the user's claim is kept
    w = note(r, "list.top_university.not_listed_claimed")
    assert "2026-01" in w.text and "https://www.moj.go.jp/isa/" in w.text
    assert w.categories == ("a", "b", "c")


def test_an_unlisted_university_not_claimed_scores_nothing_and_says_how_to_claim() -> None:
    r = kodo.evaluate(_degree(university="Foo Institute of Technology"))
    assert points(r, "a")["top_university"] == 0
    assert "designated: true" in note(r, "list.top_university.not_listed").text


def test_designated_false_in_so_many_words_is_kept_with_a_warning() -> None:
    r = kodo.evaluate(_degree(university="京都大学", designated=False))
    assert points(r, "a")["top_university"] == 0
    assert "list.top_university.on_list_not_claimed" in codes(r)


def test_the_partial_criterion_three_list_implies_nothing_and_never_refuses() -> None:
    r = kodo.evaluate(_degree(university="Chulalongkorn University"))
    assert points(r, "a")["top_university"] == 0
    assert "list.top_university.partial_unclaimed" in codes(r)
    claimed = _degree(
        university="Chulalongkorn University", designated=True,
        university_criteria=["innovative_asia"],
    )  # fmt: skip
    r = kodo.evaluate(claimed)
    assert points(r, "a")["top_university"] == 10
    assert "list.top_university.partial_claimed" in codes(r)


def test_a_university_only_under_sgu_says_criterion_two_is_unsettled() -> None:
    r = kodo.evaluate(_degree(university="東京外国語大学", japan=True))
    assert points(r, "a")["top_university"] == 10
    assert "list.top_university.sgu_only" in codes(r)
    # on the SGU list only by a single unofficial source, and not on the ranking list
    unconfirmed = kodo.evaluate(_degree(university="奈良先端科学技術大学院大学", japan=True))
    assert {"list.top_university.unconfirmed", "list.top_university.sgu_only"} <= set(
        codes(unconfirmed)
    )
    # 創価大学 is such an SGU entry too, but the ranking list confirms it
    assert "list.top_university.unconfirmed" not in codes(
        kodo.evaluate(_degree(university="創価大学", japan=True))
    )


def test_a_designated_claim_without_a_name_keeps_the_generic_list_check() -> None:
    two = person(30, annual_salary=5_000_000, degrees=[
        {"level": "master", "university": "東京大学"},
        {"level": "bachelor", "designated": True},
    ])  # fmt: skip
    assert "list_check.top_university" in codes(kodo.evaluate(two))


def test_licence_names_are_counted_matched_or_not_with_a_note_each() -> None:
    r = kodo.evaluate(
        person(30, annual_salary=5_000_000, licenses=["基本情報技術者試験", "ITパスポート試験"])
    )
    assert points(r, "b")["licences"] == 10  # two licences claimed
    on = note(r, "list.licences.on_list")
    assert "1ロ(10)" in on.text and on.categories == ("b",)  # licences are a ロ item
    assert "list.licences.not_listed" in codes(r)
    assert "list_check.licences" not in codes(r)
    one = kodo.evaluate(person(30, annual_salary=5_000_000, licenses=["弁理士"]))
    assert points(one, "b")["licences"] == 5
    a_only = kodo.evaluate(person(30, licenses=["弁理士"], category="a"))
    assert not [c for c in codes(a_only) if c.startswith("list.licences")]


def test_measures_claim_the_innovation_bonus_and_false_beside_them_is_an_error() -> None:
    measures = ["中小企業等経営強化法", "経営革新計画"]
    r = kodo.evaluate(person(30, annual_salary=5_000_000, employer={"measures": measures}))
    assert points(r, "a")["innovation_support"] == 10
    assert "list.innovation_support.on_list" in codes(r)
    assert "list.innovation_support.not_listed" in codes(r)  # partial list: a warning only
    bad = person(30, employer={"measures": ["x"], "innovation_support": False})
    with pytest.raises(InputError) as exc:
        kodo.evaluate(bad)
    text = str(exc.value)
    assert "employer.measures" in text and "employer.innovation_support" in text


def test_a_history_with_dated_degrees_implies_the_bonus_from_the_award_date() -> None:
    app = person(30, annual_salary=5_000_000, degrees=[
        {"level": "master", "university": "Kyoto University", "awarded": "2020-03-25"},
    ])  # fmt: skip
    assert points(kodo.evaluate(app), "a")["top_university"] == 10
    before = kodo.evaluate(app, date="2019-01-01")
    assert points(before, "a")["top_university"] == 0


@pytest.mark.parametrize("lang", LANGS)
def test_the_notes_in_every_language(lang: str) -> None:
    app = person(30, annual_salary=5_000_000, licenses=["応用情報技術者試験", "ITパスポート試験"],
                 degrees=[{"level": "master", "university": "Tokyo Tech", "japan": True},
                          {"level": "bachelor", "university": "Foo College", "designated": True}],
                 employer={"measures": ["経営革新計画"]})  # fmt: skip
    r = kodo.evaluate(app, lang=lang)
    got = {d.code: d.text for d in r.warning_details if d.code.startswith("list.")}
    assert set(got) == {
        "list.top_university.on_list", "list.top_university.not_listed_claimed",
        "list.licences.on_list", "list.licences.not_listed",
        "list.innovation_support.not_listed",
    }  # fmt: skip
    assert "2026-01" in got["list.top_university.on_list"]
    assert "Ⅰ" in got["list.top_university.on_list"]
    assert "2020-07-20" in got["list.licences.on_list"]
    for text in got.values():
        assert "{" not in text
    # the same result in another language: the same codes, other sentences
    other = r.in_lang("en" if lang != "en" else "ja")
    assert [d.code for d in other.warning_details] == [d.code for d in r.warning_details]


def test_the_notes_are_in_the_json_result() -> None:
    data = kodo.evaluate(_degree(university="東京大学")).to_dict()
    assert any(w["code"] == "list.top_university.on_list" for w in data["warning_details"])


# ------------------------------------------------------------------ kodo lists


@pytest.mark.parametrize("lang", LANGS)
def test_kodo_lists_shows_each_lists_source_date_and_coverage_at_80_columns(
    monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    code, out, err = kodo_cli(monkeypatch, "lists", "--lang", lang)
    assert code == 0, err
    fits(out, 80)
    for info in bundle().lists:
        assert f"[{info.id}]" in out and info.as_of in out and info.check in out
        assert info.sources[0].url in out
    assert ENV in out


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "name", ["東京大学", "Foo University", "基本情報技術者", "長岡技術科学大学"]
)
def test_kodo_lists_find_at_80_columns(
    monkeypatch: pytest.MonkeyPatch, lang: str, name: str
) -> None:
    code, out, err = kodo_cli(monkeypatch, "lists", "--find", name, "--lang", lang)
    assert code == 0, err
    fits(out, 80)
    assert name in out
    if name == "Foo University":
        assert "https://www.moj.go.jp/isa/" in out


def test_kodo_lists_json(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = kodo_cli(monkeypatch, "lists", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert [x["id"] for x in data["lists"]] == list(bundle().ids)
    code, out, _ = kodo_cli(monkeypatch, "lists", "--find", "MIT", "-f", "json")
    found = json.loads(out)
    assert found["on_list"] and found["hits"][0]["criterion"] == "ranking"
    code, out, _ = kodo_cli(
        monkeypatch,
        "lists",
        "--find",
        "ITパスポート試験",
        "--list",
        "it_notice_exams",
        "-f",
        "json",
    )
    missing = json.loads(out)
    assert missing == {
        "name": "ITパスポート試験", "on_list": False, "complete": True,
        "searched": ["it_notice_exams"],
        "check": ["https://www.moj.go.jp/isa/laws/nyukan_hourei_h09.html"],
    }  # fmt: skip


@pytest.mark.parametrize(
    "args,named",
    [
        (("--list", "nope"), "--list"),
        (("--format", "xml"), "--format"),
        (("--find", "  "), "--find"),
        (("--find", "x" * 201), "--find"),
    ],
)
def test_kodo_lists_bad_options_exit_2_naming_the_option(
    monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], named: str
) -> None:
    code, out, err = kodo_cli(monkeypatch, "lists", *args)
    assert code == 2 and named in err and not out


# ------------------------------------------------------------------ updating a list


def _replace(tmp_path: Path, name: str, edit: Any) -> Path:
    data = yaml.safe_load((SHIPPED / name).read_text(encoding="utf-8"))
    edit(data)
    (tmp_path / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return tmp_path


def test_a_newer_list_in_kodo_lists_path_replaces_the_bundled_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def newer(data: dict[str, Any]) -> None:
        data["as_of"] = "2027-04-01"
        data["type_b"].append({"name_ja": "架空大学", "name_en": "Fictional University"})

    _replace(tmp_path, "top_global_universities.yaml", newer)
    monkeypatch.setenv(ENV, str(tmp_path))
    info = bundle().info("top_global_universities")
    assert (info.as_of, info.count, info.bundled) == ("2027-04-01", 38, False)
    assert university("Fictional University").on_list
    r = kodo.evaluate(_degree(university="架空大学"))
    assert points(r, "a")["top_university"] == 10
    assert "2027-04-01" in note(r, "list.top_university.on_list").text
    code, out, _ = kodo_cli(monkeypatch, "lists", "--list", "top_global_universities", width=200)
    assert code == 0 and str(tmp_path) in out and ENV in out
    monkeypatch.delenv(ENV)
    assert not university("Fictional University").on_list


@pytest.mark.parametrize(
    "name,edit,problem",
    [
        ("designated_universities.yaml",
         lambda d: d["criterion_I_world_university_rankings"]["entries"].pop(),
         "criterion_I_world_university_rankings.count"),
        ("it_notice_exams.yaml", lambda d: d.update(as_of="recently"), "as_of"),
        ("top_global_universities.yaml", lambda d: d["type_a"].append({"founder": "x"}),
         "type_a[13]"),
        ("growth_field_projects.yaml", lambda d: d.pop("coverage"), "coverage"),
    ],
)  # fmt: skip
def test_a_broken_replacement_is_an_input_error_naming_the_file_and_place(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, edit: Any, problem: str
) -> None:
    _replace(tmp_path, name, edit)
    monkeypatch.setenv(ENV, str(tmp_path))
    with pytest.raises(InputError) as exc:
        bundle()
    assert name in str(exc.value) and problem in str(exc.value)
    code, _, err = kodo_cli(monkeypatch, "lists")
    assert code == 2 and name in err and "Traceback" not in err


def test_a_replacement_that_is_not_yaml_is_named(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shutil.copy(SHIPPED / "aliases.yaml", tmp_path / "aliases.yaml")  # not a list: ignored
    (tmp_path / "it_notice_exams.yaml").write_text("items: [\n", encoding="utf-8")
    monkeypatch.setenv(ENV, str(tmp_path))
    with pytest.raises(InputError, match=r"it_notice_exams\.yaml"):
        bundle()


def test_every_language_has_every_list_message() -> None:
    from kodo.i18n import catalogue

    en = {c for c in catalogue("en").templates if c.startswith("lists.")}
    assert any(c.startswith("lists.note.") for c in en)
    for lang in languages():
        assert {c for c in catalogue(lang).templates if c.startswith("lists.")} == en


# ------------------------------------------------------------------ issue 11 review (lists)


@pytest.mark.parametrize(
    "name,listed_as",
    [
        ("York University", "University of York"),  # Toronto: not on the list
        ("Washington University", "University of Washington"),
    ],
)
def test_a_match_only_through_the_other_word_order_is_probable_and_implies_nothing(
    name: str, listed_as: str
) -> None:
    m = university(name)
    assert isinstance(m, OnList) and all(h.how == "swapped" for h in m.hits)
    r = kodo.evaluate(_degree(university=name))
    assert points(r, "b").get("top_university", 0) == 0
    notes = {d.code: d.text for d in r.warning_details}
    assert "list.top_university.probable" in notes
    assert listed_as in notes["list.top_university.probable"]
    assert "list.top_university.clash" in notes or "list.top_university.clash_listed" in notes
    # claimed anyway: the claim is kept, the note says probably
    claimed = kodo.evaluate(_degree(university=name, designated=True))
    assert points(claimed, "b")["top_university"] == 10
    assert "list.top_university.probable_claimed" in codes(claimed)


@pytest.mark.parametrize(
    "name", ["University of York", "University of Newcastle", "Newcastle University", "ヨーク大学",
             "Miami University", "University of Miami"],
)  # fmt: skip
def test_a_known_clash_always_names_both_universities(name: str) -> None:
    r = kodo.evaluate(_degree(university=name))
    clash = [d.text for d in r.warning_details if d.code.startswith("list.top_university.clash")]
    assert len(clash) == 1
    pairs = {"York": ("York University", "University of York"),
             "ヨーク": ("York University", "University of York"),
             "Newcastle": ("Newcastle University", "The University of Newcastle"),
             "Miami": ("Miami University", "University of Miami")}  # fmt: skip
    both = next(v for k, v in pairs.items() if k in name)
    assert all(n in clash[0] for n in both)


def test_a_name_listed_as_printed_still_implies_the_bonus() -> None:
    york = kodo.evaluate(_degree(university="University of York"))
    assert points(york, "b")["top_university"] == 10
    # the common other order of a Japanese name is a short form kodo knows, not a swap
    for name in ("Tokyo University", "Osaka University"):
        m = university(name)
        assert isinstance(m, OnList) and not any(h.how == "swapped" for h in m.hits), name
        assert m.complete_criteria


@pytest.mark.parametrize(
    "name,printed",
    [
        ("清华大学", "Tsinghua University"), ("复旦大学", "Fudan University"),
        ("武汉大学", "Wuhan University"), ("北京大学", "Peking University"),
        ("清華大學", "Tsinghua University"),
    ],
)  # fmt: skip
def test_simplified_and_traditional_chinese_names_match(name: str, printed: str) -> None:
    m = university(name)
    assert isinstance(m, OnList), name
    assert printed in [h.entry.name for h in m.hits]


@pytest.mark.parametrize(
    "name,printed",
    [("系统分析师", "系統分析師"), ("软件设计师", "軟件設計師"), ("系統分析師", "系統分析師")],
)
def test_simplified_chinese_it_exam_names_match(name: str, printed: str) -> None:
    m = licence(name)
    assert isinstance(m, OnList), name
    assert all(h.entry.name.startswith(printed) for h in m.hits)


def test_the_folding_table_is_generated_from_the_lists_characters() -> None:
    from kodo.lists.names import words

    table = yaml.safe_load((SHIPPED / "hanzi.yaml").read_text(encoding="utf-8"))
    b = bundle()
    names = [n for rows in b.entries.values() for e in rows for n in e.names]
    printed = {ch for n in names for ch in n}
    assert len(table["from"]) == len(table["to"]) > 100  # not a handful picked by hand
    assert set(table["to"]) <= printed | set(words("".join(table["to"])))
    assert not set(table["from"]) & {ch for n in names for ch in words(n)}
    assert "generated by" in (SHIPPED / "hanzi.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "name,printed",
    [
        ("東京大学工学部", "The University of Tokyo"),
        ("早稲田大学政治経済学部", "Waseda University"),
        ("東京大学大学院工学系研究科", "The University of Tokyo"),
        ("The University of Tokyo, Graduate School of Engineering", "The University of Tokyo"),
        ("Faculty of Law, Kyoto University", "Kyoto University"),
        ("Kyoto University Graduate School of Informatics", "Kyoto University"),
    ],
)
def test_a_faculty_written_with_the_university(name: str, printed: str) -> None:
    m = university(name)
    assert isinstance(m, OnList), name
    assert {h.entry.name for h in m.hits} == {printed}
    assert m.complete_criteria


@pytest.mark.parametrize(
    "name,printed",
    [
        ("Harvard", "Harvard University"), ("Stanford", "Stanford University"),
        ("Tsinghua", "Tsinghua University"), ("Imperial College", "Imperial College London"),
        ("TU Munich", "Technical University of Munich"),
        ("Berkeley", "University of California, Berkeley"),
        ("IISc", "Indian Institute of Science"),
        ("POSTECH", "Pohang University of Science and Technology"),
        ("Monash", "Monash University"),
    ],
)  # fmt: skip
def test_common_names(name: str, printed: str) -> None:
    m = university(name)
    assert isinstance(m, OnList), name
    assert [h.entry.name for h in m.hits] == [printed]
    assert m.hits[0].how == "short_form"


@pytest.mark.parametrize(
    "name,now,until", [("首都大学東京", "東京都立大学", "2020-04-01"),
                       ("大阪外国語大学", "大阪大学", "2007-10-01")],
)  # fmt: skip
def test_old_names_are_marked_with_their_dates(name: str, now: str, until: str) -> None:
    m = university(name)
    assert isinstance(m, OnList)
    assert all(h.how == "old_name" and h.until == until for h in m.hits)
    assert now in m.hits[0].entry.names
    r = kodo.evaluate(_degree(university=name, japan=True))
    old = [d.text for d in r.warning_details if d.code == "list.top_university.old_name"]
    assert old and until in old[0]


@pytest.mark.parametrize("lang", LANGS)
def test_a_name_not_found_is_not_said_to_be_off_the_list(lang: str) -> None:
    r = kodo.evaluate(_degree(university="Foo University of Bar"), lang=lang)
    text = next(d.text for d in r.warning_details if d.code == "list.top_university.not_listed")
    said = {"en": "not found on the bundled lists under this name", "ja": "この名称では見つから",
            "zh": "未以此名称找到"}  # fmt: skip
    assert said[lang] in text


@pytest.mark.parametrize("lang", LANGS)
def test_a_japanese_university_without_japan_given_gets_a_note(lang: str) -> None:
    r = kodo.evaluate(_degree(university="東京大学"), lang=lang)
    assert "list.top_university.japan_not_given" in codes(r)
    assert "japan: true" in next(
        d.text for d in r.warning_details if d.code == "list.top_university.japan_not_given"
    )
    for given in (True, False):
        assert "list.top_university.japan_not_given" not in codes(
            kodo.evaluate(_degree(university="東京大学", japan=given), lang=lang)
        )
    # an SGU-only name is Japanese too; a foreign university is not
    assert "list.top_university.japan_not_given" in codes(
        kodo.evaluate(_degree(university="東京外国語大学"))
    )
    assert "list.top_university.japan_not_given" not in codes(
        kodo.evaluate(_degree(university="Harvard University"))
    )


def test_kodo_lists_shows_each_list_its_own_coverage_and_sources(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, out, _ = kodo_cli(monkeypatch, "lists")
    assert code == 0
    blocks = out.split("\n\n")
    ranking = next(b for b in blocks if "[ranking_universities]" in b)
    asia = next(b for b in blocks if "[innovative_asia_partners]" in b)
    assert "Coverage: complete" in ranking and "Coverage: partial" not in ranking
    assert "001335478.pdf" not in asia  # criterion Ⅰ's PDF is not criterion Ⅲ's source
    assert "001335478.pdf" in ranking
    code, out, _ = kodo_cli(monkeypatch, "lists", "--find", "基本情報")
    assert "item item" not in out
    assert "1ロ(10)" in out
