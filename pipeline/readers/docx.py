"""Word (.docx) statements: paragraphs and tables in reading order (python-docx).

``Document.paragraphs`` and ``Document.tables`` are two separate lists, so the body's children are walked instead:
a table between two paragraphs stays between them. A table row becomes one line, its cells separated by tabs
(merged cells, which python-docx repeats, once). Headers and footers are page furniture and are not read.
"""

from __future__ import annotations

import io
import zipfile

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph


class DocxError(Exception):
    """A .docx that cannot be read; the message is the problem."""


def _table_lines(table: Table) -> list[str]:
    lines = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            lines.append("\t".join(cells))
    return lines


def read_docx(data: bytes) -> tuple[str, str | None]:
    """The document's text (one line per paragraph or table row) and its title (the first heading, else the
    document property), or ``DocxError``."""
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise DocxError(f"not a readable .docx file ({type(error).__name__}: {error})") from error
    lines: list[str] = []
    title = None
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            text = paragraph.text.strip()
            if not text:
                continue
            style = (paragraph.style.name if paragraph.style is not None else "") or ""
            if title is None and (style.startswith("Heading") or style == "Title"):
                title = text
            lines.append(text)
        elif tag == "tbl":
            lines.extend(_table_lines(Table(child, document)))
    title = title or (document.core_properties.title or "").strip() or None
    return "\n".join(lines) + "\n" if lines else "", title
