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
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup
from charset_normalizer import from_bytes

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl",)
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# Invisible characters that only break matching; removed from the text as analysed.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = {ord("\u00a0"): " ", ord("\u202f"): " "}
_BLOCK_TAGS = (
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "section",
    "article",
    "blockquote",
    "pre",
    "table",
    "ul",
    "ol",
    "dd",
    "dt",
)
_DROP_TAGS = (
    "script",
    "style",
    "nav",
    "header",
    "footer",
    "aside",
    "noscript",
    "template",
    "form",
    "iframe",
    "svg",
)


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


def html_to_text(html: str) -> tuple[str, str | None]:
    """Visible text of an HTML page with paragraph breaks kept; scripts, styles and navigation dropped."""
    soup = BeautifulSoup(html, "html.parser")
    title_tag = soup.find("h1") or soup.find("title")
    title = " ".join(title_tag.get_text().split()) if title_tag else None
    for tag in soup(_DROP_TAGS):
        tag.decompose()
    if soup.head:
        soup.head.decompose()
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    lines = [" ".join(line.split()) for line in soup.get_text().splitlines()]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text + "\n", title or None


def _check_text(text: str, source: str) -> str:
    if not text.strip():
        raise DocumentError(source, "no text in document")
    if "\x00" in text or not _looks_like_text(text):
        raise DocumentError(source, "binary content")
    return text


def read_bytes(data: bytes, source: str, doc_id: str, suffix: str) -> list[SourceDocument]:
    """Documents in one file's bytes (a JSONL file holds many)."""
    text = clean_text(decode(data, source))
    if suffix in JSONL_SUFFIXES:
        return list(_jsonl_documents(text, source))
    title = None
    if suffix in HTML_SUFFIXES or (suffix == "" and re.match(r"\s*<(!doctype|html|body|p|div)", text, re.I)):
        text, title = html_to_text(text)
    return [SourceDocument(doc_id, source, _check_text(text, source), title)]


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


def expand_paths(paths: list[str], exclude: Collection[Path] = ()) -> Iterator[Path]:
    """Files as given, directories recursively (known suffixes only, sorted), ``-`` for stdin.

    ``exclude`` holds files never to read, whatever the paths: the run's own output and errors files, which may
    lie inside an input folder and would otherwise be read back as new documents."""
    skipped = {path.resolve() for path in exclude}
    for raw in paths:
        path = Path(raw)
        if raw != "-" and path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            yield from (p for p in found if p.resolve() not in skipped)
        elif raw == "-" or path.resolve() not in skipped:
            yield path
