"""Turn what a user has (files in any common encoding, HTML pages, JSONL exports, stdin) into document texts.

Every failure is a ``DocumentError`` carrying one line that names the file and the problem, so that a batch can
report it and go on with the next file. A damaged but readable file is read, not rejected: a few undecodable bytes
(one invalid byte, an encoded surrogate, a file cut mid-character) are replaced with U+FFFD and the document
carries a one-line warning; a JSONL file fails line by line, so one bad record costs only that record.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field, replace
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
# UTF-8 with at most this share of its non-ASCII bytes undecodable is damaged UTF-8 (read with replacement
# characters), not another encoding: GB18030 or Big5 text read as UTF-8 fails on nearly every non-ASCII byte.
DAMAGED_UTF8_SHARE = 0.05
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

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
    # what was repaired while reading (bytes replaced …), one line each; not part of the content key
    warnings: tuple[str, ...] = ()
    # where the text came from, kept in the record as ``source_meta`` (docs/schema.md): format, url, published …
    meta: dict[str, Any] = field(default_factory=dict)
    # offsets in ``text`` where pages 2, 3 … begin (PDF), so that each sentence gets its page number
    page_starts: tuple[int, ...] = ()

    @property
    def sha256(self) -> str:
        """Content key for ``--resume``: the same id and text give the same key whatever the file was called."""
        return hashlib.sha256(f"{self.doc_id}\n{self.text}".encode()).hexdigest()


def display_name(name: str) -> str:
    """A file name as text that can be printed and written as UTF-8: bytes that are not UTF-8 in a name (which
    Python keeps as lone surrogates) become U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def decode(data: bytes, source: str) -> tuple[str, list[str]]:
    """Bytes to text and warnings: BOMs first, then UTF-8, then charset detection (GB18030/GBK, Big5, UTF-16 …).

    UTF-8 or UTF-16 with a few undecodable bytes is read with U+FFFD in their place and a warning, instead of
    rejecting the whole statement for one bad byte."""
    if not data.strip():
        raise DocumentError(source, "empty file")
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec), []
            except UnicodeDecodeError:
                return _replaced(data, codec, source)
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    if _damaged_utf8(data):
        return _replaced(data, "utf-8", source)
    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_16_le", "utf_16_be", "utf_8"]).best()
    if best is None:
        raise DocumentError(source, "binary or undecodable content (no text encoding fits)")
    text = str(best)
    if not _looks_like_text(text):
        raise DocumentError(source, f"binary content (decodes as {best.encoding} but is not text)")
    return text, []


def _damaged_utf8(data: bytes) -> bool:
    """UTF-8 with a few bad bytes, or another encoding? Count the non-ASCII bytes UTF-8 cannot decode."""
    non_ascii = sum(1 for byte in data if byte >= 0x80)
    bad = _undecodable_bytes(data, "utf-8")
    return bad <= non_ascii * DAMAGED_UTF8_SHARE


def _undecodable_bytes(data: bytes, codec: str) -> int:
    """How many undecodable stretches ``data`` holds in ``codec`` (each becomes one U+FFFD)."""
    return len(data.decode(codec, "replace")) - len(data.decode(codec, "ignore"))


def _replaced(data: bytes, codec: str, source: str) -> tuple[str, list[str]]:
    text = data.decode(codec, "replace")
    bad = _undecodable_bytes(data, codec)
    if not _looks_like_text(text) or text.count("\ufffd") > max(3, len(text) // 10):
        raise DocumentError(source, f"binary or undecodable content (not {codec} and no other encoding fits)")
    noun = "sequence" if bad == 1 else "sequences"
    return text, [f"{bad} undecodable byte {noun} ({codec}) replaced with U+FFFD"]


def _without_surrogates(text: str) -> tuple[str, list[str]]:
    """Lone surrogates (``\\ud800`` escapes in JSON) cannot be written as UTF-8: U+FFFD and a warning."""
    count = len(_LONE_SURROGATE.findall(text))
    if not count:
        return text, []
    return _LONE_SURROGATE.sub("\ufffd", text), [f"{count} lone surrogate(s) replaced with U+FFFD"]


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


def read_bytes(data: bytes, source: str, doc_id: str, suffix: str) -> list[SourceDocument | DocumentError]:
    """Documents in one file's bytes (a JSONL file or a page with several articles holds many). A file that cannot
    be read at all raises DocumentError; a JSONL line that cannot be read is a DocumentError in the list, in its
    place."""
    binary = binary_format(data, suffix)
    if binary is not None:
        return [read_binary(data, source, doc_id, binary)]
    decoded, warnings = decode(data, source)
    text = clean_text(decoded)
    if suffix in JSONL_SUFFIXES:
        return list(_jsonl_documents(text, source, warnings))
    if suffix in HTML_SUFFIXES or (
        suffix == "" and re.match(r"\s*<(!doctype|html|head|body|p|div)", text, re.I)
    ):
        return [replace(d, warnings=tuple(warnings)) for d in html_documents(text, source, doc_id)]
    return [
        SourceDocument(
            doc_id, source, _check_text(text, source), warnings=tuple(warnings), meta={"format": "text"}
        )
    ]


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
        return SourceDocument(
            doc_id, source, _check_text(text, source), None, meta=meta, page_starts=pdf.page_starts
        )
    from communique.readers.docx import DocxError, read_docx

    try:
        text, title = read_docx(data)
    except DocxError as error:
        raise DocumentError(source, str(error)) from None
    return SourceDocument(
        doc_id, source, _check_text(clean_text(text), source), title, meta={"format": "docx"}
    )


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
            meta={**meta, "article": number} if several else meta,
        )
        for number, article in enumerate(page.articles, start=1)
    ]


