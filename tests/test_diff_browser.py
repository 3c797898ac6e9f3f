"""The diff's HTML form in Debian's chromium: edits inside kept sentences, values called out, nothing run from the
statements' text. Skipped where chromium is absent outside CI, like the report browser test."""

from __future__ import annotations

from pathlib import Path

import pytest
from communique.diff import diff_records, to_html

from tests.pages import open_page, require_chromium

require_chromium()

DATA = Path(__file__).parent / "data" / "diff"


@pytest.fixture(scope="module")
def diff_page(tmp_path_factory, extractor):
    old_text = (DATA / "old.txt").read_text(encoding="utf-8")
    # the hostile text goes into a sentence that is new anyway: in a kept one its ASCII characters would pull the
    # similarity below the pairing threshold and turn the kept sentence into a new one
    new_text = (
        (DATA / "new.txt")
        .read_text(encoding="utf-8")
        .replace("四、哈方支持", "四、<script>alert(1)</script>哈方支持")
    )
    records = [extractor.extract_text(old_text, doc_id="old"), extractor.extract_text(new_text, doc_id="new")]
    path = tmp_path_factory.mktemp("diff") / "diff.html"
    path.write_text(to_html(diff_records(*records)), encoding="utf-8")
    return path


def test_diff_page_shows_edits_and_values(browser, diff_page):
    page, problems = open_page(browser, diff_page)
    callouts = page.locator("#kept .callout").all_inner_texts()
    assert "2020年 → 2025年" in callouts and "100亿美元 → 200亿美元" in callouts
    trade = page.locator("#kept tr.edited", has_text="双边贸易额")
    assert trade.locator("del").all_inner_texts() == ["0", "1"]
    assert trade.locator("ins").all_inner_texts() == ["5", "2"]
    assert trade.locator("del").first.is_visible()
    # an added word in a kept sentence (小麦和植物油 → 小麦、植物油和蜂蜜) is an inline edit, shown as an insertion
    products = page.locator("#kept tr.edited", has_text="植物油")
    assert products.locator("del").all_inner_texts() == ["和"]
    assert products.locator("ins").all_inner_texts() == ["、", "和蜂蜜"]
    added = products.locator("ins").last
    assert added.is_visible()
    assert added.evaluate("e => getComputedStyle(e).backgroundColor") != products.locator(
        "td.sentence"
    ).evaluate("e => getComputedStyle(e).backgroundColor")
    assert page.locator("#new", has_text="植物油").count() == 0  # kept, not shown as a new commitment
    assert "<script>alert(1)</script>" in page.locator("#new").inner_text()  # shown as text, not run
    dates = page.locator("#dates").inner_text()
    assert "2017年6月8日至10日" in dates and "2019年9月10日至12日" in dates
    assert page.locator("#relationship").inner_text().endswith("(upgraded)")
    assert problems == []
