"""The inputs analysts have: statements as published on web pages, as PDFs and as Word files.

The pages in tests/data/pages are written for the project, one per publisher layout (their structure modelled on
the sites, their statement text new); each has a JSON file with the statement's paragraphs as written and the
strings of the page furniture around it (menus, breadcrumbs, share bars, related links, footers). The PDFs and the
Word file in tests/data/documents are made by tests/data/documents/make.py from its paragraphs.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from communique.extract import Failure, read_documents
from communique.extract_command import ExtractOptions, run_extract
from communique.reader import DocumentError, read_bytes, read_path
from communique.readers.html import limit_depth, strip_site_suffix
from communique.readers.pdf import normalise_compatibility

from tests.conftest import REPO
from tests.data.documents.make import PARAGRAPHS, TITLE

PAGES = REPO / "tests" / "data" / "pages"
DOCUMENTS = REPO / "tests" / "data" / "documents"
LAYOUTS = ["ministry", "gov_portal", "news_agency", "party_newspaper", "embassy", "traditional_outlet"]


def spec(name: str) -> dict:
    return json.loads((PAGES / f"{name}.json").read_text(encoding="utf-8"))


def paragraphs_of(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


@pytest.mark.parametrize("name", LAYOUTS)
def test_page_gives_the_statement_and_nothing_around_it(name):
    expected = spec(name)
    (document,) = read_path(PAGES / f"{name}.html")
    found = paragraphs_of(document.text)
    for paragraph in expected["paragraphs"]:
        assert paragraph in found, f"{name}: paragraph missing: {paragraph[:20]}"
    for noise in expected["noise"]:
        assert noise not in document.text, f"{name}: page furniture in the text: {noise}"
    assert found[0] == expected["title"]  # the heading leads the text, where party detection reads it
    assert document.title == expected["title"]
    assert document.meta == {"format": "html", "url": expected["url"], "published": expected["date"]}


@pytest.mark.parametrize("name", LAYOUTS)
def test_no_entity_from_page_furniture(name, extractor):
    expected = spec(name)
    (document,) = read_path(PAGES / f"{name}.html")
    record = extractor.extract_document(document)
    allowed = [expected["title"], *expected["paragraphs"]]
    assert record["entities"], name
    for entity in record["entities"]:
        assert record["text"][entity["start"] : entity["end"]] == entity["text"]
        assert any(entity["text"] in paragraph for paragraph in allowed), f"{name}: {entity}"
    assert record["source_meta"]["published"] == expected["date"]
    assert len(record["parties"]) == 2 and record["parties"][0] == "CHN"


def test_page_with_two_articles_gives_two_documents():
    expected = spec("two_articles")
    documents = read_path(PAGES / "two_articles.html")
    assert [d.doc_id for d in documents] == ["two_articles-1", "two_articles-2"]
    for document, article, other in zip(
        documents, expected["articles"], expected["articles"][::-1], strict=True
    ):
        assert paragraphs_of(document.text) == [article["title"], *article["paragraphs"]]
        assert document.title == article["title"]
        assert not any(paragraph in document.text for paragraph in other["paragraphs"])
        for noise in expected["noise"]:
            assert noise not in document.text
        assert document.meta["published"] == expected["date"]
    assert documents[0].sha256 != documents[1].sha256


def test_page_without_article_is_whole_page_with_a_warning(tmp_path, capsys):
    (document,) = read_path(PAGES / "no_article.html")
    assert document.meta["warnings"] == ["no main content found: the whole page's text is used"]
    for item in ("阿富汗", "埃及", "上海合作组织"):
        assert item in document.text
    # the statements pages do not warn
    assert "warnings" not in read_path(PAGES / "ministry.html")[0].meta


def test_html5_without_optional_end_tags(tmp_path):
    path = tmp_path / "bare.html"
    path.write_text(
        "<!DOCTYPE html><html><head><meta charset=utf-8><title>中乌联合声明_外交部</title>"
        "<body><h1>中乌联合声明</h1><p>双方同意加强合作。<p>中方支持乌方。",
        encoding="utf-8",
    )
    (document,) = read_path(path)
    assert paragraphs_of(document.text) == ["中乌联合声明", "双方同意加强合作。", "中方支持乌方。"]


def test_title_without_the_site_suffix():
    assert (
        strip_site_suffix("中华人民共和国和马拉维共和国联合声明_中华人民共和国外交部")
        == "中华人民共和国和马拉维共和国联合声明"
    )
    assert (
        strip_site_suffix("中华人民共和国和秘鲁共和国联合声明（全文）-新华网")
        == "中华人民共和国和秘鲁共和国联合声明（全文）"
    )
    assert strip_site_suffix("中斯联合声明--国际--人民网") == "中斯联合声明"
    assert strip_site_suffix("《达喀尔行动计划（2022-2024）》") == "《达喀尔行动计划（2022-2024）》"


def test_deep_nesting_is_flattened_and_keeps_every_text():
    html = "<body>" + "<div>一" * 1000 + "</div>" * 1000
    flat = limit_depth(html, max_depth=10)
    assert flat.count("<div>") == 10 and flat.count("</div>") == 10 and flat.count("一") == 1000


def test_deeply_nested_page_is_read_in_linear_time(tmp_path):
    """40,000 nested <div>s took 140 s when text was inserted around every block (quadratic); generous bound."""
    path = tmp_path / "deep.html"
    body = "<div>双方同意。" * 40_000 + "</div>" * 40_000
    path.write_text(f'<html><body><div class="TRS_Editor">{body}</div></body></html>', encoding="utf-8")
    started = time.perf_counter()
    (document,) = read_path(path)
    assert time.perf_counter() - started < 20
    assert document.text.count("双方同意。") == 40_000


@pytest.mark.parametrize("font", ["cid", "ttf"])
def test_pdf_paragraphs_rejoined_without_headers_and_page_numbers(font):
    (document,) = read_path(DOCUMENTS / f"statement-{font}.pdf")
    assert paragraphs_of(document.text) == [TITLE, *PARAGRAPHS]
    assert document.meta == {"format": "pdf", "pages": 3}
    # where pages 2 and 3 begin (the layout puts 8 lines on a page, breaking mid-sentence)
    assert len(document.page_starts) == 2
    assert document.text[document.page_starts[0] :].startswith("，中方欢迎更多乌拉圭")
    assert document.text[document.page_starts[1] :].startswith("拉圭，习近平主席表示感谢。")


def test_pdf_sentences_carry_their_page(extractor):
    (document,) = read_path(DOCUMENTS / "statement-cid.pdf")
    record = extractor.extract_document(document)
    pages = {record["text"][s["start"] : s["end"]][:6]: s["page"] for s in record["sentences"]}
    assert pages["中华人民共和"] == 1
    assert pages["双方同意在共"] == 1  # begins on page 1, ends on page 2
    assert pages["双方同意加快"] == 2
    assert pages["乌方感谢中方"] == 2  # begins on page 2, ends on page 3
    assert record["source_meta"] == {"format": "pdf", "pages": 3}
    assert {e["text"] for e in record["entities"] if e["label"] == "STATE"} >= {
        "中华人民共和国",
        "乌拉圭东岸共和国",
    }


def test_pdf_without_text_layer_is_a_one_line_error():
    with pytest.raises(DocumentError, match=r"scan\.pdf: no text layer: a scan\?"):
        read_path(DOCUMENTS / "scan.pdf")


def test_broken_pdf_is_a_one_line_error(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n this is not a PDF body")
    with pytest.raises(DocumentError, match=r"broken\.pdf: not a readable PDF") as caught:
        read_path(path)
    assert "\n" not in str(caught.value)


def test_pdf_on_stdin_is_recognised_by_its_content():
    data = (DOCUMENTS / "statement-ttf.pdf").read_bytes()
    (document,) = read_bytes(data, "<stdin>", "stdin", "")
    assert document.meta["format"] == "pdf" and TITLE in document.text


def test_compatibility_characters_normalised_full_width_kept():
    assert normalise_compatibility("共建⼀带⼀路，ﬁnance") == "共建一带一路，finance"
    assert normalise_compatibility("１００亿美元！（　）…") == "１００亿美元！（　）…"


def test_docx_paragraphs_and_tables_in_reading_order():
    (document,) = read_path(DOCUMENTS / "statement.docx")
    lines = paragraphs_of(document.text)
    assert lines[:4] == [TITLE, *PARAGRAPHS[:3]]
    assert lines[4:7] == ["文件\t签署方", "农业合作谅解备忘录\t两国农业部", "经济技术合作协定\t两国政府"]
    assert lines[7:] == PARAGRAPHS[3:]
    assert "第 1 页" not in document.text  # the footer is page furniture
    assert document.title == TITLE and document.meta == {"format": "docx"}


def test_broken_docx_is_a_one_line_error(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DocumentError, match=r"broken\.docx: not a readable \.docx file"):
        read_path(path)


def test_folder_reports_unsupported_files(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.pdf").write_bytes((DOCUMENTS / "statement-cid.pdf").read_bytes())
    (folder / "b.docx").write_bytes((DOCUMENTS / "statement.docx").read_bytes())
    (folder / "c.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (folder / "d.png").write_bytes(b"\x89PNG")
    items = list(read_documents([str(folder)]))
    failures = [item for item in items if isinstance(item, Failure)]
    assert [Path(f.source).name for f in failures] == ["c.xls", "d.png"]
    assert "not read: files .xls are not a supported type" in failures[0].problem
    assert len(items) == 4


def test_extract_command_exit_code_says_files_were_not_read(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.docx").write_bytes((DOCUMENTS / "statement.docx").read_bytes())
    (folder / "notes.xlsx").write_bytes(b"PK\x03\x04")
    (folder / "list.html").write_bytes((PAGES / "no_article.html").read_bytes())
    out = tmp_path / "out.jsonl"
    assert run_extract(ExtractOptions([str(folder)], output=out, workers=1)) == 1
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["doc_id"] for r in records] == ["a", "list"]
    stderr = capsys.readouterr().err.splitlines()
    assert any("notes.xlsx: not read: files .xlsx are not a supported type" in line for line in stderr)
    assert any("list.html: warning: no main content found" in line for line in stderr)
