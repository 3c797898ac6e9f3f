"""Batch extraction: documents stream from the readers through N worker processes (or a Dask cluster) and come
back in input order, with a bounded number in flight so that memory does not grow with the corpus.

Each worker process loads the pipeline once (``_worker_extractor`` is a per-process cache) and then turns
``SourceDocument``s into records. The caller decides what to skip (``--resume``) and where records go; this module
only keeps order, bounds memory, shows progress and isolates failures.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from communique.extract import Extractor, Failure, read_documents
from communique.reader import DEFAULT_MAX_BYTES, SourceDocument, does_not_exist

ENGINES = ("local", "dask")
# documents in flight per worker: enough to keep every worker busy while the head of the queue finishes
WINDOW_PER_WORKER = 4
# how long to wait for a Dask scheduler before calling the job impossible
CONNECT_TIMEOUT = "20s"

Result = dict[str, Any] | Failure


class Sink(Protocol):
    """Where records and failures go (writers.py has the JSONL, CSV and errors sinks)."""

    def record(self, record: dict[str, Any]) -> None: ...

    def failure(self, failure: Failure) -> None: ...


@dataclass
class BatchSummary:
    written: int = 0
    skipped: int = 0
    failed: int = 0
    characters: int = 0
    seconds: float = 0.0
    # input paths named by the user that do not exist (each is also a failure): a mistyped command
    missing: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """2 when a named input does not exist (a usage error, though the batch went on with the others), 1 when
        some documents failed, else 0."""
        if self.missing:
            return 2
        return 1 if self.failed else 0


def default_workers() -> int:
    """The cores this process may run on (the affinity mask, not the machine's total)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


# --- the worker side: one pipeline per process ---------------------------------------------------------------

_EXTRACTORS: dict[str | None, Extractor] = {}
_LOAD_LOCK = threading.Lock()
_LOADS = 0


def _worker_extractor(model: str | None) -> Extractor:
    """The process's Extractor for ``model``, loaded on first use and kept for every later document."""
    global _LOADS
    extractor = _EXTRACTORS.get(model)
    if extractor is None:
        with _LOAD_LOCK:
            extractor = _EXTRACTORS.get(model)
            if extractor is None:
                extractor = Extractor(model=model)
                _EXTRACTORS[model] = extractor
                _LOADS += 1
    return extractor


def pipeline_loads() -> int:
    """How many times this process loaded a pipeline (the Dask test asks every worker: once each)."""
    return _LOADS


def extract_one(document: SourceDocument, model: str | None = None) -> Result:
    """Run in a worker: a record, or a Failure that names the document (an exception never escapes)."""
    try:
        extractor = _worker_extractor(model)
    except Exception as error:  # noqa: BLE001 - reported per document, as the batch goes on
        return Failure(document.source, f"cannot load the pipeline ({type(error).__name__}: {error})")
    return extractor.extract_or_failure(document)


def _exit_with_parent(parent: int) -> None:
    """A worker whose parent was killed (kill -9 leaves no chance to shut the pool down) exits by itself."""
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(1)


def _init_local_worker(model: str | None, parent: int) -> None:
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    _worker_extractor(model)


# --- ordering with a bounded window ---------------------------------------------------------------------------


class _Done:
    """A result known without a worker (a document that could not be read); looks like a finished future."""

    def __init__(self, value: Result) -> None:
        self.value = value

    def result(self) -> Result:
        return self.value


def _outcome(source: str, future: Any) -> Result:
    """The future's result; a worker that died (killed, out of memory) fails its document, not the batch."""
    try:
        return future.result()
    except Exception as error:  # noqa: BLE001 - BrokenProcessPool, a lost Dask worker, ...
        return Failure(source, f"worker failed ({type(error).__name__}: {error})")


def ordered_results(
    items: Iterable[SourceDocument | Failure],
    submit: Callable[[SourceDocument], Any],
    window: int,
) -> Iterator[Result]:
    """Submit documents as they stream in, at most ``window`` in flight, and yield results in input order."""
    pending: deque[tuple[str, Any]] = deque()
    for item in items:
        pending.append((item.source, _Done(item) if isinstance(item, Failure) else submit(item)))
        while len(pending) >= window:
            yield _outcome(*pending.popleft())
    while pending:
        yield _outcome(*pending.popleft())


# --- the engines ----------------------------------------------------------------------------------------------


def _in_process(items: Iterable[SourceDocument | Failure], model: str | None) -> Iterator[Result]:
    for item in items:
        yield item if isinstance(item, Failure) else extract_one(item, model)


def _local_pool(
    items: Iterable[SourceDocument | Failure], model: str | None, workers: int
) -> Iterator[Result]:
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_init_local_worker, initargs=(model, os.getpid())
    ) as pool:

        def submit(document: SourceDocument) -> Future:
            return pool.submit(extract_one, document, model)

        try:
            yield from ordered_results(items, submit, workers * WINDOW_PER_WORKER)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _dask(items: Iterable[SourceDocument | Failure], model: str | None, scheduler: str) -> Iterator[Result]:
    try:
        from distributed import Client
    except ImportError as error:
        raise BatchError('the dask engine needs the "dask" extra: pip install "communique[dask]"') from error
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT)
    except OSError as error:
        raise BatchError(f"cannot reach the Dask scheduler at {scheduler} ({error})") from error
    except Exception as error:  # noqa: BLE001 - a garbage address fails deep in distributed (ValueError, TypeError …)
        message = " ".join(str(error).split()) or type(error).__name__
        raise BatchError(f"not a Dask scheduler address: {scheduler} ({message})") from error
    with client:
        threads = sum(client.nthreads().values()) or 1

        def submit(document: SourceDocument) -> Any:
            return client.submit(extract_one, document, model, pure=False)

        yield from ordered_results(items, submit, threads * WINDOW_PER_WORKER)


