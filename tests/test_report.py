"""HTML report pages and index, built from real extractor records (the browser test is test_report_browser.py)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from communique.report import run_report, write_report

HOSTILE = (
    "中华人民共和国和法兰西共和国联合声明<script>alert(1)</script>\n\n"
    "双方决定将两国关系提升为全面战略伙伴关系。"
    "双方将加强在世界贸易组织框架内的合作，力争2025年双边贸易额达到1000亿美元。"
    '<img src=x onerror="alert(2)"> & <b>bold</b>\n'
)


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory, extractor, example_record):
    hostile = extractor.extract_text(HOSTILE, doc_id="hostile/../x", source="hostile.txt")
    out = tmp_path_factory.mktemp("report")
    write_report([example_record, hostile], out)
    return out


def test_pages_and_index_are_written(report_dir):
    names = sorted(path.name for path in report_dir.iterdir())
    assert names == ["china-uzbekistan-2024-01-24.html", "hostile_.._x.html", "index.html"]


def test_input_is_escaped(report_dir):
    page = (report_dir / "hostile_.._x.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img" not in page and "<b>bold" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<script>") == 1  # the page's own filter script
    index = (report_dir / "index.html").read_text(encoding="utf-8")
    assert "<script" not in index and "&lt;script&gt;alert(1)" in index


def test_statement_page_content(report_dir, example_record):
    page = (report_dir / "china-uzbekistan-2024-01-24.html").read_text(encoding="utf-8")
    # displaCy markup with the normalised value on hover
    assert 'title="20,000,000,000 USD"' in page
    assert re.search(r'<mark class="entity" title="UZB"[^>]*>\s*乌兹别克斯坦共和国', page)
    # summary: parties, relationship, money with value, statement date
    assert "新时代全天候全面战略伙伴关系" in page and "upgrade" in page
    assert "<td>200亿美元</td><td>20,000,000,000 USD</td>" in page
    assert "2024-01-24" in page
    # one table row per sentence, carrying its types and actors for the filter
    rows = re.findall(r'<tr data-types="([^"]*)" data-actors="([^"]*)" data-labels="[^"]*">', page)
    assert len(rows) == len(example_record["sentences"])
    assert ("COMMITMENT", "CHN UZB") in rows
    assert '<option value="COMMITMENT">' in page and '<option value="UZB">乌兹别克斯坦 (UZB)</option>' in page
    assert '<option value="MONEY">' in page  # the entity-label filter
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page  # self-contained


def test_index_rows_and_most_cited(report_dir):
    index = (report_dir / "index.html").read_text(encoding="utf-8")
    assert index.count('<a href="') == 2
    assert 'href="china-uzbekistan-2024-01-24.html"' in index
    # the record's own date (the last day of the visit), as in the JSON record, the CSV and the store
    assert "<td>2024-01-25</td>" in index
    cited = index.split('id="most-cited-org"', 1)[1].split("</table>", 1)[0]
    # WTO is cited by both statements
    assert re.search(r"<td>世界贸易组织</td><td>WTO</td><td>2</td>", html.unescape(cited))
    assert 'id="most-cited-initiative"' in index


def test_bad_file_is_one_line_and_the_rest_goes_on(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text("双方同意建立战略伙伴关系。", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert run_report([str(empty), str(good)], tmp_path / "out", workers=1, progress=False) == 1
    errors = capsys.readouterr().err.strip().splitlines()
    assert errors[0].startswith(f"communique: {empty}: ") and "empty" in errors[0]
    assert (tmp_path / "out" / "good.html").exists() and (tmp_path / "out" / "index.html").exists()


def test_a_missing_input_exits_2_after_the_other_pages_are_written(tmp_path, capsys):
    """A mistyped path is a usage error (exit 2), but the batch goes on: the other pages are written."""
    good = tmp_path / "good.txt"
    good.write_text("双方同意建立战略伙伴关系。", encoding="utf-8")
    status = run_report(
        [str(tmp_path / "missing.txt"), str(good)], tmp_path / "out", workers=1, progress=False
    )
    assert status == 2
    errors = capsys.readouterr().err.strip().splitlines()
    assert errors[0] == f"communique: {tmp_path / 'missing.txt'}: no such file"
    assert len(errors) == 2 and errors[1].startswith("communique: wrote 1 statement page and ")
    assert (tmp_path / "out" / "good.html").exists() and (tmp_path / "out" / "index.html").exists()


def test_report_shows_a_progress_bar_with_total_and_time_left(tmp_path, capsys):
    statements = tmp_path / "statements"
    statements.mkdir()
    for number in range(3):
        (statements / f"s{number}.txt").write_text("双方同意建立战略伙伴关系。", encoding="utf-8")
    assert run_report([str(statements)], tmp_path / "out", workers=1, progress=True) == 0
    err = capsys.readouterr().err
    # tqdm's bar: done/total, then [elapsed<remaining, rate]
    assert re.search(r"\| 3/3 \[\d\d:\d\d<\d\d:\d\d, [\d.]+doc/s", err), err
    assert run_report([str(statements)], tmp_path / "again", workers=1) == 0
    assert "doc/s" not in capsys.readouterr().err  # stderr is not a terminal here: no bar


@pytest.mark.parametrize(
    ("output", "problem"),
    [("afile/out", "afile is a file, not a folder"), ("afile", "it is a file, not a folder")],
)
def test_an_output_folder_that_cannot_be_made_is_one_line_naming_it(
    tmp_path, capsys, monkeypatch, output, problem
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "afile").write_text("not a folder", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text("双方同意建立战略伙伴关系。", encoding="utf-8")
    assert run_report([str(good)], Path(output), workers=1, progress=False) == 2
    assert capsys.readouterr().err == f"communique: {output}: cannot write ({problem})\n"


def test_statement_page_shows_the_evidence_once(report_dir, example_record):
    page = (report_dir / "china-uzbekistan-2024-01-24.html").read_text(encoding="utf-8")
    # every trigger of the record is on the page, in an element whose class includes "trigger", inside its row
    triggers = [t for s in example_record["sentences"] for t in s["triggers"]]
    marked = re.findall(
        r'<span class="trigger trigger-(\w+)" data-type="\w+" title="\w+ trigger">([^<]*)</span>', page
    )
    assert len(triggers) > 10
    assert [(t["type"], t["text"]) for t in triggers] == marked
    # one copy of the text: the money amount is marked once (in its sentence), not again in a full-text section
    assert page.count('title="20,000,000,000 USD"') == 1
    # actors by name, the code on hover; the rank explained
    assert '<span class="tag actor" title="UZB">乌兹别克斯坦</span>' in page
    assert re.search(r'id="rank-explained">Rank 54 on the scale[^<]*higher is closer', page)
    assert 'id="legend"' in page and 'class="trigger"' in page


def test_trigger_inside_an_entity_nests_in_its_mark():
    from communique.report import entities_markup

    text = "双方支持全球发展倡议。"
    entities = [{"start": 4, "end": 10, "label": "INITIATIVE", "text": "全球发展倡议", "norm": None}]
    triggers = [{"start": 2, "end": 6, "type": "SUPPORT", "text": "支持全球"}]  # crosses the mark's start
    markup = entities_markup(text, entities, triggers)
    shown = html.unescape(re.sub(r"<[^>]+>", "", markup)).replace("INITIATIVE", "")
    assert re.sub(r"\s+", "", shown) == text
    opening = '<span class="trigger trigger-SUPPORT" data-type="SUPPORT" title="SUPPORT trigger">'
    assert markup.count(opening) == 2  # cut at the mark's edge: one piece before it, one inside
    inside = markup.split("<mark", 1)[1].split("</mark>", 1)[0]
    assert opening + "全球</span>" in inside


def test_the_statement_page_lists_commitments_with_amount_and_date_linked_to_their_sentence(extractor):
    from communique.report import render_statement

    text = (
        "中华人民共和国和多米尼克国联合声明\n\n"
        "中方将于2025年向多米尼克提供5000万元人民币无偿援助。\n"
        "双方认为两国关系发展良好。\n"
    )
    page = render_statement(extractor.extract_text(text, doc_id="t"))
    table = page.split('<table id="commitments">', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr>") == 2  # the header and the one commitment; the stated view is not one
    assert 'href="#sentence-2"' in table and 'id="sentence-2"' in page
    assert "5000万元人民币 (50,000,000 CNY)" in table
    assert "2025年 (2025-01-01 – 2025-12-31 (year)" in table
    assert 'title="DMA"' in table and 'title="CHN"' in table
