"""``communique extract``: options checked, outputs opened, the batch run, exit code chosen.

Exit codes: 0 every document succeeded; 1 some failed (each named on stderr and in the errors file, the others
written); 2 usage errors (bad options, an output that is also an input, unreachable scheduler, unwritable output,
another run writing the same output), reported in one line, and an input path that does not exist (named on
stderr and in the errors file like a failed document, after the others were written). Outputs replace the previous ones only when the run
ends with 0 or 1 (``writers.PartialFile``); on exit 2 or an interruption the previous results are untouched.
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from communique.batch import BatchError, check_engine, default_workers, run_batch
from communique.extract import Failure
from communique.writers import (
    CSV_FILES,
    CsvWriter,
    ErrorsWriter,
    JsonlWriter,
    OutputError,
    PloverWriter,
    part_path,
)
from tqdm import tqdm

FORMATS = ("jsonl", "csv", "plover")


class UsageError(Exception):
    """Options that cannot work together; the message is the one line the user sees."""


@dataclass
class ExtractOptions:
    paths: list[str]
    output: Path | None = None
    output_format: str = "jsonl"
    model: Path | None = None
    max_bytes: int = 20 * 1024 * 1024
    errors: Path | None = None
    workers: int | None = None
    resume: bool = False
    engine: str = "local"
    scheduler: str | None = None
    bom: bool = False
    progress: bool | None = None  # None: when stderr is a terminal
    summary: bool = (
        False  # a few lines per statement on stdout instead of the records (a person at a terminal)
    )


def errors_path(options: ExtractOptions) -> Path | None:
    """``--errors``, else ``<out>.errors.jsonl`` beside a JSONL output, or ``errors.jsonl`` in a CSV directory."""
    if options.errors is not None or options.output is None:
        return options.errors
    if options.output_format == "csv":
        return options.output / "errors.jsonl"
    return options.output.with_name(options.output.name + ".errors.jsonl")


def output_files(options: ExtractOptions) -> list[Path]:
    """Every file this run writes (CSV: the four tables in the output directory)."""
    files = [] if options.output is None else [options.output]
    if options.output_format == "csv" and options.output is not None:
        files = [options.output / name for name in CSV_FILES]
    where = errors_path(options)
    return files + ([where] if where is not None else [])


def _same_file(a: Path, b: Path) -> bool:
    """The same file, by inode when both exist (links, ``./x``, hard links), else by resolved path."""
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
        return a.resolve() == b.resolve()
    except OSError:
        return False


def check_aliases(options: ExtractOptions) -> None:
    """An output that is also an input would be emptied before it is read: refused (exit 2), as are two
    outputs that are one file. Inputs inside an input directory are never the outputs (``exclude``)."""
    outputs = output_files(options)
    inputs = [Path(raw) for raw in options.paths if raw != "-" and not Path(raw).is_dir()]
    for output in outputs:
        for given in inputs:
            if _same_file(output, given):
                raise UsageError(f"{output}: is also an input (writing it would destroy it)")
    for number, output in enumerate(outputs):
        for other in outputs[number + 1 :]:
            if _same_file(output, other):
                raise UsageError(f"{output}: named for two outputs (records and errors)")


def check(options: ExtractOptions) -> None:
    if options.output_format not in FORMATS:
        raise UsageError(f"unknown format {options.output_format!r} (known: {', '.join(FORMATS)})")
    if options.output_format == "csv" and options.output is None:
        raise UsageError("--format csv writes two files: give a directory with -o DIR")
    if options.output_format == "csv" and options.output.exists() and not options.output.is_dir():
        raise UsageError(f"{options.output}: --format csv needs a directory, not a file")
    if options.resume and (options.output is None or options.output_format != "jsonl"):
        raise UsageError("--resume needs a JSONL output file (-o OUT.jsonl)")
    if (
        options.output is not None
        and options.output_format in ("jsonl", "plover")
        and options.output.is_dir()
    ):
        raise UsageError(f"{options.output}: is a directory (JSONL output is one file)")
    if options.model is not None and not (options.model / "config.cfg").is_file():
        raise UsageError(f"{options.model}: not a saved spaCy pipeline (no config.cfg)")
    try:
        check_engine(options.engine, options.scheduler, options.workers)
    except BatchError as error:
        raise UsageError(str(error)) from None
    if options.max_bytes < 1:
        raise UsageError("--max-bytes must be positive")
    if options.bom and options.output_format != "csv":
        raise UsageError("--excel/--bom applies to --format csv")
    check_aliases(options)


# CJK Unified Ideographs (with extension A and the compatibility block): a statement without any is not Chinese
_CHINESE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


class SummaryWriter:
    """What a person at a terminal wants first: per statement its title, kind, date, parties and counts per label
    and type, instead of a 75 KB line of JSON (``-o`` or ``--format jsonl`` ask for the records)."""

    def __init__(self, handle: Any = None) -> None:
        self.handle = handle or sys.stdout

    def record(self, record: dict[str, Any]) -> None:
        labels = Counter(entity["label"] for entity in record["entities"])
        types = Counter(t for sentence in record["sentences"] for t in sentence["types"])
        date = (record.get("date") or {}).get("start") or "no date"
        relationship = (record.get("relationship") or {}).get("designation") or "—"
        lines = [
            f"{record['doc_id']}: {record.get('title') or '(no title)'}",
            f"  {record.get('kind') or 'statement'}, {date}; parties: {' '.join(record['parties']) or '—'}; "
            f"relationship: {relationship}",
            f"  {len(record['entities'])} entities: "
            + (", ".join(f"{label} {n}" for label, n in sorted(labels.items())) or "—"),
            f"  {len(record['sentences'])} sentences: "
            + (", ".join(f"{kind} {n}" for kind, n in sorted(types.items())) or "no obligations"),
        ]
        self.handle.write("\n".join(lines) + "\n")
        self.handle.flush()

    def commit(self) -> None:
        self.handle.write("(the records: -o OUT.jsonl, or --format jsonl, or pipe the output)\n")

    def discard(self) -> None:
        pass


class _Sink:
    """Records to the output writer; failures to stderr (one line each) and to the errors file."""

    def __init__(self, writer: Any, errors: ErrorsWriter | None) -> None:
        self.writer = writer
        self.errors = errors

    def record(self, record: dict[str, Any]) -> None:
        self.writer.record(record)
        # the reader's warnings (a page without main content): the record is written, and the user told
        for warning in record.get("source_meta", {}).get("warnings", ()):
            tqdm.write(f"communique: {record['source']}: warning: {warning}", file=sys.stderr)
        if not _CHINESE.search(record["text"]):
            tqdm.write(
                f"communique: {record['source']}: warning: no Chinese text (the pipeline reads Chinese statements; "
                "this record is empty)",
                file=sys.stderr,
            )

    def failure(self, failure: Failure) -> None:
        # through tqdm, so that the line lands above a progress bar instead of inside it
        tqdm.write(f"communique: {failure}", file=sys.stderr)
        if self.errors is not None:
            self.errors.write(failure)


def worker_count(options: ExtractOptions) -> int:
    """``--workers``, at most the cores available (each worker loads a pipeline: 64 of them on 2 cores only
    fill memory); else every core; but one document (a single text/HTML file or stdin) is analysed in this
    process, since starting workers that each load the pipeline would only make it slower."""
    if options.workers is not None:
        cores = default_workers()
        if options.workers > cores and options.engine == "local":
            print(
                f"communique: warning: --workers {options.workers} is more than the {cores} cores available; "
                f"using {cores}",
                file=sys.stderr,
            )
            return cores
        return options.workers
    if len(options.paths) == 1:
        only = options.paths[0]
        path = Path(only)
        if only == "-" or (path.is_file() and path.suffix.lower() != ".jsonl"):
            return 1
    return default_workers()


def _open_outputs(options: ExtractOptions) -> tuple[Any, ErrorsWriter | None]:
    """The writers, each on its locked ``.part`` file (the records' first, so that a second run is refused naming
    the output); what was opened is discarded again when a later one fails."""
    if options.summary and options.output is None:
        writer: Any = SummaryWriter()
    elif options.output_format == "csv":
        assert options.output is not None
        writer = CsvWriter(options.output, bom=options.bom)  # creates DIR, where errors.jsonl goes
    elif options.output_format == "plover":
        writer = PloverWriter(sys.stdout) if options.output is None else PloverWriter(path=options.output)
    elif options.output is None:
        writer = JsonlWriter(sys.stdout)
    else:
        writer = JsonlWriter(path=options.output, resume=options.resume)
    where = errors_path(options)
    try:
        return writer, (ErrorsWriter(where) if where is not None else None)
    except OutputError:
        writer.discard()
        raise


def _finish(writer: Any, errors: ErrorsWriter | None, outcome: str) -> None:
    """``commit`` (the run ended: its files replace the previous ones), ``discard`` (exit 2: the previous ones
    stay) or ``keep`` (interrupted: the JSONL ``.part`` stays for ``--resume``, the rest is discarded)."""
    if outcome == "commit":
        writer.commit()
        if errors is not None:
            errors.commit()
        return
    try:
        if outcome == "keep" and isinstance(writer, JsonlWriter):
            writer.close()
        else:
            writer.discard()
    finally:
        if errors is not None:
            errors.discard()


def run_extract(options: ExtractOptions) -> int:
    """The whole command; returns the exit code."""
    try:
        check(options)
        writer, errors = _open_outputs(options)
    except (UsageError, OutputError) as error:
        print(f"communique: {error}", file=sys.stderr)
        return 2
    progress = sys.stderr.isatty() if options.progress is None else options.progress
    outcome = "discard"
    try:
        summary = run_batch(
            options.paths,
            _Sink(writer, errors),
            workers=worker_count(options),
            model=str(options.model) if options.model else None,
            max_bytes=options.max_bytes,
            engine=options.engine,
            scheduler=options.scheduler,
            skip=writer.done if type(writer) is JsonlWriter else [],
            progress=progress,
            # the run's own files (and their .part files) are never read back, nor reported as unsupported
            exclude=[file for output in output_files(options) for file in (output, part_path(output))],
        )
        outcome = "commit"
    except BatchError as error:
        print(f"communique: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # an output became unwritable mid-run (disk full …): the previous result stays
        print(f"communique: cannot write output ({error.strerror or error})", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        outcome = "keep"
        hint = (
            " (run again with --resume to continue)"
            if options.output_format == "jsonl" and options.output
            else ""
        )
        print(f"communique: interrupted{hint}", file=sys.stderr)
        return 130
    finally:
        try:
            _finish(writer, errors, outcome)
        except OSError as error:
            print(f"communique: cannot write output ({error.strerror or error})", file=sys.stderr)
            outcome = "failed"
    if outcome == "failed":
        return 2
    if progress:
        print(
            f"communique: {summary.written} written, {summary.skipped} skipped (already done), "
            f"{summary.failed} failed",
            file=sys.stderr,
        )
    return summary.exit_code