class BatchError(Exception):
    """A problem with the job as a whole (not one document): the CLI reports it as a usage error."""


# --- the run --------------------------------------------------------------------------------------------------


class _Progress:
    """tqdm with documents/s as its rate and characters/s beside it; silent unless asked (stderr a terminal)."""

    def __init__(self, enabled: bool, total: int | None = None) -> None:
        self.bar = None
        if enabled:
            from tqdm import tqdm

            # no monitor thread: worker processes are forked while the bar is open
            tqdm.monitor_interval = 0
            # with a total, tqdm shows n/total, the percentage and the time left
            self.bar = tqdm(unit="doc", file=sys.stderr, dynamic_ncols=True, total=total)
        self.started = time.perf_counter()
        self.characters = 0
        self.shown = 0.0

    def update(self, characters: int) -> None:
        self.characters += characters
        if self.bar is None:
            return
        self.bar.update(1)
        now = time.perf_counter()
        if now - self.shown > 0.5:
            self.shown = now
            self.bar.set_postfix_str(f"{self.characters / max(now - self.started, 1e-9):,.0f} chars/s")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def count_documents(paths: Iterable[str], exclude: Collection[Path] = ()) -> int | None:
    """How many documents the run will see, for the progress bar's total and time left: one per file found
    (listing a folder is cheap next to analysing it); None when a JSONL file, a web page or stdin may hold any
    number."""
    from communique.reader import HTML_SUFFIXES, JSONL_SUFFIXES, expand_paths

    count = 0
    for path in expand_paths(list(paths), exclude):
        if isinstance(path, Path):
            if str(path) == "-" or path.suffix.lower() in JSONL_SUFFIXES + HTML_SUFFIXES:
                return None
        count += 1
    return count


def check_engine(engine: str, scheduler: str | None, workers: int | None) -> None:
    """Raise BatchError for an engine set-up that cannot run (checked before any output is opened)."""
    if engine not in ENGINES:
        raise BatchError(f"unknown engine {engine!r} (known: {', '.join(ENGINES)})")
    if engine == "dask" and not scheduler:
        raise BatchError("--engine dask needs --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786)")
    if workers is not None and workers < 1:
        raise BatchError(f"--workers must be at least 1, not {workers}")


def run_batch(
    paths: Iterable[str],
    sink: Sink,
    *,
    workers: int = 1,
    model: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    engine: str = "local",
    scheduler: str | None = None,
    skip: Collection[str] = (),
    progress: bool = False,
    exclude: Collection[Path] = (),
) -> BatchSummary:
    """Extract every document under ``paths`` into ``sink`` in input order.

    ``skip`` holds content hashes (``SourceDocument.sha256``) already done, once per record written; that many
    occurrences of each are not sent to a worker (so a document given twice is skipped twice only if it was
    written twice). ``workers=1`` runs in this process (no pool to start); the dask engine ignores ``workers`` and uses
    every thread of the cluster at ``scheduler``. Files in ``exclude`` (the run's own outputs) are never read.
    """
    check_engine(engine, scheduler, workers)
    paths = list(paths)  # read twice: counted for the progress bar, then streamed
    summary = BatchSummary(missing=[raw for raw in paths if does_not_exist(raw)])
    done = Counter(skip)

    def wanted() -> Iterator[SourceDocument | Failure]:
        for item in read_documents(paths, max_bytes, exclude):
            if isinstance(item, SourceDocument) and done[item.sha256] > 0:
                done[item.sha256] -= 1
                summary.skipped += 1
                continue
            yield item

    if engine == "dask":
        assert scheduler is not None
        results = _dask(wanted(), model, scheduler)
    elif workers == 1:
        results = _in_process(wanted(), model)
    else:
        results = _local_pool(wanted(), model, workers)

    bar = _Progress(progress, count_documents(paths, exclude) if progress else None)
    started = time.perf_counter()
    try:
        for result in results:
            if isinstance(result, Failure):
                summary.failed += 1
                sink.failure(result)
                bar.update(0)
            else:
                summary.written += 1
                summary.characters += len(result["text"])
                sink.record(result)
                bar.update(len(result["text"]))
    finally:
        bar.close()
    summary.seconds = time.perf_counter() - started
    return summary