def _jsonl_documents(
    text: str, source: str, file_warnings: list[str]
) -> Iterator[SourceDocument | DocumentError]:
    lines = text.splitlines()
    if _is_corpus_format(lines):
        yield from corpus_statements(lines, source, file_warnings)
        return
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield _jsonl_document(line, source, number, file_warnings)
        except DocumentError as error:
            yield error


def _corpus_line(item: Any) -> bool:
    """A line of the annotated corpus (``corpus/documents/*.jsonl``, doccano's export): one sentence with its
    spans, categories and ``meta.doc_id``/``meta.offset``, not a statement of its own."""
    return (
        isinstance(item, dict)
        and isinstance(item.get("meta"), dict)
        and "doc_id" in item["meta"]
        and "offset" in item["meta"]
        and ("cats" in item or "entities" in item)
    )


def _is_corpus_format(lines: list[str]) -> bool:
    """Decided on the first line that parses: analysing each annotated sentence as a statement would give a
    thousand one-sentence "statements" with no parties."""
    for line in lines:
        if not line.strip():
            continue
        try:
            return _corpus_line(json.loads(line))
        except (json.JSONDecodeError, RecursionError):
            continue
    return False


def corpus_statements(
    lines: list[str], source: str, file_warnings: list[str]
) -> Iterator[SourceDocument | DocumentError]:
    """Annotated sentences regrouped into their statements: the text rebuilt from each sentence's ``gap`` and text
    at its ``offset`` (as ``evaluation/gold.py`` reads the corpus), one document per ``meta.doc_id`` in order of
    first appearance. A line that does not fit (bad JSON, another shape, an offset that does not follow on) fails
    its whole statement, naming ``FILE:LINE``, since the text around it cannot be rebuilt."""
    order: list[str] = []
    parts: dict[str, list[str]] = {}
    first_line: dict[str, int] = {}
    broken: dict[str, DocumentError] = {}
    stray: list[DocumentError] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            item = json.loads(line)
        except (json.JSONDecodeError, RecursionError):
            stray.append(DocumentError(where, "invalid JSON in an annotated-corpus file"))
            continue
        if not _corpus_line(item) or not isinstance(item.get("text"), str):
            stray.append(DocumentError(where, "not an annotated sentence (text, meta.doc_id, meta.offset)"))
            continue
        meta = item["meta"]
        doc_id = str(meta["doc_id"])
        if doc_id not in parts:
            order.append(doc_id)
            parts[doc_id] = []
            first_line[doc_id] = number
        so_far = "".join(parts[doc_id])
        gap = meta.get("gap") if isinstance(meta.get("gap"), str) else ""
        if meta["offset"] != len(so_far) + len(gap) and doc_id not in broken:
            broken[doc_id] = DocumentError(
                where, f"sentence of {doc_id} at offset {meta['offset']} does not follow the previous one"
            )
        parts[doc_id] += [gap, item["text"]]
    yield from stray
    for doc_id in order:
        if doc_id in broken:
            yield broken[doc_id]
            continue
        where = f"{source}:{first_line[doc_id]}"
        text, warnings = _without_surrogates("".join(parts[doc_id]) + "\n")
        yield SourceDocument(
            doc_id,
            f"{source}#{doc_id}",
            _check_text(clean_text(text), where),
            None,
            tuple(file_warnings + warnings),
            meta={"format": "corpus-jsonl"},
        )


