"""Parse the inline markup that people annotate statements in (see ``corpus/markup/README.md``).

The markup is line based so that a statement can be written and annotated in a text editor, and so that the
sentence boundaries, types and actors sit next to the sentence they describe. Parsing it yields the exact
document text plus character-offset annotations, which is what the corpus JSONL stores.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from communique.labels import ENTITY_LABELS as LABELS
from communique.labels import NORMALISED_LABELS  # noqa: F401  (re-exported for the importers)
from communique.labels import OBLIGATION_TYPES as TYPES

_PREFIX = re.compile(r"^\{([A-Z,]*)(?:\|([A-Z ]*))?(?:\|([A-Z ]*))?\} ")
# parties are alpha-3 state codes or the stable ids of groups (docs/annotation-guidelines.md, "Parties and groups")
_PARTY = re.compile(r"[A-Z]{2,6}")
_ENTITY = re.compile(r"\[\[([^\[\]|]+)\|([A-Z]+)(?:\|([^\[\]]*))?\]\]")
_DATE_NORM = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})/(day|month|year)$")
_MONEY_NORM = re.compile(r"^(\d+(?:\.\d+)?) ([A-Z]{3})$")
_SENTENCE_END = re.compile(r"[。！？][”’」』）)]*")
_ENDS_SENTENCE = re.compile(_SENTENCE_END.pattern + "$")
# what a statement does with its relationship designation (docs/annotation-guidelines.md, "Statement header fields")
RELATIONSHIP_ACTIONS = ("establish", "upgrade", "deepen", "reaffirm")


class MarkupError(ValueError):
    """A markup file breaks the format; the message names the line."""


@dataclass
class Sentence:
    start: int
    end: int
    types: list[str]
    actors: list[str]
    # None when the file predates recipient annotation (no third field); [] when annotated as directed at no state
    recipients: list[str] | None = None


@dataclass
class Entity:
    start: int
    end: int
    label: str
    text: str
    norm: Any = None


@dataclass
class MarkupDocument:
    doc_id: str
    header: dict[str, str]
    text: str
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    # the `# relationship:` header: {"designation": …, "action": …}, both None for `none`; None without the header
    relationship: dict[str, str | None] | None = None


def parse_norm(label: str, raw: str | None, where: str) -> Any:
    """Turn the NORM field of an entity into the value the record carries."""
    if label not in NORMALISED_LABELS:
        if raw:
            raise MarkupError(f"{where}: {label} takes no normalised value, got {raw!r}")
        return None
    if not raw:
        raise MarkupError(f"{where}: {label} needs a normalised value")
    if label == "STATE":
        if not re.fullmatch(r"[A-Z]{3}", raw):
            raise MarkupError(f"{where}: STATE value must be an alpha-3 code, got {raw!r}")
        return raw
    if label == "DATE":
        match = _DATE_NORM.match(raw)
        if not match:
            raise MarkupError(f"{where}: DATE value must be START..END/GRAIN, got {raw!r}")
        return {"start": match[1], "end": match[2], "grain": match[3]}
    match = _MONEY_NORM.match(raw)
    if not match:
        raise MarkupError(f"{where}: MONEY value must be 'AMOUNT CUR', got {raw!r}")
    amount = float(match[1])
    return {"amount": int(amount) if amount.is_integer() else amount, "currency": match[2]}


def parse_relationship(raw: str, where: str) -> dict[str, str | None]:
    """``DESIGNATION | ACTION`` or ``none`` → ``{"designation": …, "action": …}`` (both None for ``none``)."""
    if raw == "none":
        return {"designation": None, "action": None}
    designation, separator, action = (part.strip() for part in raw.partition("|"))
    if not separator or not designation or "|" in action:
        raise MarkupError(f"{where}: relationship must be 'DESIGNATION | ACTION' or 'none', got {raw!r}")
    if action not in RELATIONSHIP_ACTIONS:
        raise MarkupError(
            f"{where}: unknown relationship action {action!r} (one of {', '.join(RELATIONSHIP_ACTIONS)})"
        )
    return {"designation": designation, "action": action}


def _parse_sentence_line(line: str, offset: int, where: str) -> tuple[str, Sentence, list[Entity]]:
    prefix = _PREFIX.match(line)
    if not prefix:
        raise MarkupError(f"{where}: a sentence line must start with '{{TYPES|ACTORS}} '")
    types = [t for t in prefix[1].split(",") if t]
    actors = (prefix[2] or "").split()
    recipients = prefix[3].split() if prefix[3] is not None else None
    for code in actors + (recipients or []):
        if not _PARTY.fullmatch(code):
            raise MarkupError(f"{where}: {code!r} is neither an alpha-3 code nor a group id")
    for t in types:
        if t not in TYPES:
            raise MarkupError(f"{where}: unknown type {t!r}")
    if types and not actors:
        raise MarkupError(f"{where}: typed sentence without actors")
    if recipients and not types:
        raise MarkupError(f"{where}: recipients on a sentence without types")
    body = line[prefix.end() :]
    pieces: list[str] = []
    entities: list[Entity] = []
    cursor = 0
    length = 0
    for match in _ENTITY.finditer(body):
        plain = body[cursor : match.start()]
        pieces.append(plain)
        length += len(plain)
        surface, label, raw_norm = match[1], match[2], match[3]
        if label not in LABELS:
            raise MarkupError(f"{where}: unknown label {label!r}")
        norm = parse_norm(label, raw_norm, f"{where} [[{surface}]]")
        start = offset + length
        entities.append(Entity(start, start + len(surface), label, surface, norm))
        pieces.append(surface)
        length += len(surface)
        cursor = match.end()
    pieces.append(body[cursor:])
    text = "".join(pieces)
    if "[[" in text or "]]" in text:
        raise MarkupError(f"{where}: unbalanced or malformed [[...]] markup")
    if not text.strip():
        raise MarkupError(f"{where}: empty sentence")
    inner_end = _SENTENCE_END.search(text)
    if inner_end and inner_end.end() < len(text):
        raise MarkupError(
            f"{where}: line holds more than one sentence (split after {text[: inner_end.end()]!r})"
        )
    return text, Sentence(offset, offset + len(text), types, actors, recipients), entities


def parse_markup(source: str, doc_id: str | None = None) -> MarkupDocument:
    """Parse one markup document; raise MarkupError naming the first problem."""
    lines = source.splitlines()
    header: dict[str, str] = {}
    header_line: dict[str, int] = {}  # key -> its line number, for the errors of the fields that are checked
    index = 0
    while index < len(lines) and lines[index].startswith("# ") and not _PREFIX.match(lines[index]):
        key, _, value = lines[index][2:].partition(":")
        header[key.strip()] = value.strip()
        header_line[key.strip()] = index + 1
        index += 1
    document = MarkupDocument(doc_id or header.get("id", ""), header, "")
    if not document.doc_id:
        raise MarkupError("no '# id:' header")
    if "relationship" in header:
        where = f"{document.doc_id}:{header_line['relationship']}"
        document.relationship = parse_relationship(header["relationship"], where)
    parts: list[str] = []
    offset = 0
    paragraph_open = False
    for number, line in enumerate(lines[index:], start=index + 1):
        where = f"{document.doc_id}:{number}"
        if not line.strip():
            paragraph_open = False if parts else paragraph_open
            continue
        if parts and not paragraph_open:
            parts.append("\n\n")
            offset += 2
        elif parts and not _ENDS_SENTENCE.search(parts[-1]):
            # a line that ends without 。！？ (a clause of a preamble ending in ；, a lead-in ending in ：, a list
            # item) is laid out on its own line, as statements print them: without the break the sentence boundary
            # the line marks would not exist in the text
            parts.append("\n")
            offset += 1
        text, sentence, entities = _parse_sentence_line(line, offset, where)
        parts.append(text)
        offset += len(text)
        document.sentences.append(sentence)
        document.entities.extend(entities)
        paragraph_open = True
    parts.append("\n")
    document.text = "".join(parts)
    return document


def read_markup(path: Path) -> MarkupDocument:
    """Read and parse a ``.ann.txt`` file."""
    return parse_markup(path.read_text(encoding="utf-8"))
