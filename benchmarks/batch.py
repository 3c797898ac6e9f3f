"""Batch throughput: documents/s and characters/s for 1 and 2 worker processes, tokenizer only against the full
pipeline against ``jieba.posseg`` on the same texts, peak resident memory per worker, and the Dask engine against
the local one.

The documents are the corpus statements (``corpus/documents``) repeated ``--repeat`` times, written to a JSONL
file and streamed through ``communique.extract.read_documents`` and ``communique.batch.ordered_results``: the
code path of ``communique extract``. Times include starting the workers and loading the pipeline ("wall"); the
"steady" rate leaves that out by counting from the first finished document.

    pip install -e ".[dev,baselines]"
    python benchmarks/batch.py --write          # measure and replace the section in benchmarks/results.md
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from report import replace_section  # noqa: E402

CORPUS = HERE.parent / "corpus" / "documents"
WHAT = {
    "tokenizer": "tokenizer only (pkuseg `make_doc` on the simplified analysis text)",
    "pipeline": "full pipeline (`extract_one`: record)",
    "jieba": "`jieba.posseg.cut` (on the simplified analysis text)",
}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time this process has used so far (loading included)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def usage() -> tuple[float, float]:
    return peak_rss_mb(), cpu_seconds()


# --- worker side ----------------------------------------------------------------------------------------------

_WORK: Any = None


def _init(mode: str) -> None:
    """Load once per worker process, as ``communique extract`` does."""
    global _WORK
    if mode == "jieba":
        import jieba
        import jieba.posseg
        from communique.script import to_analysis_text

        jieba.setLogLevel(60)
        jieba.initialize()
        # the same simplified text the pipeline analyses: on traditional script jieba's HMM for unknown words
        # takes seconds per sentence, which would measure the script rather than the segmenter
        _WORK = lambda text: list(jieba.posseg.cut(to_analysis_text(text).text))  # noqa: E731
    elif mode == "tokenizer":
        from communique.batch import _worker_extractor
        from communique.script import to_analysis_text

        nlp = _worker_extractor(None).nlp
        _WORK = lambda text: nlp.make_doc(to_analysis_text(text).text)  # noqa: E731
    else:
        from communique.batch import _worker_extractor, extract_one

        _worker_extractor(None)
        _WORK = None
        globals()["_extract_one"] = extract_one


def _task(mode: str, document: Any) -> tuple[int, int, float, float]:
    if mode == "pipeline":
        globals()["_extract_one"](document)
    else:
        _WORK(document.text)
    return os.getpid(), len(document.text), peak_rss_mb(), cpu_seconds()


# --- measuring ------------------------------------------------------------------------------------------------


@dataclass
class Run:
    what: str
    engine: str
    workers: int
    documents: int = 0
    characters: int = 0
    wall: float = 0.0
    steady: float = 0.0
    steady_characters: int = 0
    rss: dict[int | str, float] = field(default_factory=dict)
    cpu: dict[int | str, float] = field(default_factory=dict)


def write_corpus(repeat: int, directory: Path) -> Path:
    from communique.evaluation.gold import read_corpus_document

    path = directory / "documents.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for copy in range(repeat):
            for source in sorted(CORPUS.glob("*.jsonl")):
                record = read_corpus_document(source)
                line = {"id": f"{record['doc_id']}-{copy}", "text": record["text"]}
                handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return path


def run_local(mode: str, workers: int, path: Path) -> Run:
    from communique.batch import WINDOW_PER_WORKER, ordered_results
    from communique.extract import read_documents

    run = Run(WHAT[mode], "local", workers)
    started = time.perf_counter()
    first = None
    with ProcessPoolExecutor(max_workers=workers, initializer=_init, initargs=(mode,)) as pool:

        def submit(document: Any) -> Any:
            return pool.submit(_task, mode, document)

        for pid, characters, rss, cpu in ordered_results(
            read_documents([str(path)]), submit, workers * WINDOW_PER_WORKER
        ):
            if first is None:
                first = time.perf_counter()
            else:
                run.steady_characters += characters
            run.documents += 1
            run.characters += characters
            run.rss[pid] = max(run.rss.get(pid, 0.0), rss)
            run.cpu[pid] = max(run.cpu.get(pid, 0.0), cpu)
    end = time.perf_counter()
    run.wall, run.steady = end - started, end - (first or end)
    return run


class _Counter:
    """A sink that only counts (the Dask engine through ``run_batch``, as the CLI runs it)."""

    def __init__(self, run: Run) -> None:
        self.run = run
        self.first: float | None = None

    def record(self, record: dict) -> None:
        if self.first is None:
            self.first = time.perf_counter()
        else:
            self.run.steady_characters += len(record["text"])
        self.run.documents += 1
        self.run.characters += len(record["text"])

    def failure(self, failure: Any) -> None:
        raise RuntimeError(str(failure))


def run_dask(workers: int, path: Path) -> Run:
    from communique.batch import run_batch
    from distributed import Client, LocalCluster

    run = Run(WHAT["pipeline"], "dask", workers)
    with LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        with Client(cluster) as client:
            before = client.run(cpu_seconds)  # the workers' own start-up is not the job's
        counter = _Counter(run)
        started = time.perf_counter()
        run_batch([str(path)], counter, engine="dask", scheduler=cluster.scheduler_address)
        end = time.perf_counter()
        with Client(cluster) as client:
            measured = client.run(usage)
        run.rss = {worker: rss for worker, (rss, _) in measured.items()}
        run.cpu = {worker: cpu - before.get(worker, 0.0) for worker, (_, cpu) in measured.items()}
    run.wall, run.steady = end - started, end - (counter.first or end)
    return run


def table(runs: list[Run], repeat: int, rounds: int) -> str:
    one = {(r.what, r.engine): r for r in runs if r.workers == 1}
    lines = [
        f"{runs[0].documents} documents ({runs[0].characters:,} characters): the {runs[0].documents // repeat} "
        f"corpus statements x {repeat}. Wall time includes starting the workers and loading the pipeline; the "
        "steady rate counts from the first finished document. Dask: a `LocalCluster` of worker processes with "
        "one thread each on the same machine, started before the clock (loading the pipeline is inside it). "
        "Cores obtained: CPU seconds used by all workers (loading included) / wall seconds; on an idle 2-core "
        "machine 2 workers would obtain close to 2. Characters per CPU second is what a worker does with the CPU "
        f"it gets (loading included). Each configuration ran {rounds} times, interleaved; the row is the run with "
        "the shortest wall time.",
        "",
        "| what runs | engine | workers | wall (s) | documents/s | characters/s | steady characters/s "
        "| speed-up (steady) vs 1 worker | cores obtained | characters per CPU second | peak RSS per worker (MB) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        steady = run.steady_characters / run.steady if run.steady else 0.0
        base = one.get((run.what, run.engine))
        speedup = ""
        if base is not None and base.steady:
            speedup = f"{steady / (base.steady_characters / base.steady):.2f}x"
        lines.append(
            f"| {run.what} | {run.engine} | {run.workers} | {run.wall:.1f} | {run.documents / run.wall:.2f} "
            f"| {run.characters / run.wall:,.0f} | {steady:,.0f} | {speedup} "
            f"| {sum(run.cpu.values()) / run.wall:.2f} | {run.characters / sum(run.cpu.values()):,.0f} "
            f"| {max(run.rss.values()):.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=4, help="copies of the corpus to process")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--modes", nargs="+", default=list(WHAT), choices=list(WHAT))
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask engine")
    parser.add_argument(
        "--rounds", type=int, default=2, help="run every configuration this often, keep the best"
    )
    parser.add_argument("--write", action="store_true", help="write the table into benchmarks/results.md")
    args = parser.parse_args()
    from report import machine_line

    machine = machine_line()
    best: dict[tuple[str, str, int], Run] = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = write_corpus(args.repeat, Path(tmp))
        for _ in range(args.rounds):
            # interleaved, so that a burst of load from elsewhere does not hit one configuration only
            rounds = [(mode, workers) for mode in args.modes for workers in args.workers]
            if not args.no_dask:
                rounds += [("dask", workers) for workers in args.workers]
            for mode, workers in rounds:
                run = run_dask(workers, path) if mode == "dask" else run_local(mode, workers, path)
                print(run, file=sys.stderr)
                key = (run.what, run.engine, run.workers)
                if key not in best or run.wall < best[key].wall:
                    best[key] = run
    text = table(list(best.values()), args.repeat, args.rounds)
    print(text)
    if args.write:
        replace_section("Batch throughput (benchmarks/batch.py)", text, machine=machine)


if __name__ == "__main__":
    main()
