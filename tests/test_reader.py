"""Reading what users have: real files in the encodings and forms that statements come in, and bad files."""

from __future__ import annotations

import json

import opencc
import pytest
from communique.reader import DocumentError, SourceDocument, Unsupported, expand_paths, read_path

from tests.conftest import EXAMPLE


@pytest.fixture(scope="module")
def opening() -> str:
    """The first paragraphs of the example statement: enough text for encoding detection to be fair."""
    paragraphs = [p for p in EXAMPLE.read_text(encoding="utf-8").split("\n") if p.strip()]
    return "\n".join(paragraphs[:6]) + "\n"


@pytest.fixture(scope="module")
def traditional_opening(opening) -> str:
    return opencc.OpenCC("s2t").convert(opening)


def read_one(path, **kwargs) -> SourceDocument:
    (document,) = read_path(path, **kwargs)
    return document


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "gb18030", "gbk"])
def test_simplified_encodings(tmp_path, opening, encoding):
    path = tmp_path / f"statement-{encoding}.txt"
    path.write_bytes(opening.encode(encoding))
    document = read_one(path)
    assert document.text == opening
    assert document.doc_id == f"statement-{encoding}"


@pytest.mark.parametrize("encoding", ["big5", "utf-16-be", "gb18030"])
def test_traditional_encodings(tmp_path, traditional_opening, encoding):
    path = tmp_path / "statement.txt"
    path.write_bytes(traditional_opening.encode(encoding))
    assert read_one(path).text == traditional_opening


def test_crlf_zero_width_and_nbsp_are_cleaned(tmp_path):
    path = tmp_path / "messy.txt"
    path.write_bytes("双方\u200b同意\u00a0加强合作。\r\n中方\ufeff支持。\r\n".encode())
    assert read_one(path).text == "双方同意 加强合作。\n中方支持。\n"


def test_full_width_digits_kept_in_text_and_normalised(tmp_path, extractor):
    path = tmp_path / "wide.txt"
    path.write_text("双方将把双边贸易额提升至１００亿美元。\n", encoding="utf-8")
    document = read_one(path)
    record = extractor.extract_document(document)
    (money,) = [e for e in record["entities"] if e["label"] == "MONEY"]
    assert money["text"] == "１００亿美元"
    assert money["norm"] == {"amount": 10_000_000_000, "currency": "USD"}


def test_html_keeps_paragraphs_and_drops_scripts_styles_navigation(tmp_path):
    html = """<!doctype html><html><head><title>页面</title><style>p{color:red}</style></head>
    <body><nav>首页 | 外交部</nav><script>var x = "双方反对";</script>
    <h1>中乌联合声明</h1><p>双方同意加强合作。</p><p>中方<b>支持</b>乌方。</p>
    <footer>版权所有</footer></body></html>"""
    path = tmp_path / "page.html"
    path.write_bytes(html.encode("gb18030"))
    document = read_one(path)
    assert document.text == "中乌联合声明\n\n双方同意加强合作。\n\n中方支持乌方。\n"
    assert document.title == "中乌联合声明"
    for dropped in ("首页", "var x", "color", "版权"):
        assert dropped not in document.text


def test_markdown_is_text(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("# 联合声明\n\n双方同意加强合作。\n", encoding="utf-8")
    assert read_one(path).text == "# 联合声明\n\n双方同意加强合作。\n"


def test_jsonl_records(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [{"id": "a", "text": "双方同意。"}, {"id": "b", "text": "中方支持。"}]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    documents = read_path(path)
    assert [(d.doc_id, d.text) for d in documents] == [("a", "双方同意。"), ("b", "中方支持。")]


@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n", "empty file"),
        ("image.txt", bytes(range(256)) * 40, "binary"),
        ("zeros.txt", b"\x00" * 500, "binary"),
        ("bad.jsonl", b'{"id": "a", "text": 1}\n', "text"),
        ("broken.jsonl", b'{"id": "a",\n', "invalid JSON"),
    ],
)
def test_bad_files_raise_one_line_errors(tmp_path, name, content, problem):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError) as caught:
        read_path(path)
    message = str(caught.value)
    assert message.startswith(str(path))
    assert problem in message
    assert "\n" not in message


def test_too_large(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("双方同意加强合作。" * 100, encoding="utf-8")
    with pytest.raises(DocumentError, match="too large"):
        read_path(path, max_bytes=100)


def test_missing_file(tmp_path):
    with pytest.raises(DocumentError, match="no such file"):
        read_path(tmp_path / "absent.txt")


def test_directories_expand_recursively_in_order(tmp_path):
    for name in (
        "b/2.html",
        "a.txt",
        "b/1.md",
        "c.pdf",
        "d.jsonl",
        "e.xls",
        "f.docx",
        ".DS_Store",
        ".git/x.txt",
    ):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    found = [
        (p.path, "unsupported") if isinstance(p, Unsupported) else (p, "read")
        for p in expand_paths([str(tmp_path)])
    ]
    assert [(p.relative_to(tmp_path).as_posix(), how) for p, how in found] == [
        ("a.txt", "read"),
        ("b/1.md", "read"),
        ("b/2.html", "read"),
        ("c.pdf", "read"),
        ("d.jsonl", "read"),
        ("e.xls", "unsupported"),
        ("f.docx", "read"),
    ]


def test_content_key_depends_on_id_and_text():
    key = SourceDocument("a", "x.txt", "双方同意。").sha256
    assert key == SourceDocument("a", "elsewhere/x.txt", "双方同意。").sha256
    assert key != SourceDocument("b", "x.txt", "双方同意。").sha256
    assert key != SourceDocument("a", "x.txt", "双方同意！").sha256


def test_big5_traditional_statement_gives_the_simplified_analysis(
    tmp_path, extractor, example_text, example_record
):
    """The whole example in Taiwan-standard traditional script, saved as Big5 (which has no 〇: 零 instead)."""
    traditional = opencc.OpenCC("s2tw").convert(example_text).replace("〇", "零")
    path = tmp_path / "traditional.txt"
    path.write_bytes(traditional.encode("big5"))
    document = read_one(path)
    assert document.text == traditional
    record = extractor.extract_document(document)

    def analysis(r):
        return [(e["start"], e["end"], e["label"], json.dumps(e["norm"])) for e in r["entities"]]

    assert record["parties"] == example_record["parties"]
    assert analysis(record) == analysis(example_record)
    assert [(s["start"], s["end"], s["types"], s["actors"]) for s in record["sentences"]] == [
        (s["start"], s["end"], s["types"], s["actors"]) for s in example_record["sentences"]
    ]
    for entity in record["entities"]:
        assert traditional[entity["start"] : entity["end"]] == entity["text"]