def _jsonl_document(line: str, source: str, number: int, file_warnings: list[str]) -> SourceDocument:
    where = f"{source}:{number}"
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        raise DocumentError(where, f"invalid JSON ({error.msg})") from error
    except RecursionError as error:
        raise DocumentError(where, "invalid JSON (nested too deeply)") from error
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        raise DocumentError(where, 'expected an object with a "text" string')
    text, warnings = _without_surrogates(item["text"])
    doc_id, id_warnings = _without_surrogates(str(item.get("id") or f"{Path(source).stem}-{number}"))
    title = item.get("title")
    title = _without_surrogates(title)[0] if isinstance(title, str) else None
    all_warnings = tuple(file_warnings + warnings + id_warnings)
    return SourceDocument(doc_id, where, _check_text(clean_text(text), where), title, all_warnings)


def read_path(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> list[SourceDocument | DocumentError]:
    """Read one file (or ``-`` for stdin) into documents; raise DocumentError with a one-line reason when the file
    cannot be read at all (a JSONL line that cannot be read is a DocumentError item, see ``read_bytes``)."""
    source = display_name(str(path))
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
    return read_bytes(data, source, display_name(path.stem), path.suffix.lower())


@dataclass(frozen=True)
class Unsupported:
    """A file found in a folder whose type the tool does not read: reported as a failure, never skipped silently."""

    path: Path

    @property
    def problem(self) -> str:
        kind = self.path.suffix.lower() or "without an extension"
        return f"not read: files {kind} are not a supported type (read: {', '.join(SUFFIXES)})"


def does_not_exist(raw: str) -> bool:
    """A path given on the command line that names nothing (not one that exists but cannot be read: that is
    the document's failure, exit 1)."""
    if raw == "-":
        return False
    try:
        os.stat(raw)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except OSError:
        return False
    return False


def expand_paths(
    paths: list[str], exclude: Collection[Path] = ()
) -> Iterator[Path | DocumentError | Unsupported]:
    """Files as given, directories recursively (known suffixes only, sorted), ``-`` for stdin.

    ``exclude`` holds files never to read, whatever the paths: the run's own output and errors files, which may
    lie inside an input folder and would otherwise be read back as new documents. What cannot be listed (a
    sub-directory without read permission) and file links that lead outside the directory given are reported as
    DocumentErrors in their place, never skipped silently or followed; files of a type the tool does not
    read come as ``Unsupported`` so that the caller reports them (hidden files and folders are passed over)."""
    skipped = {path.resolve() for path in exclude}
    for raw in paths:
        path = Path(raw)
        if raw != "-" and path.is_dir():
            for item in _walk(path):
                found = item.path if isinstance(item, Unsupported) else item
                if not isinstance(found, Path) or found.resolve() not in skipped:
                    yield item
        elif raw == "-" or path.resolve() not in skipped:
            yield path


def _walk(root: Path) -> Iterator[Path | DocumentError | Unsupported]:
    """Files under ``root`` in sorted order, those of a type not read as ``Unsupported``; hidden files and folders
    (.git, .DS_Store) are passed over, as ``ls`` does; directory links are not followed (no loops)."""
    found: list[tuple[str, Path | DocumentError | Unsupported]] = []
    top = root.resolve()

    def unreadable(error: OSError) -> None:
        name = display_name(error.filename or str(root))
        found.append((name, DocumentError(name, f"cannot read directory ({error.strerror or error})")))

    for folder, dirs, files in os.walk(root, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = Path(folder) / name
            if name.startswith("."):
                continue
            if path.suffix.lower() not in SUFFIXES:
                found.append((str(path), Unsupported(path)))
                continue
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(top):
                    error = DocumentError(
                        display_name(str(path)), "link to a file outside the directory (not followed)"
                    )
                    found.append((str(path), error))
                    continue
                if not target.is_file():
                    continue
            elif not path.is_file():
                continue
            found.append((str(path), path))
    for _key, item in sorted(found, key=lambda pair: _sort_key(pair[0], root)):
        yield item


def _sort_key(name: str, root: Path) -> tuple[str, ...]:
    """The order ``sorted(Path.rglob)`` gave: by path parts."""
    return Path(name).relative_to(root).parts if Path(name).is_relative_to(root) else (name,)
