"""Single-process throughput: characters/s and peak memory, tokenizer only against the full pipeline.

Each measurement runs in a fresh Python process so that its peak resident memory (``ru_maxrss``) is its own and
not the high-water mark of an earlier one. The text is the bundled example statement repeated; every copy is one
document, as in real use.

    python benchmarks/throughput.py                 # print the table
    python benchmarks/throughput.py --write         # also replace its section in benchmarks/results.md
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from report import replace_section  # noqa: E402

EXAMPLE = HERE.parent / "corpus" / "examples" / "china-uzbekistan-2024-01-24.txt"
MODES = {
    "tokenizer": "tokenizer only (`nlp.make_doc`, pkuseg)",
    "rules": "rule components only (`nlp(text)`, trained tok2vec and ner disabled)",
    "pipeline": "full pipeline with the trained NER (`nlp(text)`)",
    "extract": "full extraction (`Extractor.extract_text`: script conversion, pipeline, record)",
}
CHILD_MODES = [*MODES, "components"]


def measure(mode: str, copies: int) -> dict:
    """Run in the child process: load, warm up on one copy, then time ``copies`` documents."""
    from communique.extract import Extractor

    text = EXAMPLE.read_text(encoding="utf-8")
    started = time.perf_counter()
    extractor = Extractor()
    load_seconds = time.perf_counter() - started
    nlp = extractor.nlp
    if mode == "rules":
        nlp.select_pipes(disable=[name for name in ("tok2vec", "ner") if name in nlp.pipe_names])
    work = {
        "tokenizer": nlp.make_doc,
        "rules": nlp,
        "pipeline": nlp,
        "extract": extractor.extract_text,
    }[mode]
    work(text)
    times = []
    for _ in range(copies):
        started = time.perf_counter()
        work(text)
        times.append(time.perf_counter() - started)
    # the median copy, not the mean: on a shared machine other jobs stretch some copies many times over
    seconds = statistics.median(times) * copies
    return {
        "mode": mode,
        "documents": copies,
        "characters": copies * len(text),
        "seconds": seconds,
        "load_seconds": load_seconds,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def component_seconds(copies: int) -> dict[str, float]:
    """Where the full pipeline's time goes: seconds per document for the tokenizer and each component."""
    from communique.extract import Extractor

    text = EXAMPLE.read_text(encoding="utf-8")
    nlp = Extractor().nlp
    nlp(text)
    times: dict[str, list[float]] = {name: [] for name in ["tokenizer (make_doc)", *nlp.pipe_names]}
    for _ in range(copies):
        started = time.perf_counter()
        doc = nlp.make_doc(text)
        times["tokenizer (make_doc)"].append(time.perf_counter() - started)
        for name, component in nlp.pipeline:
            started = time.perf_counter()
            doc = component(doc)
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def run_child(mode: str, copies: int) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--copies", str(copies)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.splitlines()[-1])


def table(results: list[dict], copies: int) -> str:
    tokenizer = next(r for r in results if r["mode"] == "tokenizer")
    base = tokenizer["characters"] / tokenizer["seconds"]
    lines = [
        f"Example statement ({EXAMPLE.name}, {tokenizer['characters'] // copies:,} characters) "
        f"processed {copies} times as separate documents, one process, after one warm-up copy; rates from "
        "the median time per copy.",
        "",
        "| what runs | characters/s | documents/s | share of tokenizer-only | peak RSS (MB) | load (s) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        rate = result["characters"] / result["seconds"]
        lines.append(
            f"| {MODES[result['mode']]} | {rate:,.0f} | {result['documents'] / result['seconds']:.2f} "
            f"| {rate / base:.0%} | {result['peak_rss_mb']:.0f} | {result['load_seconds']:.1f} |"
        )
    return "\n".join(lines)


def breakdown(seconds: dict[str, float]) -> str:
    total = sum(seconds.values())
    lines = [
        "Where the full pipeline's time goes (median seconds per copy of the statement):",
        "",
        "| step | s/document | share |",
        "|---|---:|---:|",
    ]
    lines += [f"| {name} | {value:.3f} | {value / total:.0%} |" for name, value in seconds.items()]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20, help="documents (copies of the example) to time")
    parser.add_argument("--write", action="store_true", help="write the table into benchmarks/results.md")
    parser.add_argument("--child", choices=CHILD_MODES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "components":
        print(json.dumps(component_seconds(args.copies)))
        return
    if args.child:
        print(json.dumps(measure(args.child, args.copies)))
        return
    from report import machine_line

    machine = machine_line()
    results = [run_child(mode, args.copies) for mode in MODES]
    text = table(results, args.copies) + "\n\n" + breakdown(run_child("components", args.copies))
    print(text)
    if args.write:
        replace_section("Single-process throughput (benchmarks/throughput.py)", text, machine=machine)


if __name__ == "__main__":
    main()
