"""``communique store add``: records files are read and checked, raw statements extracted on the way (the batch
engine, its workers and progress bar), and everything goes into the store in one transaction.

Exit codes as ``extract``: 0 all stored, 1 some inputs failed (one line each on stderr; the rest is stored),
2 the store could not be opened or written (nothing from this add is stored), or an input path named does not
exist (named on stderr like a failed input; the rest is stored), 130 interrupted (Ctrl-C: nothing from this add
is stored).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from communique.extract import Failure
from communique.reader import expand_paths
from communique.store.database import StoreError, connect
from communique.store.load import AddSummary, Loader
from communique.store.records import is_record_file, read_records
from tqdm import tqdm


class _Sink:
    """The batch engine's records into the loader; failures to stderr (above the progress bar)."""

    def __init__(self, loader: Loader, summary: AddSummary) -> None:
        self.loader = loader
        self.summary = summary

    def record(self, record: dict[str, Any]) -> None:
        self.loader.add(record)

    def failure(self, failure: Failure) -> None:
        self.summary.failed += 1
        tqdm.write(f"communique: {failure}", file=sys.stderr)


def split_inputs(paths: list[str], exclude: list[Path]) -> tuple[list[Path], list[str]]:
    """Record files (JSONL of records) and everything else (statements to extract), in the order given."""
    records: list[Path] = []
    raw: list[str] = []
    for path in expand_paths(paths, exclude):
        if str(path) != "-" and path.suffix.lower() == ".jsonl" and is_record_file(path):
            records.append(path)
        else:
            raw.append(str(path))
    return records, raw


def run_store_add(
    paths: list[str],
    db: Path,
    *,
    workers: int | None = None,
    model: Path | None = None,
    progress: bool | None = None,
) -> int:
    from communique.batch import BatchError, run_batch
    from communique.extract_command import ExtractOptions, worker_count
    from communique.reader import does_not_exist

    try:
        con = connect(db, write=True)
    except StoreError as error:
        print(f"communique: {error}", file=sys.stderr)
        return 2
    summary = AddSummary()
    missing = [raw for raw in paths if does_not_exist(raw)]
    try:
        loader = Loader(con, db)
        sink = _Sink(loader, summary)
        try:
            record_files, raw = split_inputs(paths, [db])
            for path in record_files:
                for item in read_records(path):
                    if isinstance(item, Failure):
                        sink.failure(item)
                    else:
                        loader.add(*item)
            skipped = 0  # raw statements already stored: not extracted again, unchanged
            if raw:
                options = ExtractOptions(paths=raw, workers=workers)
                skipped = run_batch(
                    raw,
                    sink,
                    workers=worker_count(options),
                    model=str(model) if model else None,
                    skip=loader.known(),
                    progress=sys.stderr.isatty() if progress is None else progress,
                ).skipped
            loader.commit(summary)
            summary.unchanged += skipped
        except BaseException:
            loader.abandon()
            raise
    except StoreError as error:
        print(f"communique: {error}", file=sys.stderr)
        return 2
    except BatchError as error:
        print(f"communique: {error}; nothing from this add was stored", file=sys.stderr)
        return 2
    except OSError as error:  # staging the rows (a temporary file) failed: the disk is full, ...
        where = error.filename or "a temporary file"
        print(
            f"communique: {where}: cannot stage records ({error.strerror or error}); nothing from this add was stored",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        print("communique: interrupted; nothing from this add was stored", file=sys.stderr)
        return 130
    finally:
        con.close()
    print(f"communique: {db}: {summary.line()}", file=sys.stderr)
    if missing:
        return 2
    return 1 if summary.failed else 0
