"""Line wrapping of the text output: words, dates and figures stay whole; 禁則 in CJK."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from kodo.shells.wrap import NO_START, wrap


@pytest.mark.parametrize("width", range(12, 60))  # the longest word is 12
def test_dates_figures_and_hyphenated_words_are_never_split(width: int) -> None:
    text = "70-point route: open on 2025-06-01, points 85 (HSP(i)(b)); salary ¥6,500,000."
    lines = wrap(text, width)
    assert all(len(line) <= width for line in lines)
    words = [w for line in lines for w in line.split()]
    assert words == text.split()


@pytest.mark.parametrize("width", range(12, 40))  # the longest unbreakable run is 11
def test_japanese_keeps_figures_with_their_units_and_no_line_starts_with_a_closer(
    width: int,
) -> None:
    text = "2025年6月1日時点で、70点・3年の特例に該当します（現在85点、年収650万円）。"
    lines = wrap(text, width)
    assert "".join(lines) == text
    assert all(cell_len(line) <= width for line in lines)
    for line in lines[1:]:
        assert line[0] not in NO_START
    for unit in ("85点", "650万円", "2025年"):
        assert any(unit in line for line in lines) or cell_len(unit) > width


@pytest.mark.parametrize("width", range(8, 30))
def test_months_keep_their_unit_whole(width: int) -> None:
    for text, lang in (("実務経験1年7か月：0点。", "ja"), ("实务经验1年7个月：0分。", "zh")):
        lines = wrap(text, width, lang)
        assert all(not line.startswith(("月", "个", "か")) for line in lines), lines
