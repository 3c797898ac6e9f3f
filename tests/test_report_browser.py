"""The report page in a real headless browser (Debian's chromium via Playwright): it loads without console errors,
the filters change which sentence rows are visible and live in the URL, the evidence (triggers, actor names, the
rank explained) is on screen, nothing overflows its column, the text is drawn in a CJK font, and a screenshot can
be taken.

Skipped only where chromium is absent outside CI; in CI (``CI`` set) a missing browser is a failure.
"""

from __future__ import annotations

import pytest
from communique.report import write_report

from tests.pages import open_page, require_chromium

require_chromium()


@pytest.fixture(scope="module")
def page_path(tmp_path_factory, extractor, example_record):
    hostile = extractor.extract_text("双方同意建立战略伙伴关系。<script>alert(1)</script>", doc_id="hostile")
    out = tmp_path_factory.mktemp("report")
    write_report([example_record, hostile], out)
    return out


def visible_rows(page):
    return page.locator("#sentences tbody tr:visible")


def test_statement_page_filters_and_screenshot(browser, page_path, example_record, tmp_path):
    page, problems = open_page(browser, page_path / "china-uzbekistan-2024-01-24.html")
    total = len(example_record["sentences"])
    assert visible_rows(page).count() == total
    assert page.locator("#shown").inner_text() == f"{total} / {total} sentences"

    commitments = sum("COMMITMENT" in s["types"] for s in example_record["sentences"])
    page.select_option("#filter-type", "COMMITMENT")
    assert 0 < visible_rows(page).count() == commitments < total
    for row in visible_rows(page).all():
        assert "COMMITMENT" in row.get_attribute("data-types").split()

    china_only = sum(
        "COMMITMENT" in s["types"] and "CHN" in s["actors"] and "UZB" not in s["actors"]
        for s in example_record["sentences"]
    )
    page.select_option("#filter-actor", "UZB")
    with_uzb = visible_rows(page).count()
    assert with_uzb == commitments - china_only
    page.select_option("#filter-type", "")
    page.select_option("#filter-actor", "")
    assert visible_rows(page).count() == total

    # the normalised value is the mark's title (the browser shows it on hover), in the text and in the table
    money = page.locator('#sentences mark.entity[title="20,000,000,000 USD"]')
    assert money.count() == 1 and money.inner_text().startswith("200亿美元")
    money.hover()

    shot = tmp_path / "page.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    assert problems == []


def test_hostile_page_runs_nothing(browser, page_path):
    page, problems = open_page(browser, page_path / "hostile.html")
    assert "<script>alert(1)</script>" in page.locator("#sentences").inner_text()
    page, index_problems = open_page(browser, page_path / "index.html")
    assert page.locator("#statements tbody tr").count() == 2
    assert problems == [] and index_problems == []


def platform_fonts(page, selector):
    """The fonts chromium actually drew ``selector``'s text with (DevTools' CSS.getPlatformFontsForNode)."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return [
        font["familyName"] for font in session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    ]


def test_page_shows_the_evidence_without_overflow(browser, page_path, example_record):
    page, problems = open_page(browser, page_path / "china-uzbekistan-2024-01-24.html")
    # a CJK font draws the text (fonts-noto-cjk; .ci/run installs it), not boxes or a Latin fallback
    assert any("CJK" in family for family in platform_fonts(page, "h1")), platform_fonts(page, "h1")

    # triggers: one element with class "trigger" per trigger, visibly underlined, inside the sentence rows
    expected = sum(len(s["triggers"]) for s in example_record["sentences"])
    triggers = page.locator("#sentences td.sentence .trigger")
    assert triggers.count() == expected > 10
    first = triggers.first
    assert first.is_visible()
    assert float(first.evaluate("e => parseFloat(getComputedStyle(e).borderBottomWidth)")) >= 2
    assert first.get_attribute("title").endswith(" trigger")
    # actors by name with the code on hover; the rank explained; a legend naming the trigger layer
    actor = page.locator('#sentences .actor[title="UZB"]').first
    assert actor.inner_text() == "乌兹别克斯坦"
    assert "Rank 54" in page.locator("#rank-explained").inner_text()
    assert page.locator("#legend .trigger").is_visible()
    # one copy of the text: every entity mark is inside a sentence row
    assert page.locator("mark.entity").count() == page.locator("#sentences mark.entity").count()
    # no overflow: every mark and trigger stays inside its sentence cell, no cell scrolls sideways
    overflowing = page.evaluate(
        """() => Array.from(document.querySelectorAll("#sentences td")).filter(cell => {
               if (cell.scrollWidth > cell.clientWidth + 1) { return true; }
               const box = cell.getBoundingClientRect();
               return Array.from(cell.querySelectorAll("mark, .trigger")).some(inner =>
                   Array.from(inner.getClientRects()).some(r => r.right > box.right + 1 || r.left < box.left - 1));
           }).length"""
    )
    assert overflowing == 0
    # the dates table is not a small scrolling box
    dates = page.locator("#dates")
    assert dates.evaluate("e => e.parentElement.scrollHeight <= e.parentElement.clientHeight + 1")
    assert problems == []


def test_filters_live_in_the_url(browser, page_path, example_record):
    page, problems = open_page(browser, page_path / "china-uzbekistan-2024-01-24.html")
    with_money = sum(
        any(
            e["label"] == "MONEY" and s["start"] <= e["start"] and e["end"] <= s["end"]
            for e in example_record["entities"]
        )
        for s in example_record["sentences"]
    )
    page.select_option("#filter-label", "MONEY")
    assert 0 < visible_rows(page).count() == with_money
    page.select_option("#filter-type", "COMMITMENT")
    assert page.evaluate("location.hash") == "#type=COMMITMENT&label=MONEY"
    shown = visible_rows(page).count()
    # the URL, opened elsewhere, gives the same view
    shared, more_problems = open_page(browser, page_path / "china-uzbekistan-2024-01-24.html")
    shared.goto((page_path / "china-uzbekistan-2024-01-24.html").as_uri() + "#type=COMMITMENT&label=MONEY")
    shared.reload()
    assert shared.locator("#filter-type").input_value() == "COMMITMENT"
    assert shared.locator("#filter-label").input_value() == "MONEY"
    assert visible_rows(shared).count() == shown
    # clearing the filters clears the fragment
    page.select_option("#filter-type", "")
    page.select_option("#filter-label", "")
    assert page.evaluate("location.hash") == ""
    assert visible_rows(page).count() == len(example_record["sentences"])
    assert problems == [] and more_problems == []
