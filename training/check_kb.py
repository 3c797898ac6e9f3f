"""Check the knowledge base under pipeline/kb/ for consistency.

    python training/check_kb.py            # prints a summary, exit 1 on any error

Checks: required fields and kinds, a source for every curated entry; every form converts back from traditional
script (s2t, s2tw, s2hk, then the pipeline's own conversion); ids unique within each file and across files; 193 member, 2 observer and
6 former states with valid pycountry alpha-3/alpha-2 codes (ISO 3166-1; ISO 3166-3 for the former ones); no single-character or generic surface forms; no form wrapped in 《》 or in
quotes; a `state` field names a state of states.jsonl; every surface form (name, formal name, alias) unique
across ALL files. Only the states'
`X方` designators may be shared, and only between states (the pipeline resolves them against the
statement's parties); a designator must not be used as a name or alias anywhere.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from communique.training.build_kb_states import (
    EXPECTED as STATES_EXPECTED,  # one count for generator and check
)

ROOT = Path(__file__).resolve().parents[1]
KB_DIR = ROOT / "pipeline" / "kb"

FILES = {
    "states.jsonl": None,
    "organisations.jsonl": {
        "organisation",
        "institution",
        "mechanism",
        "state_organ",
        "forum_body",
        "company",
        "university",
    },
    "initiatives.jsonl": {
        "initiative",
        "strategy",
        "programme",
        "project",
        "corridor",
        "agenda",
        "principle",
        "concept",
    },
    "locations.jsonl": {"city", "region", "province", "port"},
    "documents.jsonl": {"document"},
    "persons.jsonl": {"person"},
}
MINIMUM = {
    "organisations.jsonl": 200,
    "persons.jsonl": 100,
    "initiatives.jsonl": 60,
    "locations.jsonl": 120,
    "documents.jsonl": 20,
}
# words that must never be a surface form on their own
GENERIC = {
    "合作",
    "机制",
    "倡议",
    "战略",
    "项目",
    "论坛",
    "会议",
    "组织",
    "政府",
    "国家",
    "地区",
    "双方",
    "两国",
    "各方",
    "本国",
    "对方",
    "第三国",
    "国际社会",
    "两岸",
    "本地区",
    "境内",
    "中华民族",
    "中国式现代化",
    "发展",
    "安全",
    "委员会",
    "工作组",
    "秘书处",
    "联盟",
    "共同体",
    "命运共同体",
    "伙伴关系",
    "全面战略伙伴关系",
}
OPEN_QUOTES = '“‘"「『'
CLOSE_QUOTES = '”’"」』'


def load(kb_dir: Path) -> dict[str, list[dict]]:
    data = {}
    for fname in FILES:
        path = kb_dir / fname
        rows = []
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                rec = json.loads(line)
                rec["_line"] = n
                rows.append(rec)
        data[fname] = rows
    return data


def surface_forms(fname: str, rec: dict) -> list[str]:
    forms = [rec["name"]]
    if fname == "states.jsonl":
        forms.append(rec["formal_name"])
    forms.extend(rec.get("aliases", []))
    return list(dict.fromkeys(forms))


@lru_cache(maxsize=4)
def _to_traditional(config: str):
    from opencc import OpenCC

    return OpenCC(config)


def round_trips(form: str) -> bool:
    """The form written in traditional script (Taiwan and Hong Kong standards too) converts back to itself."""
    from communique.script import to_analysis_text

    return all(
        to_analysis_text(_to_traditional(config).convert(form)).text == form
        for config in ("s2t", "s2tw", "s2hk")
    )


def check(kb_dir: Path = KB_DIR) -> tuple[list[str], dict]:
    import pycountry

    errors: list[str] = []
    data = load(kb_dir)
    state_ids = {r.get("id") for r in data["states.jsonl"]}
    owners: dict[str, set[tuple[str, str]]] = defaultdict(set)  # form -> {(file, id)}
    designators: dict[str, set[str]] = defaultdict(set)  # designator -> {state id}
    id_files: dict[str, set[str]] = defaultdict(set)  # id -> {file}; pipeline/kb.py keys entries by id alone
    stats: dict[str, int] = {}

    for fname, rows in data.items():
        stats[fname] = len(rows)
        ids = [r.get("id") for r in rows]
        for dup in sorted({i for i in ids if ids.count(i) > 1}):
            errors.append(f"{fname}: duplicate id {dup}")
        if fname in MINIMUM and len(rows) < MINIMUM[fname]:
            errors.append(f"{fname}: {len(rows)} records, need at least {MINIMUM[fname]}")
        for r in rows:
            where = f"{fname}:{r['_line']} ({r.get('id')})"
            id_files[r.get("id")].add(fname)
            if fname == "states.jsonl":
                need = ["id", "alpha2", "name", "formal_name", "aliases", "designators", "status"]
            else:
                # every curated fact says where it comes from (states: the generator's sources, see README)
                need = ["id", "name", "aliases", "kind", "en", "source"]
            missing = [k for k in need if k not in r]
            if missing:
                errors.append(f"{where}: missing fields {missing}")
                continue
            if fname == "states.jsonl":
                # a former state's code is withdrawn from ISO 3166-1 and listed in ISO 3166-3
                codes = pycountry.historic_countries if r["status"] == "former" else pycountry.countries
                c = codes.get(alpha_3=r["id"])
                if c is None:
                    part = "ISO 3166-3" if r["status"] == "former" else "ISO 3166-1"
                    errors.append(f"{where}: {r['id']} is not an {part} alpha-3 code in pycountry")
                elif c.alpha_2 != r["alpha2"]:
                    errors.append(f"{where}: alpha2 {r['alpha2']} != pycountry {c.alpha_2}")
                if r["status"] not in STATES_EXPECTED:
                    errors.append(f"{where}: bad status {r['status']}")
                for d in r["designators"]:
                    designators[d].add(r["id"])
                    if not d.endswith("方") or len(d) < 2:
                        errors.append(f"{where}: bad designator {d!r}")
            elif r["kind"] not in FILES[fname]:
                errors.append(f"{where}: kind {r['kind']!r} not in {sorted(FILES[fname])}")
            if fname != "states.jsonl" and not str(r["source"]).strip():
                errors.append(f"{where}: empty source")
            if "partner" in r and pycountry.countries.get(alpha_3=r["partner"]) is None:
                errors.append(f"{where}: partner {r['partner']!r} is not an alpha-3 state code")
            # the state a place or an organ belongs to (滨海边疆区 → RUS) is one of states.jsonl
            if "state" in r and r["state"] not in state_ids:
                errors.append(f"{where}: state {r['state']!r} is not an id of states.jsonl")
            for form in surface_forms(fname, r):
                owners[form].add((fname, r["id"]))
                # both scripts: the traditional form of the name must come back to it through the pipeline's
                # conversion, or a statement in traditional script would never match it
                if not round_trips(form):
                    errors.append(f"{where}: {form!r} does not come back from traditional script")
                if len(form) < 2:
                    errors.append(f"{where}: single-character form {form!r}")
                if form in GENERIC:
                    errors.append(f"{where}: generic form {form!r}")
                if form != form.strip():
                    errors.append(f"{where}: whitespace around {form!r}")
                if form.startswith("《") or form.endswith("》"):
                    errors.append(f"{where}: form wrapped in 《》 {form!r}")
                if form[0] in OPEN_QUOTES and form[-1] in CLOSE_QUOTES:
                    errors.append(f"{where}: form wrapped in quotes {form!r}")
            for a in r["aliases"]:
                if r["aliases"].count(a) > 1:
                    errors.append(f"{where}: alias {a!r} listed twice")

    for form, who in sorted(owners.items()):
        if len(who) > 1:
            errors.append(f"surface form {form!r} used by " + ", ".join(f"{f}:{i}" for f, i in sorted(who)))
    for d in sorted(designators):
        if d in owners:
            errors.append(
                f"designator {d!r} is also a name/alias of "
                + ", ".join(f"{f}:{i}" for f, i in sorted(owners[d]))
            )

    for id_, files in sorted(id_files.items()):
        if len(files) > 1:
            errors.append(f"id {id_} used in several files: {sorted(files)}")

    states = data["states.jsonl"]
    for status, expected in STATES_EXPECTED.items():
        got = sum(r.get("status") == status for r in states)
        if got != expected:
            errors.append(f"states.jsonl: {got} {status} states, expected {expected}")
    stats["surface_forms"] = len(owners)
    stats["designators"] = len(designators)
    stats["shared_designators"] = sum(len(v) > 1 for v in designators.values())
    return errors, stats


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kb", type=Path, default=KB_DIR, help="knowledge-base directory")
    args = ap.parse_args(argv)
    errors, stats = check(args.kb)
    for k, v in stats.items():
        print(f"{k}: {v}")
    if errors:
        print(f"{len(errors)} error(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("OK: no errors")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
