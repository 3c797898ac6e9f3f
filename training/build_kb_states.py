"""Generate pipeline/kb/states.jsonl from pipeline/kb/sources/states_curated.tsv.

Codes (alpha-3 `id`, `alpha2`) are looked up in pycountry by the English short name in the
curated table, never typed by hand: in ISO 3166-1 (``pycountry.countries``) for current states, in ISO 3166-3
(``pycountry.historic_countries``) for the `former` ones (苏联 → SUN), whose codes are withdrawn from ISO 3166-1
and so can never collide with a current state's. The Chinese short name defaults to CLDR's zh_Hans territory
name (via Babel) unless the table overrides it. The output is sorted by id and deterministic:
running this script twice gives byte-identical files.

    python training/build_kb_states.py            # writes pipeline/kb/states.jsonl
    python training/build_kb_states.py --check    # only verify the file is up to date (exit 1 if not)
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import pycountry
from babel import Locale
from communique.training.generated import write_or_check

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SRC = ROOT / "pipeline" / "kb" / "sources" / "states_curated.tsv"
DEFAULT_OUT = ROOT / "pipeline" / "kb" / "states.jsonl"
COLUMNS = ["pycountry_name", "status", "name", "formal_name", "aliases", "designators"]
# UN members, UN observer states, and dissolved states that older statements name as parties (苏联, 南斯拉夫 …)
EXPECTED = {"member": 193, "observer": 2, "former": 6}


def _split(cell: str) -> list[str]:
    return [x.strip() for x in cell.split("|") if x.strip()]


def read_table(path: Path) -> list[dict[str, str]]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    if reader.fieldnames != COLUMNS:
        raise SystemExit(f"{path}: header must be {COLUMNS}, got {reader.fieldnames}")
    return [dict(row) for row in reader]


def build_records(rows: list[dict[str, str]]) -> list[dict]:
    zh = Locale.parse("zh_Hans")
    errors: list[str] = []
    records = []
    for row in rows:
        key = row["pycountry_name"]
        status = row["status"]
        former = status == "former"
        country = (pycountry.historic_countries if former else pycountry.countries).get(name=key)
        if country is None:
            part = "ISO 3166-3 (historic_countries)" if former else "ISO 3166-1"
            errors.append(f"not a pycountry {part} name: {key!r}")
            continue
        # CLDR names today's territories only (its SU/CS/DD are not the former states' Chinese names)
        cldr_name = None if former else zh.territories.get(country.alpha_2)
        name = row["name"] or cldr_name
        if not name:
            errors.append(f"{key}: no CLDR zh_Hans name and no override")
            continue
        formal = row["formal_name"] or name
        aliases = [a for a in _split(row["aliases"]) if a not in (name, formal)]
        designators = _split(row["designators"])
        if status not in EXPECTED:
            errors.append(f"{key}: bad status {status!r}")
        for form in [name, formal, *aliases, *designators]:
            if len(form) < 2:
                errors.append(f"{key}: single-character form {form!r}")
        for d in designators:
            if not d.endswith("方"):
                errors.append(f"{key}: designator {d!r} does not end with 方")
        records.append(
            {
                "id": country.alpha_3,
                "alpha2": country.alpha_2,
                "name": name,
                "formal_name": formal,
                "aliases": aliases,
                "designators": designators,
                "status": status,
            }
        )
    ids = [r["id"] for r in records]
    if len(ids) != len(set(ids)):
        errors.append("duplicate ids: " + ", ".join(sorted({i for i in ids if ids.count(i) > 1})))
    for status, n in EXPECTED.items():
        got = sum(r["status"] == status for r in records)
        if got != n:
            errors.append(f"expected {n} {status} states, got {got}")
    # names, formal names and aliases must point at one state only (designators may be shared)
    owner: dict[str, str] = {}
    for r in records:
        for form in {r["name"], r["formal_name"], *r["aliases"]}:
            if form in owner and owner[form] != r["id"]:
                errors.append(f"surface form {form!r} on both {owner[form]} and {r['id']}")
            owner[form] = r["id"]
    if errors:
        raise SystemExit("states table errors:\n  " + "\n  ".join(errors))
    return sorted(records, key=lambda r: r["id"])


def render(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, default=DEFAULT_SRC, help="curated TSV")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="states.jsonl to write")
    ap.add_argument("--check", action="store_true", help="do not write; fail if --out differs")
    args = ap.parse_args(argv)
    text = render(build_records(read_table(args.src)))
    return write_or_check(
        args.out, text, check=args.check, script="build_kb_states.py", summary=f"{text.count(chr(10))} states"
    )


if __name__ == "__main__":
    raise SystemExit(main())
