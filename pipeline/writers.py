"""Writers: records to JSONL or CSV, failures to an errors file.

Every output file is written as ``NAME.part`` beside its final name, under an exclusive lock, and renamed over
``NAME`` only when the run finishes (``PartialFile``): a run that fails (an unreachable scheduler, a full disk)
or is killed never empties or corrupts the previous result, and a second run writing the same file is refused
instead of interleaving its lines with the first one's.

JSONL output is appended one whole line per ``write`` system call on an unbuffered file, so that a run killed at
any moment leaves at most one partial line at the end of ``OUT.part``; ``--resume`` continues from that file (or
from a copy of ``OUT`` when no run was interrupted), ``resume_jsonl`` cuts the partial line off and returns the
keys of the records that are complete, and the resumed run appends the rest in the same order. The result is byte
for byte what an uninterrupted run writes.
"""

from __future__ import annotations

import csv
import fcntl
import json
import os
import shutil
import sys
from pathlib import Path
from typing import IO, Any

from communique.extract import Failure
from communique.plover import sentence_events

# Flat columns only, no JSON inside a cell: a spreadsheet or ``pandas.read_csv`` gets numbers and codes as they are.
# ``norm_code`` is a state's ISO code or a knowledge-base id; ``amount``/``currency`` a MONEY value; ``date_*`` a
# DATE value (docs/schema.md). Empty cells where an entity has no such value.
ENTITY_COLUMNS = (
    "doc_id",
    "start",
    "end",
    "label",
    "text",
    "norm_code",
    "norm_name",
    "amount",
    "currency",
    "date_start",
    "date_end",
    "date_grain",
)
SENTENCE_COLUMNS = ("doc_id", "start", "end", "types", "actors", "triggers", "text")
TRIGGER_COLUMNS = ("doc_id", "sentence_start", "start", "end", "type", "text")
STATEMENT_COLUMNS = (
    "doc_id",
    "title",
    "kind",
    "date",
    "parties",
    "relationship",
    "relationship_canonical",
    "relationship_rank",
    "relationship_action",
    "entities",
    "sentences",
    "source",
)
ACT_COLUMNS = (
    "doc_id",
    "sentence_start",
    "act",
    "type",
    "plover_event",
    "trigger_start",
    "trigger_end",
    "trigger",
    "inherited",
    "actors",
    "recipients",
    "object_start",
    "object_end",
    "object",
    "amounts",
    "amount_values",
    "dates",
    "date_roles",
    "date_starts",
    "date_ends",
    "documents",
    "initiatives",
    "events",
    "contexts",
)
CSV_FILES = ("statements.csv", "entities.csv", "sentences.csv", "triggers.csv", "acts.csv")


def act_row(
    doc_id: str, sentence_start: int, number: int, act: dict[str, Any], found: Any
) -> tuple[Any, ...]:
    """One row of ``acts.csv``: lists of attached entities ``;``-joined in the order they appear (``amounts``
    and ``amount_values``, ``dates`` and ``date_roles`` / ``date_starts`` / ``date_ends`` pair up by position).
    ``found``: the act's PLOVER event (``plover.sentence_events``), None when it is none."""
    obj = act.get("object") or {}

    def joined(values: Any) -> str:
        return ";".join("" if value is None else str(value) for value in values)

    amounts, dates = act.get("amounts", []), act.get("dates", [])
    money = [a["norm"] if isinstance(a.get("norm"), dict) else {} for a in amounts]
    date_norms = [d["norm"] if isinstance(d.get("norm"), dict) else {} for d in dates]
    return (
        doc_id,
        sentence_start,
        number,
        act["type"],
        found.event if found else "",
        act["trigger"]["start"],
        act["trigger"]["end"],
        act["trigger"]["text"],
        "yes" if act.get("inherited") else "",
        " ".join(act["actors"]),
        " ".join(act["recipients"]),
        obj.get("start", ""),
        obj.get("end", ""),
        obj.get("text", ""),
        joined(a["text"] for a in amounts),
        joined(f"{m.get('amount')} {m.get('currency') or ''}".strip() if m else "" for m in money),
        joined(d["text"] for d in dates),
        joined(d.get("role") for d in dates),
        joined(n.get("start") for n in date_norms),
        joined(n.get("end") for n in date_norms),
        joined(e["text"] for e in act.get("documents", [])),
        joined(e["text"] for e in act.get("initiatives", [])),
        joined(e["text"] for e in act.get("events", [])),
        " ".join(act.get("contexts", [])),
    )


