"""Writers: records to JSONL or CSV, failures to an errors file.

JSONL output is appended one whole line per ``write`` system call on an unbuffered file, so that a run killed at
any moment leaves at most one partial line at the end; ``resume_jsonl`` cuts that line off and returns the keys of
the records that are complete, and the resumed run appends the rest in the same order. The result is byte for
byte what an uninterrupted run writes.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path
from typing import IO, Any

from communique.extract import Failure

ENTITY_COLUMNS = ("doc_id", "start", "end", "label", "text", "norm")
SENTENCE_COLUMNS = ("doc_id", "start", "end", "types", "actors", "text")


def record_line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


class OutputError(Exception):
    """An output that cannot be written or resumed; ``str()`` is the one-line message."""


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


class JsonlWriter:
    """One record per line. To a path: appended with a single unbuffered write per line (see the module doc)."""

    def __init__(self, handle: IO[str] | None = None, path: Path | None = None, append: bool = False) -> None:
        self.handle = handle
        self.fd: int | None = None
        if path is not None:
            flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if append else os.O_TRUNC)
            try:
                self.fd = os.open(path, flags, 0o644)
            except OSError as error:
                raise OutputError(f"{path}: cannot write ({error.strerror})") from error
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

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def resume_jsonl(path: Path) -> list[str]:
    """Cut a half-written last line off ``path`` and return the ``sha256`` keys of its complete records, in
    order, once per record. The file is read a line at a time: only the keys are kept."""
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
                keys.append(_record_key(line, path, number))
    except OSError as error:
        raise OutputError(f"{path}: cannot resume ({error.strerror})") from error
    return keys


def _record_key(line: bytes, path: Path, number: int) -> str:
    try:
        key = json.loads(line).get("sha256")
    except (json.JSONDecodeError, UnicodeDecodeError, AttributeError) as error:
        raise OutputError(f"{path}:{number}: not a communique record, cannot resume") from error
    if not isinstance(key, str):
        raise OutputError(f"{path}:{number}: record without a sha256 key, cannot resume")
    return key


class CsvWriter:
    """``entities.csv`` and ``sentences.csv`` in ``directory``; with ``bom`` UTF-8 with a BOM, which Excel needs
    to recognise UTF-8."""

    def __init__(self, directory: Path, bom: bool = False) -> None:
        encoding = "utf-8-sig" if bom else "utf-8"
        try:
            directory.mkdir(parents=True, exist_ok=True)
            self._entities_file = (directory / "entities.csv").open("w", encoding=encoding, newline="")
            self._sentences_file = (directory / "sentences.csv").open("w", encoding=encoding, newline="")
        except OSError as error:
            raise OutputError(f"{directory}: cannot write ({error.strerror})") from error
        self.entities = csv.writer(self._entities_file)
        self.sentences = csv.writer(self._sentences_file)
        self.entities.writerow(ENTITY_COLUMNS)
        self.sentences.writerow(SENTENCE_COLUMNS)

    def record(self, record: dict[str, Any]) -> None:
        doc_id, text = record["doc_id"], record["text"]
        for entity in record["entities"]:
            norm = "" if entity["norm"] is None else json.dumps(entity["norm"], ensure_ascii=False)
            self.entities.writerow(
                (doc_id, entity["start"], entity["end"], entity["label"], entity["text"], norm)
            )
        for sentence in record["sentences"]:
            start, end = sentence["start"], sentence["end"]
            self.sentences.writerow(
                (
                    doc_id,
                    start,
                    end,
                    ";".join(sentence["types"]),
                    " ".join(sentence["actors"]),
                    text[start:end],
                )
            )
        self._entities_file.flush()
        self._sentences_file.flush()

    def close(self) -> None:
        self._entities_file.close()
        self._sentences_file.close()


class ErrorsWriter:
    """One JSON line per failed document (``{"source", "problem"}``), rewritten by every run."""

    def __init__(self, path: Path) -> None:
        try:
            self.handle = path.open("w", encoding="utf-8")
        except OSError as error:
            raise OutputError(f"{path}: cannot write ({error.strerror})") from error

    def write(self, failure: Failure) -> None:
        self.handle.write(
            json.dumps({"source": failure.source, "problem": failure.problem}, ensure_ascii=False) + "\n"
        )
        self.handle.flush()

    def close(self) -> None:
        self.handle.close()
