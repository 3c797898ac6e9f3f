"""What the acts layer costs: full extraction of the example statement with acts, and with the acts step
replaced by one that builds none, alternating in one process (median of rounds; same loaded pipeline).

    python benchmarks/acts.py                 # print the table
    python benchmarks/acts.py --write         # also replace its section in benchmarks/results.md
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from report import replace_section  # noqa: E402

EXAMPLE = HERE.parent / "corpus" / "examples" / "china-uzbekistan-2024-01-24.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--copies", type=int, default=5, help="documents per timed round")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()

    import communique.components.obligations as obligations
    from communique.extract import Extractor

    text = EXAMPLE.read_text(encoding="utf-8")
    extractor = Extractor()
    extractor.extract_text(text, doc_id="warm-up")
    with_acts = obligations.build_acts

    def no_acts(*_args, **_kwargs):
        return []

    times: dict[str, list[float]] = {"with acts": [], "without acts": []}
    acts = 0
    for _ in range(args.rounds):
        for name, builder in (("with acts", with_acts), ("without acts", no_acts)):
            obligations.build_acts = builder
            started = time.perf_counter()
            for copy in range(args.copies):
                record = extractor.extract_text(text, doc_id=f"copy-{copy}")
            times[name].append((time.perf_counter() - started) / args.copies)
            if name == "with acts":
                acts = sum(len(s["acts"]) for s in record["sentences"])
    obligations.build_acts = with_acts
    with_s, without_s = (statistics.median(times[k]) for k in ("with acts", "without acts"))
    body = (
        f"The example statement ({len(text):,} characters, {acts} acts), full extraction "
        f"(`Extractor.extract_text`), median of {args.rounds} rounds of {args.copies} documents, one process, "
        "the acts step swapped in and out of the same loaded pipeline (record building included).\n\n"
        "| | seconds per document |\n|---|---|\n"
        f"| without acts | {without_s:.4f} |\n| with acts | {with_s:.4f} |\n"
        f"| acts' share | {100 * (with_s - without_s) / without_s:+.1f}% (target: at most +10%) |\n"
    )
    print(body)
    if args.write:
        replace_section("Acts layer cost (benchmarks/acts.py)", body)


if __name__ == "__main__":
    main()