def flat_norm(entity: dict[str, Any]) -> dict[str, Any]:
    """An entity's normalised value as the flat CSV columns (``ENTITY_COLUMNS`` from ``norm_code`` on)."""
    norm = entity.get("norm")
    cells: dict[str, Any] = {}
    if isinstance(norm, str):
        cells["norm_code"] = norm
    elif isinstance(norm, dict):
        if "id" in norm:
            cells["norm_code"] = norm["id"]
            cells["norm_name"] = norm.get("name")
        if "amount" in norm:
            cells["amount"] = norm["amount"]
            cells["currency"] = norm.get("currency")
        if entity.get("label") == "DATE" and "start" in norm:
            cells["date_start"] = norm.get("start")
            cells["date_end"] = norm.get("end")
            cells["date_grain"] = norm.get("grain")
    return {column: "" if cells.get(column) is None else cells[column] for column in ENTITY_COLUMNS[5:]}


def statement_row(record: dict[str, Any]) -> tuple[Any, ...]:
    """One row of ``statements.csv``: what identifies and dates the statement, and the relationship it sets."""
    relationship = record.get("relationship") or {}
    date = record.get("date") or {}
    return (
        record["doc_id"],
        record.get("title") or "",
        record.get("kind") or "",
        date.get("start") or "",
        " ".join(record["parties"]),
        relationship.get("designation", ""),
        relationship.get("canonical", ""),
        relationship.get("rank", ""),
        relationship.get("action", ""),
        len(record["entities"]),
        len(record["sentences"]),
        record.get("source") or "",
    )


def record_line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


class OutputError(Exception):
    """An output that cannot be written or resumed; ``str()`` is the one-line message."""


def cannot_write(path: Path, error: OSError, folder: bool = False) -> str:
    """The one line for an output that cannot be written: the path the user gave (never the ``.part`` file
    written meanwhile) and the problem in words, a folder on the way that does not exist or is a file, else the
    system's reason. ``folder``: ``path`` itself is to be a folder (report pages, CSV tables)."""
    for ancestor in reversed(path.parents):
        if not os.path.lexists(ancestor):
            return f"{path}: cannot write (folder {path.parent} does not exist)"
        if not os.path.isdir(ancestor):
            return f"{path}: cannot write ({ancestor} is a file, not a folder)"
    if folder and os.path.lexists(path) and not os.path.isdir(path):
        return f"{path}: cannot write (it is a file, not a folder)"
    return f"{path}: cannot write ({error.strerror or error})"


