"""Generate the state organs of pipeline/kb/organisations.jsonl from sources/state_organs.tsv.

One table holds what the knowledge base knows of each state's organs: its legislature (the whole parliament and each
chamber), its foreign ministry, other organs named in statements (the Swiss Federal Council), and the titles of its
head of state and head of government. Each row names a state by its Chinese short name in states.jsonl (so no code
is typed by hand) and says where the fact comes from.

An organ row becomes one record (id ``<alpha-3>-<suffix>``, ``state``, ``organ``), whose surface forms are composed
the way PRC texts write them: the state's short name + each organ word (乌兹别克斯坦外交部), with ``formal`` = yes
also its formal name + each word (乌兹别克斯坦共和国外交部), plus the row's extra forms (国家杜马). Every record with
an ``organ`` field belongs to this table and is rewritten by it, after the hand-curated records, sorted by id. A
title row is written into the state's government record (``X政府``, curated with its forms) as
``head_of_state_title`` / ``head_of_government_title``: the table is the only place the titles are kept. Running it
twice gives byte-identical files.

    python training/build_kb_organs.py            # rewrites the generated part of organisations.jsonl
    python training/build_kb_organs.py --check    # exit 1 if organisations.jsonl is not what the table gives
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections import Counter
from pathlib import Path

from communique.training.generated import write_or_check

ROOT = Path(__file__).resolve().parents[1]
KB_DIR = ROOT / "pipeline" / "kb"
DEFAULT_SRC = KB_DIR / "sources" / "state_organs.tsv"
COLUMNS = ["state", "organ", "id", "words", "formal", "forms", "en", "source"]
# organ -> what it is; the records' `organ` field
ORGANS = ("legislature", "chamber", "ministry", "executive")
# title row -> the field of the government record it fills
TITLES = {"head_of_state": "head_of_state_title", "head_of_government": "head_of_government_title"}
ID_SUFFIX = re.compile(r"[A-Z][A-Z0-9]*")


def is_generated(record: dict) -> bool:
    """A record this table owns: every record with an ``organ`` field."""
    return "organ" in record


def is_government(record: dict) -> bool:
    """A state's government record (``X-GOV`` with ``state``), which carries the state's titles."""
    return record.get("id", "").endswith("-GOV") and "state" in record


def read_table(path: Path) -> list[tuple[int, dict[str, str]]]:
    """The rows of the table with their line numbers (comments and blank lines skipped)."""
    numbered = [
        (n, line)
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line and not line.startswith("#")
    ]
    if not numbered:
        raise SystemExit(f"{path}: no header")
    header_line, header = numbered[0]
    if header.split("\t") != COLUMNS:
        raise SystemExit(f"{path}:{header_line}: header must be {COLUMNS}, got {header.split(chr(9))}")
    rows = []
    for n, line in numbered[1:]:
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if len(cells) != len(COLUMNS):
            raise SystemExit(f"{path}:{n}: {len(cells)} columns, need {len(COLUMNS)}")
        rows.append((n, dict(zip(COLUMNS, cells, strict=True))))
    return rows


def split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def compose(state: dict, row: dict[str, str]) -> list[str]:
    """The organ's surface forms, its name first: short name + words, formal name + words, extra forms."""
    words = split(row["words"])
    stems = [state["name"]]
    if row["formal"] == "yes":
        stems.append(state["formal_name"])
    forms = [stem + word for word in words for stem in stems[:1]]
    forms += [stem + word for word in words for stem in stems[1:]]
    forms += split(row["forms"])
    return list(dict.fromkeys(forms))


