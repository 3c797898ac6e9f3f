"""Cost against document length, stage by stage: is every stage linear?

Texts: the example statement 1, 4 and 16 times over as one document (a treaty with its annexes, a year of
statements in one file), the same statement without punctuation or line breaks at 25k to 200k characters (no
sentence or paragraph to cut at: long runs for the regular expressions), and a 2 MB (UTF-8) statement in a process
of its own, for its wall time and peak memory. Each document goes through ``communique.sections.analyse``, the
path ``communique extract`` takes (long texts in sections); the CPU seconds per stage come from it. "Cost per
character" is relative to the smallest text of its kind: 1.0 is linear, 16 would be quadratic at 16x.

    python benchmarks/scaling.py                    # print the tables
    python benchmarks/scaling.py --write            # also replace its section in benchmarks/results.md
    python benchmarks/scaling.py --model PATH       # another saved pipeline (e.g. a smaller NER)
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from report import replace_section  # noqa: E402

EXAMPLE = HERE.parent / "corpus" / "examples" / "china-uzbekistan-2024-01-24.txt"
COPIES = (1, 4, 16)
NO_PUNCTUATION = (25_000, 50_000, 100_000, 200_000)
BIG_BYTES = 2_000_000


def texts() -> list[tuple[str, str, str]]:
    """(kind, name, text) for every measured document."""
    example = EXAMPLE.read_text(encoding="utf-8")
    bare = re.sub(r"[^\u4e00-\u9fff0-9]", "", example)
    found = [("statement", f"statement x{n}", example * n) for n in COPIES]
    for size in NO_PUNCTUATION:
        found.append(
            ("no punctuation", f"no punctuation {size // 1000}k", (bare * (size // len(bare) + 1))[:size])
        )
    return found


def big_text() -> str:
    example = EXAMPLE.read_text(encoding="utf-8")
    copies = BIG_BYTES // len(example.encode("utf-8")) + 1
    return "\n".join([example] * copies)


def measure(model: str | None) -> list[dict]:
    from communique.extract import Extractor
    from communique.sections import SECTION_CHARS, analyse

    nlp = Extractor(model=model).nlp
    example = EXAMPLE.read_text(encoding="utf-8")
    analyse(nlp, example)  # warm up
    rows = []
    for kind, name, text in texts():
        timings: dict[str, float] = {}
        analyse(nlp, text, SECTION_CHARS, timings)
        rows.append({"kind": kind, "name": name, "characters": len(text), "stages": timings})
    return rows


def measure_big(model: str | None) -> dict:
    """In a child process: one 2 MB statement through ``Extractor.extract_text`` (record included)."""
    from communique.extract import Extractor

    extractor = Extractor(model=model)
    text = big_text()
    started = time.perf_counter()
    cpu = time.process_time()
    record = extractor.extract_text(text)
    return {
        "characters": len(text),
        "bytes": len(text.encode("utf-8")),
        "wall": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "entities": len(record["entities"]),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def stage_table(rows: list[dict]) -> str:
    stages: list[str] = []
    for row in rows:
        stages += [name for name in row["stages"] if name not in stages]
    short = {name: name.removeprefix("communique_") for name in stages}
    lines = [
        "CPU seconds per stage (one run each, after a warm-up document); cost per character relative to the "
        "smallest text of the same kind (1.0 = linear).",
        "",
        "| text | characters | "
        + " | ".join(short[s] for s in stages)
        + " | total | characters/s | cost per character |",
        "|---|---:|" + "---:|" * (len(stages) + 3),
    ]
    base: dict[str, float] = {}
    for row in rows:
        total = sum(row["stages"].values())
        per_char = total / row["characters"]
        base.setdefault(row["kind"], per_char)
        cells = [f"{row['stages'].get(s, 0.0):.3f}" if s in row["stages"] else "–" for s in stages]
        lines.append(
            f"| {row['name']} | {row['characters']:,} | "
            + " | ".join(cells)
            + f" | {total:.2f} | {row['characters'] / total:,.0f} | {per_char / base[row['kind']]:.2f} |"
        )
    lines += [
        "",
        "Texts longer than `SECTION_CHARS` (50,000) are tokenised in sections and their tok2vec and ner run section "
        "by section (`tok2vec+ner`); shorter ones take the path of `nlp(text)`.",
    ]
    return "\n".join(lines)


def big_line(big: dict) -> str:
    return (
        f"A 2 MB statement (the example repeated: {big['characters']:,} characters, {big['bytes']:,} bytes of "
        f"UTF-8) through `Extractor.extract_text`, record included, in a process of its own: {big['wall']:.1f} s "
        f"wall, {big['cpu']:.1f} s CPU, {big['entities']:,} entities, peak resident memory {big['peak_rss_mb']:.0f} MB "
        "(pipeline loaded)."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="a saved pipeline (default: the bundled one)")
    parser.add_argument("--write", action="store_true", help="write the tables into benchmarks/results.md")
    parser.add_argument("--no-big", action="store_true", help="skip the 2 MB statement")
    parser.add_argument("--child", choices=["stages", "big"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        result = measure(args.model) if args.child == "stages" else measure_big(args.model)
        print(json.dumps(result))
        return
    from report import machine_line

    machine = machine_line()

    def child(what: str) -> object:
        command = [sys.executable, __file__, "--child", what] + (
            ["--model", args.model] if args.model else []
        )
        return json.loads(
            subprocess.run(command, check=True, capture_output=True, text=True).stdout.splitlines()[-1]
        )

    text = stage_table(child("stages"))
    if not args.no_big:
        text += "\n\n" + big_line(child("big"))
    if args.model:
        text = f"Pipeline: `{args.model}`.\n\n" + text
    print(text)
    if args.write:
        replace_section("Cost against document length (benchmarks/scaling.py)", text, machine=machine)


if __name__ == "__main__":
    main()
