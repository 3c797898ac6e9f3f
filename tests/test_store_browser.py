"""The corpus page (``communique report --db``) in headless chromium: no console errors, one timeline lane per
partner with the upgrade coloured as such, the initiatives heat map, and the partner tables' links open the
statements' own pages. Skipped only where chromium is absent outside CI, like the statement report's test."""

from __future__ import annotations

import json

import pytest
from communique.store.add import run_store_add
from communique.store.database import connect
from communique.store.page import CHANGE_COLOURS, write_corpus_page

from tests.pages import open_page, require_chromium

require_chromium()

EARLIER = """中华人民共和国和乌兹别克斯坦共和国联合声明

应乌兹别克斯坦共和国总统米尔济约耶夫邀请，中华人民共和国主席习近平于2016年6月21日至23日对乌兹别克斯坦共和国进行国事访问。
双方决定建立全面战略伙伴关系。
双方将共同推进“一带一路”倡议。
"""


@pytest.fixture(scope="module")
def page(tmp_path_factory, extractor, example_record):
    folder = tmp_path_factory.mktemp("corpus")
    earlier = extractor.extract_text(EARLIER, doc_id="syn-chn-uzb-2016-06-22")
    hostile = extractor.extract_text(
        "中华人民共和国和巴基斯坦伊斯兰共和国<script>alert(1)</script>联合声明\n2022年11月2日，双方同意建立战略伙伴关系。",
        doc_id="hostile-2022-11-02",
    )
    records = folder / "records.jsonl"
    records.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in (earlier, example_record, hostile)),
        encoding="utf-8",
    )
    db = folder / "s.duckdb"
    assert run_store_add([str(records)], db) == 0
    con = connect(db, write=False)
    try:
        path, statements = write_corpus_page(con, folder / "page.html")
    finally:
        con.close()
    assert statements == 3
    return path


def test_corpus_page_charts_and_links(browser, page):
    tab, problems = open_page(browser, page)

    lanes = tab.locator("#timeline g.partner")
    assert sorted(lanes.evaluate_all("gs => gs.map(g => g.dataset.partner)")) == ["PAK", "UZB"]
    uzb = tab.locator('#timeline g.partner[data-partner="UZB"] circle')
    assert uzb.evaluate_all("cs => cs.map(c => c.dataset.change)") == ["first", "upgrade"]
    assert uzb.nth(1).get_attribute("fill") == CHANGE_COLOURS["upgrade"]
    # the later dot lies to the right of the earlier one, and the drawing has a real size on screen
    xs = uzb.evaluate_all("cs => cs.map(c => c.getBoundingClientRect().x)")
    assert xs[0] < xs[1]
    assert tab.locator("#timeline").bounding_box()["height"] > 40

    bri = tab.locator('#initiatives g.initiative[data-key="BRI"] rect')
    assert sum(int(c) for c in bri.evaluate_all("rs => rs.map(r => r.dataset.count)")) == 2

    assert "<script>alert(1)</script>" in tab.locator('table[data-partner="PAK"]').inner_text()
    link = tab.locator('table[data-partner="UZB"] a').nth(1)
    assert link.inner_text().startswith(
        "中华人民共和国和乌兹别克斯坦共和国关于新时代全天候全面战略伙伴关系的联合声明"
    )
    link.click()
    tab.wait_for_load_state("load")
    assert tab.url.endswith("page_statements/china-uzbekistan-2024-01-24.html")
    assert tab.locator("#relationship").inner_text().startswith("新时代全天候全面战略伙伴关系")
    assert tab.locator('#sentences mark.entity[title="20,000,000,000 USD"]').count() == 1
    assert problems == []
