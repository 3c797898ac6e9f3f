"""Record files for the store: one JSON record per line, checked before anything is written.

A store outlives the code that filled it, so every record is checked against the schema version this code reads
(``communique.record.SCHEMA_VERSION``); a record of another version is refused with a one-line error naming the
file and line, and the rest of the file goes on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from communique.extract import Failure
from communique.record import SCHEMA_VERSION

# the sentences of a statement that count as its opening (titles repeated in headings, then the visit's sentence)
OPENING_SENTENCES = 6
_DOC_ID_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
REQUIRED = {"doc_id": str, "text": str, "parties": list, "entities": list, "sentences": list}


def is_record_file(path: Path) -> bool:
    """Whether a ``.jsonl`` file holds records (not ``{"id", "text"}`` inputs to extract): its first non-empty
    line is a JSON object with ``sentences`` or ``schema_version``."""
    try:
        with path.open("rb") as handle:  # line by line: a bad byte further on does not hide what the file is
            for line in handle:
                if line.strip():
                    first = json.loads(line.removeprefix(b"\xef\xbb\xbf").decode("utf-8"))
                    return isinstance(first, dict) and ("sentences" in first or "schema_version" in first)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return False


def check_record(record: Any) -> str | None:
    """The problem with a parsed record, or None when the store can take it."""
    if not isinstance(record, dict):
        return "not a JSON object"
    version = record.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        return f"record schema version {version!r}, this store reads version {SCHEMA_VERSION} (re-extract it)"
    for field, kind in REQUIRED.items():
        if not isinstance(record.get(field), kind):
            return f"field {field!r} missing or not a {kind.__name__}"
    if not isinstance(record.get("sha256"), str):
        return "field 'sha256' missing (records written by `communique extract` carry it)"
    return None


# what is left of a number or a literal cut off at the end of a line (empty when the cut fell between tokens)
_PARTIAL_TOKEN = re.compile(r"[-+0-9.eE]*|t(?:r(?:ue?)?)?|f(?:a(?:l(?:se?)?)?)?|n(?:u(?:ll?)?)?")


def _line_problem(line: bytes, last: bool) -> tuple[Any, str, str | None]:
    """A record line parsed with its text, or the problem with it. The last line of a file that is still being
    written (or was cut off by a full disk or a killed writer) ends without a newline inside a record, maybe inside
    a character: that is said as such rather than as the JSON error it causes."""
    cut = last and not line.endswith(b"\n")
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as error:
        if cut and error.reason == "unexpected end of data":
            return None, "", "record line cut off (the file ends inside it: not completely written?)"
        return None, "", f"not UTF-8 text (byte {error.start + 1})"
    try:
        record = json.loads(text, parse_constant=_not_json)
    except json.JSONDecodeError as error:
        # the text ends where the parser wanted more: inside a string (whose error points at its start), inside a
        # \u escape, or inside a number or a literal (tru, -1.) that runs to the end; a complete value followed by
        # more ("Extra data") is malformed
        rest = text[error.pos :].rstrip()
        partial = error.msg != "Extra data" and _PARTIAL_TOKEN.fullmatch(rest)
        escape = error.msg.startswith("Invalid \\uXXXX escape") and len(rest) < 6
        if cut and (error.msg == "Unterminated string starting at" or partial or escape):
            return None, text, "record line cut off (the file ends inside it: not completely written?)"
        return None, text, f"malformed record line ({error.msg}, column {error.colno})"
    except ValueError as error:  # NaN or Infinity, which Python reads and JSON (and the store) does not
        return None, text, f"malformed record line ({error})"
    if _SURROGATE_ESCAPE.search(text) and _has_lone_surrogate(record):
        return None, text, "malformed record line (a \\u escape of half a surrogate pair)"
    return record, text, None


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not a JSON value")


def _has_lone_surrogate(record: Any) -> bool:
    """Whether a string of the record holds half a surrogate pair (Python reads ``"\\ud800"``, JSON text cannot
    be written with it, and the store's reader refuses it)."""
    try:
        json.dumps(record, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def read_records(path: Path) -> Iterator[tuple[dict[str, Any], str] | Failure]:
    """Each line of a record file: the record with its JSON text, or a Failure naming ``path:line`` (and the rest
    goes on)."""
    try:
        handle = path.open("rb")
    except OSError as error:
        yield Failure(str(path), f"cannot read ({error.strerror})")
        return
    with handle:
        line = handle.readline().removeprefix(b"\xef\xbb\xbf")
        number = 1
        while line:
            following = handle.readline()
            if line.strip():
                record, text, problem = _line_problem(line, last=not following)
                problem = problem or check_record(record)
                yield Failure(f"{path}:{number}", problem) if problem else (record, text.strip(" \t\r\n"))
            line, number = following, number + 1


def statement_date(record: dict[str, Any]) -> tuple[str | None, str | None]:
    """The statement's date and where it came from: the record's own ``date`` when it has one (its ``start``), else the first
    DATE entity in the opening sentences (the visit or meeting the statement reports), else the date a corpus
    ``doc_id`` ends in. Returns ``(YYYY-MM-DD | None, "record" | "opening" | "doc_id" | None)``."""
    own = record.get("date")
    if isinstance(own, dict):  # normalised like a DATE entity: {"start", "end", "grain", "evidence"}
        own = own.get("start")
    if isinstance(own, str) and _ISO_DATE.match(own):
        return own, "record"
    sentences = record.get("sentences") or []
    opening_end = sentences[min(OPENING_SENTENCES, len(sentences)) - 1]["end"] if sentences else 0
    for entity in record.get("entities", []):
        if entity.get("start", 0) >= opening_end:
            break
        norm = entity.get("norm")
        if (
            entity.get("label") == "DATE"
            and isinstance(norm, dict)
            and _ISO_DATE.match(str(norm.get("start")))
        ):
            return norm["start"], "opening"
    match = _DOC_ID_DATE.search(str(record.get("doc_id", "")))
    if match:
        return match.group(1), "doc_id"
    return None, None