def make_folder(path: Path) -> None:
    """Create the output folder ``path`` (and the folders above it), or raise OutputError saying why not."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(cannot_write(path, error, folder=True)) from error


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def part_path(path: Path) -> Path:
    """Where a run writes ``path`` until it finishes."""
    return path.with_name(path.name + ".part")


class PartialFile:
    """``path`` written as ``path.part`` under an exclusive ``flock``, renamed over ``path`` by ``commit``.

    The lock is taken before the file is truncated, so a second run never touches the first one's data; it is
    held on the ``.part`` file itself, whose name the committing run renames away, so a run that starts later
    creates a fresh ``.part`` and waits for nobody."""

    def __init__(self, path: Path, keep: bool = False) -> None:
        """``keep``: continue the ``.part`` an interrupted run left (or a copy of ``path``), for ``--resume``."""
        self.path = path
        self.part = part_path(path)
        self.fd = self._open_locked()
        try:
            if not keep:
                os.ftruncate(self.fd, 0)
            elif os.fstat(self.fd).st_size == 0 and path.exists():
                with path.open("rb") as previous, open(self.fd, "ab", closefd=False) as part:
                    shutil.copyfileobj(previous, part)
        except OSError as error:
            self.discard()
            raise OutputError(cannot_write(path, error)) from error

    def _open_locked(self) -> int:
        for _attempt in range(10):
            try:
                fd = os.open(self.part, os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW, 0o644)
            except OSError as error:
                raise OutputError(cannot_write(self.path, error)) from error
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise OutputError(f"{self.path}: another communique run is writing it") from None
            try:
                current = os.stat(self.part, follow_symlinks=False)
            except FileNotFoundError:
                current = None
            if current is not None and current.st_ino == os.fstat(fd).st_ino:
                return fd
            os.close(fd)  # the run that held the lock renamed this .part away meanwhile: take the new one
        raise OutputError(f"{self.path}: another communique run keeps writing it")

    def commit(self) -> None:
        """The finished file replaces ``path`` in one rename (readers see the old file or the new one)."""
        if self.fd is None:
            return
        try:
            os.fsync(self.fd)
            os.replace(self.part, self.path)
        finally:
            self.close()

    def discard(self) -> None:
        """Forget this run's file; ``path`` keeps the previous result."""
        if self.fd is None:
            return
        try:
            self.part.unlink(missing_ok=True)
        finally:
            self.close()

    def close(self) -> None:
        """Release the lock and leave ``.part`` where it is (an interrupted JSONL run: ``--resume`` goes on)."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


class JsonlWriter:
    """One record per line. To a path: appended with a single unbuffered write per line (see the module doc).

    With ``resume`` the writer continues the interrupted run's file, and ``done`` holds the keys of the records
    already in it (``resume_jsonl``)."""

    def __init__(self, handle: IO[str] | None = None, path: Path | None = None, resume: bool = False) -> None:
        self.handle = handle
        self.fd: int | None = None
        self.output: PartialFile | None = None
        self.done: list[str] = []
        if path is not None:
            self.output = PartialFile(path, keep=resume)
            self.fd = self.output.fd
            if resume:
                try:
                    self.done = resume_jsonl(self.output.part, shown_as=path)
                except OutputError:
                    self.output.discard()
                    raise
        elif handle is None:
            self.handle = sys.stdout

    def write(self, record: dict[str, Any]) -> None:
        line = record_line(record)
        if self.fd is not None:
            _write_all(self.fd, line.encode("utf-8"))
        else:
            assert self.handle is not None
            self.handle.write(line)
            self.handle.flush()

    # the Sink protocol of communique.batch
    record = write

    def commit(self) -> None:
        if self.output is not None:
            self.output.commit()

    def discard(self) -> None:
        if self.output is not None:
            self.output.discard()

    def close(self) -> None:
        """Stop writing but keep ``OUT.part`` for ``--resume`` (an interrupted run)."""
        if self.output is not None:
            self.output.close()


class PloverWriter(JsonlWriter):
    """``--format plover``: one PLOVER event per line for each act that is an event (``pipeline/plover.py``),
    written like records (a record's events in one write)."""

    def __init__(self, handle: IO[str] | None = None, path: Path | None = None) -> None:
        from communique.plover import coder_info

        super().__init__(handle=handle, path=path)
        self.coder = coder_info()

    def write(self, record: dict[str, Any]) -> None:
        from communique.plover import plover_events

        lines = "".join(record_line(event) for event in plover_events(record, self.coder))
        if not lines:
            return
        if self.fd is not None:
            _write_all(self.fd, lines.encode("utf-8"))
        else:
            assert self.handle is not None
            self.handle.write(lines)
            self.handle.flush()

    record = write


def resume_jsonl(path: Path, shown_as: Path | None = None) -> list[str]:
    """Cut a half-written last line off ``path`` and return the ``sha256`` keys of its complete records, in
    order, once per record. The file is read a line at a time: only the keys are kept. Messages name
    ``shown_as`` (the output the user gave) rather than the ``.part`` file."""
    shown = shown_as or path
    if not path.exists():
        return []
    keys: list[str] = []
    try:
        with path.open("rb+") as handle:
            complete = 0
            for number, line in enumerate(handle, start=1):
                if not line.endswith(b"\n"):
                    handle.truncate(complete)
                    break
                complete += len(line)
                keys.append(_record_key(line, shown, number))
    except OSError as error:
        raise OutputError(f"{shown}: cannot resume ({error.strerror})") from error
    return keys


def _record_key(line: bytes, path: Path, number: int) -> str:
    try:
        key = json.loads(line).get("sha256")
    except (json.JSONDecodeError, UnicodeDecodeError, AttributeError) as error:
        raise OutputError(f"{path}:{number}: not a communique record, cannot resume") from error
    if not isinstance(key, str):
        raise OutputError(f"{path}:{number}: record without a sha256 key, cannot resume")
    return key


# A cell a spreadsheet would read as a formula (=, +, -, @, or a tab or carriage return before one): OWASP's
# "CSV injection". With --excel such cells get a leading apostrophe, which spreadsheets show as text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: Any) -> Any:
    """``'=1+2`` for ``=1+2``: text cells that a spreadsheet would evaluate are shown as text instead."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


class CsvWriter:
    """``statements.csv``, ``entities.csv``, ``sentences.csv`` and ``triggers.csv`` in ``directory``, joined on
    ``doc_id`` (and a trigger to its sentence on ``sentence_start``); with ``bom`` (``--excel``) UTF-8 with a BOM,
    which Excel needs to recognise UTF-8, and every cell that would start a formula neutralised
    (``spreadsheet_safe``)."""

    def __init__(self, directory: Path, bom: bool = False) -> None:
        encoding = "utf-8-sig" if bom else "utf-8"
        self.safe = bom
        make_folder(directory)
        self.outputs: list[PartialFile] = []
        self._files: list[IO[str]] = []
        try:
            for name in CSV_FILES:
                self.outputs.append(PartialFile(directory / name))
        except OutputError:
            self.discard()
            raise
        self._files = [open(o.fd, "w", encoding=encoding, newline="", closefd=False) for o in self.outputs]
        self.statements, self.entities, self.sentences, self.triggers, self.acts = (
            csv.writer(f) for f in self._files
        )
        for writer, columns in zip(
            (self.statements, self.entities, self.sentences, self.triggers, self.acts),
            (STATEMENT_COLUMNS, ENTITY_COLUMNS, SENTENCE_COLUMNS, TRIGGER_COLUMNS, ACT_COLUMNS),
            strict=True,
        ):
            self._row(writer, columns)

    def _row(self, writer: Any, cells: tuple) -> None:
        writer.writerow(tuple(map(spreadsheet_safe, cells)) if self.safe else cells)

    def record(self, record: dict[str, Any]) -> None:
        doc_id, text = record["doc_id"], record["text"]
        self._row(self.statements, statement_row(record))
        for entity in record["entities"]:
            flat = flat_norm(entity)
            self._row(
                self.entities,
                (doc_id, entity["start"], entity["end"], entity["label"], entity["text"], *flat.values()),
            )
        for sentence in record["sentences"]:
            start, end = sentence["start"], sentence["end"]
            triggers = sentence.get("triggers", [])
            self._row(
                self.sentences,
                (
                    doc_id,
                    start,
                    end,
                    ";".join(sentence["types"]),
                    " ".join(sentence["actors"]),
                    ";".join(trigger["text"] for trigger in triggers),
                    text[start:end],
                ),
            )
            for trigger in triggers:
                self._row(
                    self.triggers,
                    (doc_id, start, trigger["start"], trigger["end"], trigger["type"], trigger["text"]),
                )
            acts = sentence.get("acts", [])
            for number, (act, found) in enumerate(zip(acts, sentence_events(acts, text), strict=True)):
                self._row(self.acts, act_row(doc_id, start, number, act, found))
        for handle in self._files:
            handle.flush()

    def _close_files(self) -> None:
        """Flush and close the text layers (before their descriptors go); a flush that fails still closes."""
        for handle in self._files:
            if not handle.closed:
                handle.close()

    def commit(self) -> None:
        self._close_files()
        for output in self.outputs:
            output.commit()

    def discard(self) -> None:
        try:
            self._close_files()
        except OSError:
            pass  # the data is being thrown away anyway
        finally:
            for output in self.outputs:
                output.discard()

    close = discard  # a CSV run that did not finish leaves the previous files


class ErrorsWriter:
    """One JSON line per failed document (``{"source", "problem"}``), rewritten by every run. A run without
    failures leaves no errors file (an empty one only says "look here" for nothing), and removes the one an
    earlier run left, which would otherwise describe failures that no longer happen."""

    def __init__(self, path: Path) -> None:
        self.output = PartialFile(path)
        self.written = 0

    def write(self, failure: Failure) -> None:
        line = json.dumps({"source": failure.source, "problem": failure.problem}, ensure_ascii=False) + "\n"
        assert self.output.fd is not None
        _write_all(self.output.fd, line.encode("utf-8"))
        self.written += 1

    def commit(self) -> None:
        if self.written:
            self.output.commit()
            return
        self.output.path.unlink(missing_ok=True)
        self.output.discard()

    def discard(self) -> None:
        self.output.discard()

    close = discard
