"""Turn what a user has (files in any common encoding, HTML pages, JSONL exports, stdin) into document texts.

Every failure is a ``DocumentError`` carrying one line that names the file and the problem, so that a batch can
report it and go on with the next file.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
JSONL_SUFFIXES = (".jsonl",)
PDF_SUFFIXES = (".pdf",)
DOCX_SUFFIXES = (".docx",)
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + PDF_SUFFIXES + DOCX_SUFFIXES
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# Invisible characters that only break matching; removed from the text as analysed.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = {ord("\u00a0"): " ", ord("\u202f"): " "}


class DocumentError(Exception):
    """A document that cannot be read; ``str()`` is the one-line message for the user."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


@dataclass(frozen=True)
class SourceDocument:
    doc_id: str
    source: str
    text: str
    title: str | None = None
    # where the text came from, kept in the record as ``source_meta`` (docs/schema.md): format, url, published …
    meta: dict[str, Any] = field(default_factory=dict)
    # offsets in ``text`` where pages 2, 3 … begin (PDF), so that each sentence gets its page number
    page_starts: tuple[int, ...] = ()

    @property
    def sha256(self) -> str:
        """Content key for ``--resume``: the same id and text give the same key whatever the file was called."""
        return hashlib.sha256(f"{self.doc_id}\n{self.text}".encode()).hexdigest()


def decode(data: bytes, source: str) -> str:
    """Bytes to text: BOMs first, then strict UTF-8, then charset detection (GB18030/GBK, Big5, UTF-16 …)."""
    if not data.strip():
        raise DocumentError(source, "empty file")
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as error:
                raise DocumentError(source, f"undecodable {codec} text ({error.reason})") from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_16_le", "utf_16_be", "utf_8"]).best()
    if best is None:
        raise DocumentError(source, "binary or undecodable content (no text encoding fits)")
    text = str(best)
    if not _looks_like_text(text):
        raise DocumentError(source, f"binary content (decodes as {best.encoding} but is not text)")
    return text


def _looks_like_text(text: str) -> bool:
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\n\r\t\f")
    return controls <= len(text) * 0.01


def clean_text(text: str) -> str:
    """Line ends, invisible characters and no-break spaces, which carry no content but break matching."""
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE).translate(_SPACES)


def _check_text(text: str, source: str) -> str:
    if not text.strip():
        raise DocumentError(source, "no text in document")
    if "\x00" in text or not _looks_like_text(text):
        raise DocumentError(source, "binary content")
    return text


def read_bytes(data: bytes, source: str, doc_id: str, suffix: str) -> list[SourceDocument]:
    """Documents in one file's bytes (a JSONL file or a page with several articles holds many)."""
    binary = binary_format(data, suffix)
    if binary is not None:
        return [read_binary(data, source, doc_id, binary)]
    text = clean_text(decode(data, source))
    if suffix in JSONL_SUFFIXES:
        return list(_jsonl_documents(text, source))
    if suffix in HTML_SUFFIXES or (
        suffix == "" and re.match(r"\s*<(!doctype|html|head|body|p|div)", text, re.I)
    ):
        return html_documents(text, source, doc_id)
    return [SourceDocument(doc_id, source, _check_text(text, source), meta={"format": "text"})]


def binary_format(data: bytes, suffix: str) -> str | None:
    """``pdf`` or ``docx`` by suffix or, for stdin and unnamed files, by content; None for text formats."""
    if suffix in PDF_SUFFIXES or (suffix not in TEXT_SUFFIXES and data.startswith(b"%PDF-")):
        return "pdf"
    if suffix in DOCX_SUFFIXES or (data.startswith(b"PK\x03\x04") and b"word/" in data[:65536]):
        return "docx"
    return None