def build(
    rows: list[tuple[int, dict[str, str]]], kb_dir: Path = KB_DIR, src: Path = DEFAULT_SRC
) -> tuple[list[dict], dict[str, dict[str, str]]]:
    """The organ records, sorted by id, and the titles per state id; every error of the table at once."""
    states = [json.loads(line) for line in (kb_dir / "states.jsonl").read_text(encoding="utf-8").splitlines()]
    by_name = {state["name"]: state for state in states}
    errors: list[str] = []
    records: list[dict] = []
    titles: dict[str, dict[str, str]] = {}
    for n, row in rows:
        where = f"{src.name}:{n}"
        state = by_name.get(row["state"])
        if state is None:
            errors.append(f"{where}: {row['state']!r} is not a state name in states.jsonl")
            continue
        if not row["source"].strip():
            errors.append(f"{where} ({row['state']}): no source")
            continue
        if row["organ"] in TITLES:
            field = TITLES[row["organ"]]
            title = row["words"].strip()
            if not title or "|" in title or any(row[c] for c in ("id", "formal", "forms", "en")):
                errors.append(
                    f"{where} ({row['state']}): a title row gives one title in `words` and nothing else"
                )
            elif field in titles.get(state["id"], {}):
                errors.append(f"{where} ({row['state']}): {row['organ']} given twice")
            else:
                titles.setdefault(state["id"], {})[field] = title
            continue
        if row["organ"] not in ORGANS:
            errors.append(f"{where}: organ {row['organ']!r} is none of {[*ORGANS, *TITLES]}")
            continue
        if not ID_SUFFIX.fullmatch(row["id"]) or not split(row["words"]) or not row["en"].strip():
            errors.append(f"{where} ({row['state']}): an organ needs an id suffix (A-Z, 0-9), words and en")
            continue
        if row["formal"] not in ("yes", "no"):
            errors.append(f"{where} ({row['state']}): formal must be yes or no, not {row['formal']!r}")
            continue
        forms = compose(state, row)
        records.append(
            {
                "id": f"{state['id']}-{row['id']}",
                "name": forms[0],
                "aliases": forms[1:],
                "kind": "state_organ",
                "organ": row["organ"],
                "en": row["en"].strip(),
                "state": state["id"],
                "source": row["source"].strip(),
            }
        )
    ids = Counter(record["id"] for record in records)
    errors += [f"{src.name}: id {id_} given {count} times" for id_, count in sorted(ids.items()) if count > 1]
    owners = Counter(form for record in records for form in [record["name"], *record["aliases"]])
    errors += [
        f"{src.name}: form {form!r} composed {count} times" for form, count in owners.items() if count > 1
    ]
    if errors:
        raise SystemExit(f"{src} errors:\n  " + "\n  ".join(errors))
    return sorted(records, key=lambda r: r["id"]), titles


def render(path: Path, records: list[dict], titles: dict[str, dict[str, str]]) -> str:
    """organisations.jsonl with the curated lines kept as they are (a government's titles set from the table) and
    the generated records after them."""
    lines = []
    governed = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        if is_generated(record):
            continue
        if is_government(record):
            governed.add(record["state"])
            for field in TITLES.values():
                record.pop(field, None)
            record.update(titles.get(record["state"], {}))
            line = json.dumps(record, ensure_ascii=False)
        lines.append(line)
    orphans = sorted(set(titles) - governed)
    if orphans:
        raise SystemExit(
            f"{path}: no government record (X-GOV with state) for the titles of {', '.join(orphans)}"
        )
    lines += [json.dumps(record, ensure_ascii=False) for record in records]
    return "".join(line + "\n" for line in lines)


def summary(records: list[dict], titles: dict[str, dict[str, str]]) -> str:
    """How many states each kind of fact covers."""
    states = {organ: {r["state"] for r in records if r["organ"] == organ} for organ in ORGANS}
    legislatures = states["legislature"] | states["chamber"]
    counts = {field: sum(field in t for t in titles.values()) for field in TITLES.values()}
    return (
        f"{len(records)} organs; states with a legislature or chamber {len(legislatures)}, with a foreign ministry "
        f"{len(states['ministry'])}, with a head-of-state title {counts['head_of_state_title']}, with a "
        f"head-of-government title {counts['head_of_government_title']}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, default=DEFAULT_SRC, help="curated TSV")
    ap.add_argument("--kb", type=Path, default=KB_DIR, help="knowledge-base directory")
    ap.add_argument("--check", action="store_true", help="do not write; fail if organisations.jsonl differs")
    args = ap.parse_args(argv)
    out = args.kb / "organisations.jsonl"
    records, titles = build(read_table(args.src), args.kb, args.src)
    text = render(out, records, titles)
    return write_or_check(
        out, text, check=args.check, script="build_kb_organs.py", summary=summary(records, titles)
    )


if __name__ == "__main__":
    raise SystemExit(main())
