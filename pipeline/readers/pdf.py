"""PDF statements: the text layer as paragraphs, with each paragraph's page.

pypdf reads the text layer (chosen by measured accuracy on Chinese PDFs with CID fonts and with embedded TrueType
fonts: pdfminer.six lost the middle dot of names such as 阿库福·阿多 in CID fonts, ``benchmarks/inputs.py``) and
reports where each piece of text is drawn, which is what puts the text back
together: Chinese PDFs break lines mid-sentence, so a line continues the paragraph unless it is indented or the line
before it stops short of the right margin. Running headers and footers (the same line at the top or bottom of most
pages, page numbers aside) and page numbers are dropped. Compatibility characters that CID fonts produce (Kangxi
radicals such as ⼀ for 一, CJK compatibility ideographs, ligatures) are normalised with NFKC; full-width punctuation
and digits are kept, since the sentencizer and the normalisers read them.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from pypdf import PdfReader

# full-width forms, the ideographic space and the ellipsis stay as written
_KEEP = frozenset(chr(code) for code in range(0xFF00, 0xFFF0)) | {"\u3000", "\u2026"}
_PAGE_NUMBER = re.compile(
    r"^[-—–·\s]*(?:\d+|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|page\s*\d+(?:\s*of\s*\d+)?)[-—–·\s]*$",
    re.I,
)
_SENTENCE_END = tuple("。！？：；…”」』）)")
# a header or footer lies in the top or bottom BAND of the page height
BAND = 0.12


class PdfError(Exception):
    """A PDF that gives no text; the message is the problem, for the caller to put after the file name."""


@dataclass(frozen=True)
class Line:
    text: str
    page: int
    x0: float
    x1: float
    top: float  # distance from the page's top edge
    height: float
    page_height: float


@dataclass(frozen=True)
class PdfText:
    """The document's text (paragraphs separated by blank lines) and where each page after the first begins."""

    text: str
    page_starts: tuple[int, ...]
    pages: int


def normalise_compatibility(text: str) -> str:
    """NFKC for compatibility characters (⼀ → 一, ﬁ → fi), leaving full-width punctuation and digits alone."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    return "".join(
        char
        if char in _KEEP or unicodedata.is_normalized("NFKC", char)
        else unicodedata.normalize("NFKC", char)
        for char in text
    )


def _width(text: str, size: float) -> float:
    """A line's width estimated from its characters (CJK and full-width forms one em, the rest half an em)."""
    return size * sum(1.0 if unicodedata.east_asian_width(char) in "WF" else 0.5 for char in text)