def read_binary(data: bytes, source: str, doc_id: str, kind: str) -> SourceDocument:
    """A PDF or Word file through its reader (``communique.readers``), failures as one-line DocumentErrors."""
    if kind == "pdf":
        from communique.readers.pdf import PdfError, read_pdf

        try:
            pdf = read_pdf(data)
        except PdfError as error:
            raise DocumentError(source, str(error)) from None
        text = clean_text(pdf.text)
        meta = {"format": "pdf", "pages": pdf.pages}
        return SourceDocument(doc_id, source, _check_text(text, source), None, meta, pdf.page_starts)
    from communique.readers.docx import DocxError, read_docx

    try:
        text, title = read_docx(data)
    except DocxError as error:
        raise DocumentError(source, str(error)) from None
    return SourceDocument(doc_id, source, _check_text(clean_text(text), source), title, {"format": "docx"})


def html_documents(html: str, source: str, doc_id: str) -> list[SourceDocument]:
    """The articles of a page (``communique.readers.html``): one document each, ``-1``, ``-2`` … when several."""
    from communique.readers.html import read_page

    page = read_page(html)
    meta: dict[str, Any] = {"format": "html"}
    meta.update((key, value) for key, value in (("url", page.url), ("published", page.published)) if value)
    if page.warnings:
        meta["warnings"] = list(page.warnings)
    if not page.articles:
        raise DocumentError(source, "no text in document")
    several = len(page.articles) > 1
    return [
        SourceDocument(
            f"{doc_id}-{number}" if several else doc_id,
            f"{source}#{number}" if several else source,
            _check_text(article.text + "\n", source),
            article.title,
            {**meta, "article": number} if several else meta,
        )
        for number, article in enumerate(page.articles, start=1)
    ]


def _jsonl_documents(text: str, source: str) -> Iterator[SourceDocument]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            raise DocumentError(where, f"invalid JSON ({error.msg})") from error
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise DocumentError(where, 'expected an object with a "text" string')
        doc_id = str(item.get("id") or f"{Path(source).stem}-{number}")
        yield SourceDocument(doc_id, where, _check_text(clean_text(item["text"]), where), item.get("title"))


def read_path(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> list[SourceDocument]:
    """Read one file (or ``-`` for stdin) into documents; raise DocumentError with a one-line reason."""
    source = str(path)
    if source == "-":
        return read_bytes(sys.stdin.buffer.read(), "<stdin>", "stdin", "")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DocumentError(source, f"file too large ({size} bytes, limit {max_bytes})")
        data = path.read_bytes()
    except DocumentError:
        raise
    except IsADirectoryError as error:
        raise DocumentError(source, "is a directory") from error
    except FileNotFoundError as error:
        raise DocumentError(source, "no such file") from error
    except PermissionError as error:
        raise DocumentError(source, "permission denied") from error
    except OSError as error:
        raise DocumentError(source, f"cannot read ({error.strerror or error})") from error
    return read_bytes(data, source, path.stem, path.suffix.lower())


@dataclass(frozen=True)
class Unsupported:
    """A file found in a folder whose type the tool does not read: reported as a failure, never skipped silently."""

    path: Path

    @property
    def problem(self) -> str:
        kind = self.path.suffix.lower() or "without an extension"
        return f"not read: files {kind} are not a supported type (read: {', '.join(SUFFIXES)})"


def expand_paths(paths: list[str], exclude: Collection[Path] = ()) -> Iterator[Path | Unsupported]:
    """Files as given, directories recursively (sorted), ``-`` for stdin.

    In a directory, files of a type the tool does not read come as ``Unsupported`` so that the caller reports
    them; hidden files and folders (``.DS_Store``, ``.git``) are passed over, as ``ls`` does. ``exclude`` holds
    files never to read, whatever the paths: the run's own output and errors files, which may lie inside an input
    folder and would otherwise be read back as new documents."""
    skipped = {path.resolve() for path in exclude}
    for raw in paths:
        path = Path(raw)
        if raw != "-" and path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            for file in found:
                if file.resolve() in skipped:
                    continue
                yield file if file.suffix.lower() in SUFFIXES else Unsupported(file)
        elif raw == "-" or path.resolve() not in skipped:
            yield path
