"""``communique extract``: options checked, outputs opened, the batch run, exit code chosen.

Exit codes: 0 every document succeeded; 1 some failed (each named on stderr and in the errors file, the others
written); 2 usage errors (bad options, unreachable scheduler, unwritable output), reported in one line.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from communique.batch import BatchError, check_engine, default_workers, run_batch
from communique.extract import Failure
from communique.writers import CsvWriter, ErrorsWriter, JsonlWriter, OutputError, resume_jsonl
from tqdm import tqdm

FORMATS = ("jsonl", "csv")


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


def errors_path(options: ExtractOptions) -> Path | None:
    """``--errors``, else ``<out>.errors.jsonl`` beside a JSONL output, or ``errors.jsonl`` in a CSV directory."""
    if options.errors is not None or options.output is None:
        return options.errors
    if options.output_format == "csv":
        return options.output / "errors.jsonl"
    return options.output.with_name(options.output.name + ".errors.jsonl")


def check(options: ExtractOptions) -> None:
    if options.output_format not in FORMATS:
        raise UsageError(f"unknown format {options.output_format!r} (known: {', '.join(FORMATS)})")
    if options.output_format == "csv" and options.output is None:
        raise UsageError("--format csv writes two files: give a directory with -o DIR")
    if options.output_format == "csv" and options.output.exists() and not options.output.is_dir():
        raise UsageError(f"{options.output}: --format csv needs a directory, not a file")
    if options.resume and (options.output is None or options.output_format != "jsonl"):
        raise UsageError("--resume needs a JSONL output file (-o OUT.jsonl)")
    if options.output is not None and options.output_format == "jsonl" and options.output.is_dir():
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


class _Sink:
    """Records to the output writer; failures to stderr (one line each) and to the errors file."""

    def __init__(self, writer: Any, errors: ErrorsWriter | None) -> None:
        self.writer = writer
        self.errors = errors

    def record(self, record: dict[str, Any]) -> None:
        self.writer.record(record)

    def failure(self, failure: Failure) -> None:
        # through tqdm, so that the line lands above a progress bar instead of inside it
        tqdm.write(f"communique: {failure}", file=sys.stderr)
        if self.errors is not None:
            self.errors.write(failure)


def worker_count(options: ExtractOptions) -> int:
    """``--workers``, else every core; but one document (a single text/HTML file or stdin) is analysed in this
    process, since starting workers that each load the pipeline would only make it slower."""
    if options.workers is not None:
        return options.workers
    if len(options.paths) == 1:
        only = options.paths[0]
        path = Path(only)
        if only == "-" or (path.is_file() and path.suffix.lower() != ".jsonl"):
            return 1
    return default_workers()


def run_extract(options: ExtractOptions) -> int:
    """The whole command; returns the exit code."""
    errors: ErrorsWriter | None = None
    try:
        check(options)
        skip: list[str] = []
        where = errors_path(options)
        if options.output_format == "csv":
            assert options.output is not None
            writer: Any = CsvWriter(options.output, bom=options.bom)  # creates DIR, where errors.jsonl goes
            errors = ErrorsWriter(where) if where is not None else None
        else:
            # the errors file first: if it cannot be opened, a previous run's JSONL output is still untouched
            errors = ErrorsWriter(where) if where is not None else None
            if options.output is None:
                writer = JsonlWriter(sys.stdout)
            else:
                if options.resume:
                    skip = resume_jsonl(options.output)
                writer = JsonlWriter(path=options.output, append=options.resume)
    except (UsageError, OutputError) as error:
        if errors is not None:
            errors.close()
        print(f"communique: {error}", file=sys.stderr)
        return 2
    progress = sys.stderr.isatty() if options.progress is None else options.progress
    try:
        summary = run_batch(
            options.paths,
            _Sink(writer, errors),
            workers=worker_count(options),
            model=str(options.model) if options.model else None,
            max_bytes=options.max_bytes,
            engine=options.engine,
            scheduler=options.scheduler,
            skip=skip,
            progress=progress,
            exclude=[p for p in (options.output, where) if p is not None],
        )
    except BatchError as error:
        print(f"communique: {error}", file=sys.stderr)
        return 2
    except (
        OSError
    ) as error:  # the output became unwritable mid-run (disk full …): what is written stays whole
        print(f"communique: cannot write output ({error.strerror or error})", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        hint = (
            " (run again with --resume to continue)"
            if options.output_format == "jsonl" and options.output
            else ""
        )
        print(f"communique: interrupted{hint}", file=sys.stderr)
        return 130
    finally:
        if options.output is not None:
            writer.close()
        if errors is not None:
            errors.close()
    if progress:
        print(
            f"communique: {summary.written} written, {summary.skipped} skipped (already done), "
            f"{summary.failed} failed",
            file=sys.stderr,
        )
    return 1 if summary.failed else 0
