"""The store at scale: 10,000 records made from the corpus (partners, dates and amounts substituted) loaded by
``communique store add`` on one core, each named question timed, the Parquet export, and the whole
``communique query commitments`` command as a user waits for it (CSV, JSON, the table).

The corpus statements (``corpus/documents``, but not those sealed for the final test in ``corpus/splits.json``)
are extracted once with the bundled pipeline; each synthetic record is a copy of one of them with another partner
(its code in parties, in the actors and recipients of sentences and acts, and in STATE norms), its dates moved by
whole years and its amounts scaled (in entities, acts and the record's date), under a new doc_id and sha256.
Seeded, so every run loads the same records.

    python benchmarks/store.py --write          # measure and replace the section in benchmarks/results.md
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from report import replace_section  # noqa: E402

CORPUS = HERE.parent / "corpus" / "documents"
SPLITS = HERE.parent / "corpus" / "splits.json"
PARTNERS = (
    "ARG AUS BGD BLR BOL BRA CMR CHL COL CUB EGY ETH FJI FRA GAB DEU GRC HUN IDN IRN KAZ KEN KGZ KHM LAO MDV MNG "
    "MYS NAM NGA NPL PAK PER PHL PNG QAT RUS SAU SRB SGP ESP LKA SUR TJK THA TKM TUR TZA ARE UZB VEN VNM ZAF ZMB"
).split()


def base_records() -> list[dict[str, Any]]:
    """The corpus statements as the pipeline extracts them, the sealed ones left unread (corpus/splits.json)."""
    from communique.evaluation.gold import read_corpus_document
    from communique.extract import Extractor

    sealed = set(json.loads(SPLITS.read_text(encoding="utf-8"))["sealed"])
    extractor = Extractor()
    records = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        if path.stem in sealed:
            continue
        gold = read_corpus_document(path)
        records.append(extractor.extract_text(gold["text"], doc_id=path.stem))
    return records


def _shift(date: str, years: int) -> str:
    year, rest = int(date[:4]) + years, date[4:]
    if rest == "-02-29":
        rest = "-02-28"
    return f"{year:04d}{rest}"


def _vary(entity: dict[str, Any], swap: dict[str, str], years: int, factor: float) -> None:
    """Another partner's code, dates moved by whole years, amounts scaled: in place."""
    norm = entity.get("norm")
    if entity.get("label") == "STATE" and isinstance(norm, str):
        entity["norm"] = swap.get(norm, norm)
    elif isinstance(norm, dict) and isinstance(norm.get("start"), str):
        entity["norm"] = {**norm, "start": _shift(norm["start"], years), "end": _shift(norm["end"], years)}
    elif isinstance(norm, dict) and isinstance(norm.get("amount"), int | float):
        entity["norm"] = {**norm, "amount": norm["amount"] * factor}


def synthesise(bases: list[dict[str, Any]], count: int, seed: int = 13) -> list[str]:
    """``count`` record lines, each a base record with another partner, shifted dates and scaled amounts (in its
    entities, its acts' attachments and its own date alike)."""
    chooser = random.Random(seed)
    lines = []
    for number in range(count):
        record = copy.deepcopy(bases[number % len(bases)])
        old = [party for party in record["parties"] if party != "CHN"]
        new = chooser.sample(PARTNERS, len(old))
        swap = dict(zip(old, new, strict=True))
        years = chooser.randint(-12, 2)
        factor = chooser.choice((0.5, 1, 2, 3, 10))
        record["parties"] = [swap.get(party, party) for party in record["parties"]]
        if isinstance(record.get("date"), dict):  # the record's own date is a DATE norm
            holder = {"norm": record["date"]}
            _vary(holder, swap, years, factor)
            record["date"] = holder["norm"]
        for sentence in record["sentences"]:
            for holder in (sentence, *sentence.get("acts", ())):
                for key in ("actors", "recipients"):
                    if isinstance(holder.get(key), list):
                        holder[key] = [swap.get(code, code) for code in holder[key]]
            for act in sentence.get("acts", ()):
                for entity in (*act.get("amounts", ()), *act.get("dates", ())):
                    _vary(entity, swap, years, factor)
        for entity in record["entities"]:
            _vary(entity, swap, years, factor)
        record["doc_id"] = f"bench-{number:05d}-{'-'.join(new).lower()}"
        record["sha256"] = hashlib.sha256(f"{record['doc_id']}\n{record['text']}".encode()).hexdigest()
        lines.append(json.dumps(record, ensure_ascii=False))
    return lines