def _lines(data: bytes) -> tuple[list[Line], int]:
    """Every text line with its position, from the text operators pypdf reports (merged when on one baseline)."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise PdfError("encrypted PDF (a password is needed)")
        pages = list(reader.pages)
    except PdfError:
        raise
    except Exception as error:  # noqa: BLE001 - pypdf raises many kinds on damaged files
        raise PdfError(f"not a readable PDF ({type(error).__name__}: {error})") from error
    lines: list[Line] = []
    for number, page in enumerate(pages, start=1):
        height = float(page.mediabox.height) or 1.0
        chunks: list[tuple[float, float, float, str]] = []  # baseline y, x, size, text

        def visit(
            text: str, cm: list[float], tm: list[float], _font: object, size: float, chunks: list = chunks
        ) -> None:
            if not text.strip():
                return
            # text space to page space: the text matrix, then the current transformation matrix
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            scale = (tm[0] * cm[0] + tm[1] * cm[2]) or 1.0
            for piece in text.split("\n"):
                if piece.strip():
                    chunks.append((y, x, abs(size * scale), piece))

        try:
            page.extract_text(visitor_text=visit)
        except Exception as error:  # noqa: BLE001
            raise PdfError(f"not a readable PDF (page {number}: {type(error).__name__}: {error})") from error
        chunks.sort(key=lambda chunk: (-round(chunk[0]), chunk[1]))
        index = 0
        while index < len(chunks):
            y, x, size, _ = chunks[index]
            same = [chunk for chunk in chunks[index:] if abs(chunk[0] - y) < max(size, 1.0) * 0.3]
            index += len(same)
            raw = "".join(chunk[3] for chunk in same)
            # pieces of one line in several fonts (embedded subsets) may all report the line's start: the line's
            # width is that of all its characters
            start = min(chunk[1] for chunk in same)
            end = start + _width(raw, size)
            lines.append(
                Line(normalise_compatibility(raw), number, start, end, height - y - size, size, height)
            )
    lines.sort(key=lambda line: (line.page, round(line.top), line.x0))
    return lines, len(pages)


def _in_band(line: Line) -> bool:
    return line.top < line.page_height * BAND or line.top > line.page_height * (1 - BAND)


def _furniture(lines: list[Line], pages: int) -> set[int]:
    """Indexes of running headers, footers and page numbers."""
    shape = [re.sub(r"\d+", "#", " ".join(line.text.split())) for line in lines]
    repeated = Counter({(s, line.page) for s, line in zip(shape, lines, strict=True) if _in_band(line)})
    on_pages = Counter(s for s, _ in repeated)
    needed = max(2, (pages + 1) // 2)
    dropped = set()
    for index, line in enumerate(lines):
        if not _in_band(line):
            continue
        if _PAGE_NUMBER.match(line.text.strip()) or (pages > 1 and on_pages[shape[index]] >= needed):
            dropped.add(index)
    return dropped


def _joined(left: str, right: str) -> str:
    """Lines of one paragraph: no space between CJK characters or digits, one between words of Latin script."""
    if (
        left
        and right
        and left[-1].isascii()
        and left[-1].isalpha()
        and right[0].isascii()
        and right[0].isalpha()
    ):
        return left + " " + right
    return left + right


def read_pdf(data: bytes) -> PdfText:
    """The text layer as paragraphs; ``PdfError`` when there is none (a scan) or the file is not a PDF."""
    lines, pages = _lines(data)
    dropped = _furniture(lines, pages)
    body = [line for index, line in enumerate(lines) if index not in dropped]
    if not any(line.text.strip() for line in body):
        raise PdfError("no text layer: a scan? (text is only read from PDFs that carry it)")
    right = max(line.x1 for line in body)
    left = min(line.x0 for line in body)
    paragraphs: list[str] = []
    starts: list[tuple[int, int]] = []  # (paragraph index, offset inside it) where each page begins
    previous: Line | None = None
    for line in body:
        char = max(line.height, 1.0)
        text = line.text.strip()
        indented = line.text[:1].isspace() or line.x0 > left + 1.5 * char
        # a paragraph's last line stops short of the margin after 。 or ：; a heading stops far short of it (lines
        # with Latin digits are narrower, so a short line without end punctuation still continues)
        short = previous is not None and (
            (previous.x1 < right - 1.5 * char and previous.text.rstrip().endswith(_SENTENCE_END))
            or previous.x1 < right - 0.25 * (right - left)
        )
        new_paragraph = previous is None or indented or short
        if new_paragraph:
            paragraphs.append(text)
            offset = 0
        else:
            offset = len(paragraphs[-1]) + (
                1 if _joined(paragraphs[-1], text) != paragraphs[-1] + text else 0
            )
            paragraphs[-1] = _joined(paragraphs[-1], text)
        if previous is None or line.page != previous.page:
            starts.append((len(paragraphs) - 1, offset))
        previous = line
    beginnings = []
    position = 0
    for paragraph in paragraphs:
        beginnings.append(position)
        position += len(paragraph) + 2
    text = "\n\n".join(paragraphs) + "\n"
    page_starts = tuple(beginnings[index] + offset for index, offset in starts[1:])
    return PdfText(text, page_starts, pages)
