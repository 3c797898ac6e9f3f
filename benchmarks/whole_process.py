"""Whole-process throughput: ``communique extract`` (one worker) against ``jieba.posseg`` on the same files.

Both run as the user would run them, in a process of their own, from start (imports, loading the pipeline or the
dictionary) to end (records written, or every word tagged), over the corpus statements (``corpus/documents``) written
out as ``.txt`` files ``--repeat`` times. Simplified and traditional statements are measured apart: jieba.posseg is
about a hundred times slower on traditional script, which would flatter the pipeline if the two were mixed. jieba
reads the files as given; the pipeline converts traditional script itself. Rows are the best of ``--rounds``
interleaved runs (jieba on traditional script runs once: it takes minutes).

    pip install -e ".[dev,baselines]"
    python benchmarks/whole_process.py              # print the table
    python benchmarks/whole_process.py --write      # also replace its section in benchmarks/results.md
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from report import replace_section  # noqa: E402

CORPUS = HERE.parent / "corpus" / "documents"

# runs a command in a child and prints the child's CPU seconds and peak memory: a fresh process, so the figures
# are that command's alone
MEASURE = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": time.perf_counter() - started, "cpu": usage.ru_utime + usage.ru_stime,
                  "peak_rss_mb": usage.ru_maxrss / 1024}))
"""

JIEBA = """
import sys
from pathlib import Path
import jieba, jieba.posseg
jieba.setLogLevel(60)
for path in sorted(Path(sys.argv[1]).glob("*.txt")):
    list(jieba.posseg.cut(path.read_text(encoding="utf-8")))
"""


def write_statements(directory: Path, repeat: int) -> dict[str, tuple[Path, int, int]]:
    """``{script: (folder, documents, characters)}`` with every corpus statement as .txt, ``repeat`` times."""
    from communique.evaluation.gold import read_corpus_document

    found: dict[str, tuple[Path, int, int]] = {}
    for source in sorted(CORPUS.glob("*.jsonl")):
        meta = json.loads(source.read_text(encoding="utf-8").splitlines()[0])["meta"]
        script = meta.get("script", "simplified")
        folder = directory / script
        folder.mkdir(exist_ok=True)
        text = read_corpus_document(source)["text"]
        for copy in range(repeat):
            (folder / f"{source.stem}-{copy}.txt").write_text(text, encoding="utf-8")
        _, documents, characters = found.get(script, (folder, 0, 0))
        found[script] = (folder, documents + repeat, characters + repeat * len(text))
    return found


def run(command: list[str]) -> dict:
    output = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], check=True, capture_output=True, text=True
    )
    return json.loads(output.stdout.splitlines()[-1])


def commands(folder: Path, out: Path, model: str | None) -> dict[str, list[str]]:
    extract = [
        str(Path(sys.executable).with_name("communique")),
        "extract",
        str(folder),
        "-j",
        "1",
        "-o",
        str(out),
    ]
    return {
        "extract": extract + (["--model", model] if model else []),
        "jieba": [sys.executable, "-c", JIEBA, str(folder)],
    }


def table(results: dict[str, dict[str, dict]], sizes: dict[str, tuple[Path, int, int]], repeat: int) -> str:
    lines = [
        f"The corpus statements x{repeat} as .txt files, one process each, from start to end (imports and loading "
        "included); best of the rounds by wall time. Ratio: the pipeline's characters/s over jieba.posseg's.",
        "",
        "| script | documents | characters | `communique extract -j 1`: wall s / characters/s / CPU s | peak RSS (MB) "
        "| `jieba.posseg.cut`: wall s / characters/s / CPU s | ratio (wall) | ratio (CPU) |",
        "|---|---:|---:|---|---:|---|---:|---:|",
    ]
    for script, by_tool in results.items():
        _, documents, characters = sizes[script]
        ours, jieba = by_tool["extract"], by_tool["jieba"]
        lines.append(
            f"| {script} | {documents} | {characters:,} "
            f"| {ours['wall']:.1f} / {characters / ours['wall']:,.0f} / {ours['cpu']:.1f} | {ours['peak_rss_mb']:.0f} "
            f"| {jieba['wall']:.1f} / {characters / jieba['wall']:,.0f} / {jieba['cpu']:.1f} "
            f"| {jieba['wall'] / ours['wall']:.2f}x | {jieba['cpu'] / ours['cpu']:.2f}x |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="copies of each statement")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved runs per configuration")
    parser.add_argument("--model", help="the pipeline `communique extract` loads (default: the bundled one)")
    parser.add_argument(
        "--scripts", default="simplified,traditional", help="which statements (comma-separated)"
    )
    parser.add_argument("--write", action="store_true", help="write the table into benchmarks/results.md")
    args = parser.parse_args()
    from report import machine_line

    machine = machine_line()
    with tempfile.TemporaryDirectory() as tmp:
        sizes = write_statements(Path(tmp), args.repeat)
        sizes = {script: size for script, size in sizes.items() if script in args.scripts.split(",")}
        results: dict[str, dict[str, dict]] = {script: {} for script in sizes}
        for round_number in range(args.rounds):
            for script, (folder, _, _) in sizes.items():
                for tool, command in commands(folder, Path(tmp) / f"{script}.jsonl", args.model).items():
                    if tool == "jieba" and script == "traditional" and round_number > 0:
                        continue
                    started = time.perf_counter()
                    result = run(command)
                    print(f"{script} {tool}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
                    best = results[script].get(tool)
                    if best is None or result["wall"] < best["wall"]:
                        results[script][tool] = result
    text = table(results, sizes, args.repeat)
    if args.model:
        text = f"Pipeline: `{args.model}`.\n\n" + text
    print(text)
    if args.write:
        replace_section(
            "Whole-process throughput against jieba.posseg (benchmarks/whole_process.py)",
            text,
            machine=machine,
        )


if __name__ == "__main__":
    main()
