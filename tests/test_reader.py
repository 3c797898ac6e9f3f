"""Reading what users have: real files in the encodings and forms that statements come in, and bad files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import opencc
import pytest
from communique.extract import read_documents
from communique.reader import DocumentError, SourceDocument, Unsupported, expand_paths, read_path

from tests.conftest import EXAMPLE, REPO


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


def test_jsonl_fails_per_line_and_keeps_the_other_records(tmp_path):
    """A malformed line, a record without text and a lone surrogate: each costs at most its own line."""
    path = tmp_path / "batch.jsonl"
    path.write_text(
        "\n".join(
            [
                '{"id": "a", "text": "双方同意。"}',
                '{"id": "b", "text": ',
                '{"id": "c", "text": 1}',
                '{"id": "d", "text": "中方\\ud800支持。"}',
                '{"id": "e", "text": "乌方支持。"}',
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    items = read_path(path)
    assert [(i.doc_id, i.text) for i in items if isinstance(i, SourceDocument)] == [
        ("a", "双方同意。"),
        ("d", "中方\ufffd支持。"),
        ("e", "乌方支持。"),
    ]
    errors = [str(i) for i in items if isinstance(i, DocumentError)]
    assert errors == [
        f"{path}:2: invalid JSON (Expecting value)",
        f'{path}:3: expected an object with a "text" string',
    ]
    (surrogate,) = [i for i in items if isinstance(i, SourceDocument) and i.doc_id == "d"]
    assert surrogate.warnings == ("1 lone surrogate(s) replaced with U+FFFD",)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[:300] + b"\xff" + data[300:], id="one invalid byte"),
        pytest.param(
            lambda data: data[:300] + "\ud800".encode("utf-8", "surrogatepass") + data[300:], id="surrogate"
        ),
        pytest.param(lambda data: data[: len(data) - 1], id="cut mid-character"),
    ],
)
def test_damaged_utf8_is_read_with_replacement_and_a_warning(tmp_path, extractor, example_text, damage):
    """The whole example statement with a few bad bytes: extracted, not rejected."""
    data = damage(example_text.rstrip("\n").encode("utf-8"))
    path = tmp_path / "damaged.txt"
    path.write_bytes(data)
    (document,) = read_path(path)
    assert "\ufffd" in document.text
    assert len(document.warnings) == 1 and "replaced with U+FFFD" in document.warnings[0]
    record = extractor.extract_document(document)
    assert record["parties"] == ["CHN", "UZB"]
    assert {"CHN", "UZB"} <= {e["norm"] for e in record["entities"] if e["label"] == "STATE"}


def test_gbk_text_is_not_taken_for_damaged_utf8(tmp_path, opening):
    path = tmp_path / "gbk.txt"
    path.write_bytes(opening.encode("gbk"))
    document = read_one(path)
    assert document.text == opening and document.warnings == ()


def test_warnings_reach_the_caller(tmp_path):
    path = tmp_path / "cut.txt"
    path.write_bytes("双方同意加强合作。".encode()[:-1])
    seen = []
    (document,) = read_documents([str(path)], warn=lambda source, warning: seen.append((source, warning)))
    assert seen == [(str(path), "1 undecodable byte sequence (utf-8) replaced with U+FFFD")]
    assert document.text == "双方同意加强合作\ufffd"


def test_a_file_link_out_of_the_directory_is_reported_not_followed(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("不该读到的内容。", encoding="utf-8")
    folder = tmp_path / "statements"
    folder.mkdir()
    (folder / "a.txt").write_text("双方同意。", encoding="utf-8")
    (folder / "inside.txt").symlink_to(folder / "a.txt")
    (folder / "outside.txt").symlink_to(secret)
    items = list(expand_paths([str(folder)]))
    assert items[:2] == [folder / "a.txt", folder / "inside.txt"]
    assert isinstance(items[2], DocumentError)
    assert str(items[2]) == f"{folder / 'outside.txt'}: link to a file outside the directory (not followed)"


def test_a_file_name_that_is_not_utf8_is_read_and_named(tmp_path):
    folder = tmp_path / "statements"
    folder.mkdir()
    name = os.fsdecode(b"\xff\xfe-statement.txt")
    (folder / name).write_text("双方同意加强合作。", encoding="utf-8")
    (document,) = read_documents([str(folder)])
    assert document.doc_id == "\ufffd\ufffd-statement"
    assert document.source.encode("utf-8").endswith("\ufffd\ufffd-statement.txt".encode())
    assert len(document.sha256) == 64


def _unprivileged() -> list[str]:
    """Permission bits do not bind root: as root, run the command in a user namespace as an unmapped user."""
    if os.getuid() != 0:
        return []
    if shutil.which("unshare") is None:
        pytest.skip("running as root without unshare: permission bits cannot be tested")
    return ["unshare", "--user"]


def test_an_unreadable_sub_directory_is_reported_and_the_rest_extracted():
    root = Path(tempfile.mkdtemp(prefix="communique-unreadable-"))
    try:
        root.chmod(0o755)
        (root / "a.txt").write_text("双方同意加强合作。", encoding="utf-8")
        locked = root / "locked"
        locked.mkdir()
        (locked / "b.txt").write_text("中方支持。", encoding="utf-8")
        locked.chmod(0)
        command = [*_unprivileged(), sys.executable, "-m", "communique", "extract", str(root), "-j", "1"]
        result = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
        assert result.returncode == 1, result.stderr
        assert result.stderr.strip() == f"communique: {locked}: cannot read directory (Permission denied)"
        (record,) = [json.loads(line) for line in result.stdout.splitlines()]
        assert record["doc_id"] == "a"
    finally:
        (root / "locked").chmod(0o755)
        shutil.rmtree(root)


def _corpus_lines(record, doc_id):
    from communique.annotate.examples import record_examples

    return [
        json.dumps(example, ensure_ascii=False) for example in record_examples({**record, "doc_id": doc_id})
    ]


def test_annotated_corpus_jsonl_is_regrouped_into_its_statements(example_record, tmp_path):
    """Corpus-format JSONL (one annotated sentence a line) gives one document per statement, its text rebuilt."""
    from communique.reader import read_path

    lines = _corpus_lines(example_record, "first") + _corpus_lines(example_record, "second")
    path = tmp_path / "annotated.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    documents = read_path(path)
    assert [d.doc_id for d in documents] == ["first", "second"]
    last_end = example_record["sentences"][-1]["end"]
    assert documents[0].text == example_record["text"][:last_end] + "\n"
    assert documents[0].meta == {"format": "corpus-jsonl"}
    assert documents[1].source == f"{path}#second"


def test_annotated_corpus_line_out_of_place_fails_its_statement_naming_the_line(example_record, tmp_path):
    from communique.reader import DocumentError, read_path

    lines = _corpus_lines(example_record, "first")
    del lines[2]  # a sentence missing: the next one's offset no longer follows on
    path = tmp_path / "annotated.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (error,) = read_path(path)
    assert isinstance(error, DocumentError)
    assert str(error).startswith(f"{path}:3: ") and "does not follow" in str(error)