def timed(function: Any, repeat: int = 1) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def timed_command(command: list[str], cores: set[int], repeat: int = 3) -> tuple[float, float]:
    """Median wall and CPU seconds (user and system, all its threads) of a command whose stdout goes to
    /dev/null, run on ``cores`` (all of them: as a user runs it)."""
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(
            command,
            stdout=subprocess.DEVNULL,
            check=True,
            preexec_fn=(lambda: os.sched_setaffinity(0, cores)) if cores else None,
        )
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--write", action="store_true", help="replace the section in benchmarks/results.md")
    args = parser.parse_args()
    from report import machine_line

    machine = machine_line()
    cores: set[int] = set()
    if hasattr(os, "sched_setaffinity"):
        cores = os.sched_getaffinity(0)
        os.sched_setaffinity(0, {sorted(cores)[0]})  # one core, DuckDB's threads included

    import duckdb
    from communique.store import queries
    from communique.store.add import run_store_add
    from communique.store.database import connect
    from communique.store.export import export_parquet
    from communique.store.output import emit

    extract_seconds, bases = timed(base_records)
    lines = synthesise(bases, args.records)
    with tempfile.TemporaryDirectory(prefix="communique-bench-") as folder:
        source = Path(folder) / "records.jsonl"
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        size_mb = source.stat().st_size / 1e6
        db = Path(folder) / "bench.duckdb"
        cpu_started = time.process_time()  # this process and DuckDB's threads, all on the one core
        load_seconds, code = timed(lambda: run_store_add([str(source)], db))
        load_cpu = time.process_time() - cpu_started
        assert code == 0
        again_seconds, code = timed(lambda: run_store_add([str(source)], db))
        assert code == 0
        db_mb = db.stat().st_size / 1e6
        con = connect(db, write=False)
        rows = {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("statements", "entities", "sentences")
        }
        questions = {
            "initiatives": queries.initiatives(),
            "initiatives 一带一路": queries.initiatives("一带一路"),
            "relationships": queries.relationships(),
            "relationships UZB": queries.relationships("UZB"),
            "commitments": queries.commitments(),
            "commitments --with-money": queries.commitments(with_money=True),
            "commitments --to UZB": queries.commitments(to="UZB"),
            "commitments --to 乌兹别克斯坦": queries.commitments(to="乌兹别克斯坦"),
            "commitments --since 2020": queries.commitments(since=2020),
            "commitments --with-money --to UZB --since 2015": queries.commitments(True, "UZB", 2015),
            "mentions UZB": queries.mentions("UZB"),
            "mentions 习近平": queries.mentions("习近平"),
        }
        answers = {}
        for name, (sql, params) in questions.items():
            # the answer computed in full by DuckDB (materialised), then written as CSV as `--format csv -o` does
            run = f"CREATE OR REPLACE TEMP TABLE _answer AS {sql}"
            answered, _ = timed(lambda run=run, params=params: con.execute(run, params), repeat=3)
            count = con.execute("SELECT count(*) FROM _answer").fetchall()[0][0]
            written, _ = timed(
                lambda sql=sql, params=params: emit(con, sql, params, "csv", Path(folder) / "answer.csv"),
                repeat=3,
            )
            answers[name] = (answered, written, count)
        export_seconds, exported = timed(lambda: export_parquet(con, Path(folder) / "parquet"))
        con.close()
        load_now = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        query = [sys.executable, "-m", "communique", "query"]
        commands = {
            f"query commitments --format {output}": timed_command(
                [*query, "commitments", "--db", str(db), "--format", output], cores
            )
            for output in ("csv", "json")
        }
        commands["query commitments (the table: its first 100 rows)"] = timed_command(
            [*query, "commitments", "--db", str(db)], cores
        )
        commands["query commitments --since 2020 --format csv"] = timed_command(
            [*query, "commitments", "--since", "2020", "--db", str(db), "--format", "csv"], cores
        )
        commands['query sql "SELECT 1" (starting the command)'] = timed_command(
            [*query, "sql", "SELECT 1", "--db", str(db), "--format", "csv"], cores
        )

    body = [
        f"{args.records:,} records ({size_mb:,.0f} MB of JSONL; {rows['entities']:,} entities, "
        f"{rows['sentences']:,} sentences) synthesised from the {len(bases)} corpus statements (extracted in "
        f"{extract_seconds:.0f} s), loaded on one core (`os.sched_setaffinity`), DuckDB {duckdb.__version__}. "
        "Command: `python benchmarks/store.py --write`.",
        "",
        "| step | seconds |",
        "|---|---:|",
        f"| `store add` of all records into an empty database ({db_mb:,.0f} MB after) | {load_seconds:.1f} "
        f"(CPU {load_cpu:.1f}) |",
        f"| `store add` of the same file again (nothing changes) | {again_seconds:.1f} |",
        f"| `store export --parquet` (all tables, partitioned by year) | {export_seconds:.1f} |",
        "",
        "Wall-clock seconds; CPU: the load's processor time (Python and DuckDB), what it takes on an idle core.",
        "",
        "Named questions (median of 3): the answer computed in full by DuckDB (into a temporary table), and the",
        "same written as CSV to a file by DuckDB (`output.emit`, what `--format csv -o FILE` does):",
        "",
        "| question | rows | answered (s) | written as CSV (s) |",
        "|---|---:|---:|---:|",
    ]
    for name, (answered, written, count) in answers.items():
        body.append(f"| `query {name}` | {count:,} | {answered:.3f} | {written:.3f} |")
    body += [
        "",
        f"What a user waits for: the whole command (Python starting, the question, every row written to stdout, "
        f"here /dev/null), median of 3, on all {len(cores) or 'the'} cores as a user runs it; load average "
        f"then {load_now}. CPU: user and system seconds of the command, all its threads.",
        "",
        "| command | wall (s) | CPU (s) |",
        "|---|---:|---:|",
    ]
    for name, (wall, cpu) in commands.items():
        body.append(f"| `communique {name} > /dev/null` | {wall:.2f} | {cpu:.2f} |")
    text = "\n".join(body)
    print(machine)
    print(text)
    if args.write:
        replace_section("Store at scale (benchmarks/store.py)", text, machine=machine)


if __name__ == "__main__":
    main()
