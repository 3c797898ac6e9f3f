"""Generate the foreign-ministry records of pipeline/kb/organisations.jsonl from sources/foreign_ministries.tsv.

Each row names a state by its Chinese short name in states.jsonl (so no code is typed by hand) and gives its foreign
ministry's Chinese name as PRC texts write it (美国国务院, 日本外务省). The records get the id ``<alpha-3>-MFA`` and
``state``; every record of that shape in organisations.jsonl belongs to this table and is rewritten by it, after the
hand-curated records, sorted by id. Running it twice gives byte-identical files.

    python training/build_kb_ministries.py            # rewrites the generated part of organisations.jsonl
    python training/build_kb_ministries.py --check    # exit 1 if organisations.jsonl is not what the table gives
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KB_DIR = ROOT / "pipeline" / "kb"
DEFAULT_SRC = KB_DIR / "sources" / "foreign_ministries.tsv"
COLUMNS = ["state", "name", "aliases", "en", "source"]
GENERATED_ID = re.compile(r"[A-Z]{3}-MFA")


def is_generated(record: dict) -> bool:
    """A record this table owns: id ``XXX-MFA`` with a ``state`` (China's CN-MFA is curated with China's bodies)."""
    return bool(GENERATED_ID.fullmatch(record.get("id", ""))) and "state" in record


def read_table(path: Path) -> list[dict[str, str]]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    if reader.fieldnames != COLUMNS:
        raise SystemExit(f"{path}: header must be {COLUMNS}, got {reader.fieldnames}")
    return [dict(row) for row in reader]


def build_records(rows: list[dict[str, str]], kb_dir: Path = KB_DIR) -> list[dict]:
    states = [json.loads(line) for line in (kb_dir / "states.jsonl").read_text(encoding="utf-8").splitlines()]
    by_name = {state["name"]: state["id"] for state in states}
    errors: list[str] = []
    records = []
    for n, row in enumerate(rows, 1):
        state = by_name.get(row["state"])
        if state is None:
            errors.append(f"row {n}: {row['state']!r} is not a state name in states.jsonl")
            continue
        if not row["name"] or not row["source"].strip():
            errors.append(f"row {n} ({row['state']}): a ministry needs a name and a source")
            continue
        aliases = [a.strip() for a in row["aliases"].split("|") if a.strip() and a.strip() != row["name"]]
        records.append(
            {
                "id": f"{state}-MFA",
                "name": row["name"],
                "aliases": aliases,
                "kind": "state_organ",
                "en": row["en"],
                "state": state,
                "source": row["source"],
            }
        )
    ids = [r["id"] for r in records]
    if len(ids) != len(set(ids)):
        errors.append("a state listed twice: " + ", ".join(sorted({i for i in ids if ids.count(i) > 1})))
    if errors:
        raise SystemExit(f"{DEFAULT_SRC.name} errors:\n  " + "\n  ".join(errors))
    return sorted(records, key=lambda r: r["id"])


def render(curated_lines: list[str], records: list[dict]) -> str:
    generated = [json.dumps(r, ensure_ascii=False) for r in records]
    return "".join(line + "\n" for line in curated_lines + generated)


def curated_part(path: Path) -> list[str]:
    """The lines of organisations.jsonl this table does not own, as they are."""
    return [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not is_generated(json.loads(line))
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, default=DEFAULT_SRC, help="curated TSV")
    ap.add_argument("--kb", type=Path, default=KB_DIR, help="knowledge-base directory")
    ap.add_argument("--check", action="store_true", help="do not write; fail if organisations.jsonl differs")
    args = ap.parse_args(argv)
    out = args.kb / "organisations.jsonl"
    records = build_records(read_table(args.src), args.kb)
    text = render(curated_part(out), records)
    if args.check:
        if out.read_text(encoding="utf-8") != text:
            print(f"{out} is out of date; run python training/build_kb_ministries.py", file=sys.stderr)
            return 1
        print(f"{out}: up to date ({len(records)} foreign ministries)")
        return 0
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out} ({len(records)} foreign ministries)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
