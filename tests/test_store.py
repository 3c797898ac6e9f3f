"""The store: `communique store add` (records and raw statements, idempotent, one transaction), the named
questions and their output formats, Parquet export, and the bad inputs (malformed lines, another schema version,
a database another process holds, a file that cannot grow)."""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import re
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from communique.record import SCHEMA_VERSION
from communique.store.add import run_store_add
from communique.store.database import connect, rows_of
from communique.store.queries import commitments, initiatives, mentions, relationships
from communique.store.records import statement_date
from communique.store.schema import TABLES
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]

UZB_2016 = """中华人民共和国和乌兹别克斯坦共和国联合声明

应乌兹别克斯坦共和国总统米尔济约耶夫邀请，中华人民共和国主席习近平于2016年6月21日至23日对乌兹别克斯坦共和国进行国事访问。
双方决定建立全面战略伙伴关系。
双方将共同推进“一带一路”倡议，中方将向乌方提供50亿美元贷款。
双方同意2017年举办文化年。
"""

KAZ_2019 = """中华人民共和国和哈萨克斯坦共和国联合声明

应中华人民共和国主席习近平邀请，哈萨克斯坦共和国总统托卡耶夫于2019年9月10日至12日对中华人民共和国进行国事访问。
双方决定发展永久全面战略伙伴关系。
双方欢迎“一带一路”倡议同“光明之路”新经济政策对接。
"""


@pytest.fixture(scope="module")
def records(extractor, example_record):
    uzb = extractor.extract_text(UZB_2016, doc_id="syn-chn-uzb-2016-06-22")
    kaz = extractor.extract_text(KAZ_2019, doc_id="syn-chn-kaz-2019-09-11")
    return [uzb, kaz, example_record]


def write_jsonl(path: Path, items: list) -> Path:
    path.write_text(
        "".join(
            (item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)) + "\n" for item in items
        ),
        encoding="utf-8",
    )
    return path


def counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t.name: con.execute(f"SELECT count(*) FROM {t.name}").fetchone()[0] for t in TABLES}
    finally:
        con.close()


def rows(db: Path, query) -> list[dict]:
    con = connect(db, write=False)
    try:
        return rows_of(con, query)
    finally:
        con.close()


@pytest.fixture(scope="module")
def store(tmp_path_factory, records):
    folder = tmp_path_factory.mktemp("store")
    db = folder / "s.duckdb"
    assert run_store_add([str(write_jsonl(folder / "r.jsonl", records))], db) == 0
    return db


def test_records_carry_the_schema_version_and_pipeline(example_record):
    assert example_record["schema_version"] == SCHEMA_VERSION == 1
    assert example_record["pipeline"].startswith("communique_zh-")


def test_tables_hold_what_the_records_hold(store, records):
    found = counts(store)
    assert found["statements"] == 3
    assert found["parties"] == sum(len(r["parties"]) for r in records)
    assert found["entities"] == sum(len(r["entities"]) for r in records)
    assert found["sentences"] == sum(len(r["sentences"]) for r in records)
    assert found["triggers"] == sum(len(s["triggers"]) for r in records for s in r["sentences"])
    assert found["relationships"] == 3
    con = duckdb.connect(str(store), read_only=True)
    money = con.execute(
        "SELECT e.text, e.amount, e.currency, s.text FROM entities e JOIN sentences s USING (doc_id, sentence) "
        "WHERE e.doc_id = 'syn-chn-uzb-2016-06-22' AND e.label = 'MONEY'"
    ).fetchall()
    pipeline = con.execute("SELECT DISTINCT pipeline FROM statements").fetchall()
    con.close()
    assert money == [("50亿美元", 5e9, "USD", "双方将共同推进“一带一路”倡议，中方将向乌方提供50亿美元贷款。")]
    assert pipeline == [(records[0]["pipeline"],)]


def test_adding_again_changes_nothing_and_a_changed_text_replaces(tmp_path, records, capsys):
    db = tmp_path / "s.duckdb"
    path = write_jsonl(tmp_path / "r.jsonl", records)
    assert run_store_add([str(path)], db) == 0
    before = counts(db)
    stamp = duckdb.connect(str(db), read_only=True).execute("SELECT max(added_at) FROM statements").fetchone()
    assert run_store_add([str(path)], db) == 0
    assert "0 added, 0 replaced, 3 unchanged" in capsys.readouterr().err
    assert counts(db) == before
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT max(added_at) FROM statements").fetchone() == stamp
    con.close()

    changed = copy.deepcopy(records[0])
    changed["text"] = changed["text"].replace("50亿美元", "60亿美元")
    changed["sha256"] = "0" * 64
    changed["entities"] = [e for e in changed["entities"] if e["label"] != "MONEY"]
    assert run_store_add([str(write_jsonl(tmp_path / "changed.jsonl", [changed]))], db) == 0
    assert "0 added, 1 replaced, 0 unchanged" in capsys.readouterr().err
    after = counts(db)
    assert after["statements"] == 3 and after["entities"] == before["entities"] - 1
    con = duckdb.connect(str(db), read_only=True)
    text, sha = con.execute(
        "SELECT text, sha256 FROM statements WHERE doc_id = 'syn-chn-uzb-2016-06-22'"
    ).fetchone()
    con.close()
    assert "60亿美元" in text and sha == "0" * 64


def test_raw_statements_are_extracted_and_skipped_once_stored(tmp_path, capsys):
    statement = tmp_path / "syn-chn-kaz-2019-09-11.txt"
    statement.write_text(KAZ_2019, encoding="utf-8")
    db = tmp_path / "s.duckdb"
    assert run_store_add([str(statement)], db, workers=1, progress=False) == 0
    assert "1 added" in capsys.readouterr().err
    assert rows(db, ("SELECT doc_id, date, date_source, year FROM statements", []))[0] == {
        "doc_id": "syn-chn-kaz-2019-09-11",
        "date": __import__("datetime").date(2019, 9, 12),  # the record's date: the visit's last day
        "date_source": "record",
        "year": 2019,
    }
    assert run_store_add([str(statement)], db, workers=1, progress=False) == 0
    assert "0 added, 0 replaced, 1 unchanged" in capsys.readouterr().err  # skipped before extraction


def test_a_missing_input_exits_2_and_the_others_are_stored(tmp_path, records, capsys):
    db = tmp_path / "s.duckdb"
    absent = tmp_path / "absent.jsonl"
    assert run_store_add([str(absent), str(write_jsonl(tmp_path / "a.jsonl", records[:1]))], db) == 2
    assert capsys.readouterr().err.splitlines()[0] == f"communique: {absent}: no such file"
    assert counts(db)["statements"] == 1


def test_outputs_in_a_folder_that_cannot_be_made_are_one_line_naming_the_path_given(
    store, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "afile").write_text("a file", encoding="utf-8")
    result = cli("query", "sql", "SELECT 1", "--db", str(store), "--format", "csv", "-o", "missing/q.csv")
    assert result.exit_code == 2
    assert result.stderr == "communique: missing/q.csv: cannot write (folder missing does not exist)\n"
    result = cli("report", "--db", str(store), "-o", "afile/page.html")
    assert result.exit_code == 2
    assert result.stderr == "communique: afile/page.html: cannot write (afile is a file, not a folder)\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["afile"]


def test_bad_lines_are_named_and_the_rest_is_stored(tmp_path, records, capsys):
    other_version = {**records[1], "schema_version": 2}
    no_text = {k: v for k, v in records[2].items() if k != "text"}
    path = write_jsonl(
        tmp_path / "mixed.jsonl", [records[0], '{"doc_id": "x", "text": ', other_version, no_text]
    )
    db = tmp_path / "s.duckdb"
    assert run_store_add([str(path)], db) == 1
    err = capsys.readouterr().err.splitlines()
    assert f"communique: {path}:2: malformed record line" in err[0]
    assert f"communique: {path}:3: record schema version 2, this store reads version 1" in err[1]
    assert f"communique: {path}:4: field 'text' missing" in err[2]
    assert "1 added, 0 replaced, 0 unchanged, 3 failed" in err[3]
    assert counts(db)["statements"] == 1


def test_a_database_held_by_another_process_is_one_clear_error(tmp_path, records, capsys):
    db = tmp_path / "s.duckdb"
    assert run_store_add([str(write_jsonl(tmp_path / "a.jsonl", records[:1]))], db) == 0
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, sys; c = duckdb.connect({str(db)!r}); print('ready', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        capsys.readouterr()
        assert run_store_add([str(write_jsonl(tmp_path / "b.jsonl", records[1:]))], db) == 2
        err = capsys.readouterr().err
        assert re.fullmatch(
            rf"communique: {re.escape(str(db))}: the database is in use by another process \(process {holder.pid}\); "
            r"try again when it has finished\n",
            err,
        )
    finally:
        holder.communicate("")
    assert counts(db)["statements"] == 1


def _limit_file_size(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_database_that_cannot_grow_keeps_what_it_had(tmp_path, records):
    db = tmp_path / "s.duckdb"
    assert run_store_add([str(write_jsonl(tmp_path / "a.jsonl", records[:1]))], db) == 0
    before = counts(db)
    # many copies of the big example: the database file must grow past the limit, the staged CSV need not
    many = []
    for number in range(40):
        item = copy.deepcopy(records[2])
        item["doc_id"], item["sha256"] = f"copy-{number}", f"{number:064d}"
        many.append(item)
    path = write_jsonl(tmp_path / "many.jsonl", many)
    limit = db.stat().st_size + 300_000
    done = subprocess.run(
        [sys.executable, "-m", "communique", "store", "add", str(path), "--db", str(db)],
        capture_output=True,
        text=True,
        preexec_fn=_limit_file_size(limit),
        env={"TMPDIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert (
        len(lines) == 1
        and lines[0].startswith("communique: ")
        and "nothing from this add was stored" in lines[0]
    )
    assert "Traceback" not in done.stderr
    assert counts(db) == before


def test_statement_date_sources():
    entities = [{"start": 3, "end": 8, "label": "DATE", "text": "2019年", "norm": {"start": "2019-01-01"}}]
    sentences = [{"start": 0, "end": 10}]
    assert statement_date({"doc_id": "x", "entities": entities, "sentences": sentences}) == (
        "2019-01-01",
        "opening",
    )
    assert statement_date({"doc_id": "syn-chn-fra-2023-04-07", "entities": [], "sentences": sentences}) == (
        "2023-04-07",
        "doc_id",
    )
    assert statement_date(
        {"doc_id": "x", "date": "2020-02-02", "entities": entities, "sentences": sentences}
    ) == (
        "2020-02-02",
        "record",
    )
    signed = {
        "start": "2021-03-04",
        "end": "2021-03-04",
        "grain": "day",
        "evidence": {"text": "2021年3月4日"},
    }
    assert statement_date({"doc_id": "x", "date": signed, "entities": entities, "sentences": sentences}) == (
        "2021-03-04",
        "record",
    )
    assert statement_date({"doc_id": "x", "entities": [], "sentences": []}) == (None, None)


def test_recipients_title_and_kind_are_stored_when_present(tmp_path, records):
    later = copy.deepcopy(records[1])
    later.update(title="中哈联合声明", kind="joint-statement", date="2019-09-11")
    for sentence in later["sentences"]:
        sentence["recipients"] = ["KAZ"]
    db = tmp_path / "s.duckdb"
    assert run_store_add([str(write_jsonl(tmp_path / "r.jsonl", [later]))], db) == 0
    assert rows(
        db, ("SELECT title, kind, CAST(date AS VARCHAR) AS date, date_source FROM statements", [])
    ) == [{"title": "中哈联合声明", "kind": "joint-statement", "date": "2019-09-11", "date_source": "record"}]
    assert {tuple(r["recipients"]) for r in rows(db, ("SELECT recipients FROM sentences", []))} == {("KAZ",)}


def test_relationship_timeline_marks_the_upgrade(store):
    timeline = rows(store, relationships("uzb"))
    assert [(str(r["date"]), r["canonical"], r["previous"], r["change"]) for r in timeline] == [
        ("2016-06-23", "全面战略伙伴关系", None, "first"),
        ("2024-01-25", "新时代全天候全面战略伙伴关系", "全面战略伙伴关系", "upgrade"),
    ]
    assert {r["partner"] for r in rows(store, relationships())} == {"UZB", "KAZ"}


def test_initiatives_first_last_and_per_partner(store):
    bri = next(r for r in rows(store, initiatives()) if r["initiative"] == "BRI")
    assert (str(bri["first_mention"]), str(bri["last_mention"]), bri["statements"]) == (
        "2016-06-23",
        "2024-01-25",
        3,
    )
    assert bri["partners"] == ["KAZ", "UZB"]
    per_partner = rows(store, initiatives("一带一路"))
    assert [
        (r["partner"], r["statements"], str(r["first_mention"]))
        for r in per_partner
        if r["initiative"] == "BRI"
    ] == [
        ("UZB", 2, "2016-06-23"),
        ("KAZ", 1, "2019-09-12"),
    ]


def test_commitments_with_money(store):
    found = rows(store, commitments(with_money=True))
    assert [(r["doc_id"], [(a["amount"], a["currency"]) for a in r["amounts"]]) for r in found] == [
        ("syn-chn-uzb-2016-06-22", [(5e9, "USD")]),
        ("china-uzbekistan-2024-01-24", [(2e10, "USD")]),
    ]
    everything = rows(store, commitments())
    assert len(everything) > len(found)
    culture = next(r for r in everything if r["sentence_text"] == "双方同意2017年举办文化年。")
    assert culture["actors"] == ["CHN", "UZB"] and str(culture["dates"][0]["start"]) == "2017-01-01"


def test_mentions_by_code_and_by_text(store):
    by_code = rows(store, mentions("KAZ"))
    assert {r["doc_id"] for r in by_code} >= {"syn-chn-kaz-2019-09-11"}
    assert all(r["key"] == "KAZ" for r in by_code)
    by_text = rows(store, mentions("习近平"))
    assert {r["doc_id"] for r in by_text} == {
        "syn-chn-uzb-2016-06-22",
        "syn-chn-kaz-2019-09-11",
        "china-uzbekistan-2024-01-24",
    }
    assert all("习近平" in r["sentence_text"] for r in by_text)


def cli(*args: str):
    from communique.cli import app

    return CliRunner().invoke(app, list(args))


def test_query_formats(store, tmp_path):
    result = cli("query", "relationships", "UZB", "--db", str(store), "--format", "csv")
    assert result.exit_code == 0, result.output
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["change"] for row in table] == ["first", "upgrade"]

    result = cli("query", "commitments", "--with-money", "--db", str(store), "--format", "json")
    data = json.loads(result.stdout)
    assert [item["amounts"][0]["amount"] for item in data] == [5000000000, 20000000000]

    out = tmp_path / "parties.parquet"
    result = cli(
        "query",
        "sql",
        "SELECT party, count(*) AS n FROM parties GROUP BY party",
        "--db",
        str(store),
        "--format",
        "parquet",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    read = duckdb.connect().execute(f"SELECT party, n FROM '{out}' ORDER BY party").fetchall()
    assert read == [("CHN", 3), ("KAZ", 1), ("UZB", 2)]

    result = cli("query", "mentions", "UZB", "--db", str(store))
    assert result.exit_code == 0 and "乌兹别克斯坦共和国" in result.stdout


def test_csv_and_json_carry_every_row_and_the_table_the_first_ones_with_the_total(store):
    everything = rows(store, commitments())
    result = cli("query", "commitments", "--db", str(store), "--format", "csv")
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["doc_id"] for row in table] == [row["doc_id"] for row in everything]
    culture = next(row for row in table if row["sentence_text"] == "双方同意2017年举办文化年。")
    # lists of codes joined with "; ", lists of objects as JSON, an empty one as nothing (as in a table)
    assert culture["actors"] == "CHN; UZB" and culture["amounts"] == ""
    assert json.loads(culture["dates"])[0]["start"] == "2017-01-01"
    result = cli("query", "commitments", "--db", str(store), "--format", "json")
    assert [item["doc_id"] for item in json.loads(result.stdout)] == [row["doc_id"] for row in everything]
    result = cli("query", "commitments", "--db", str(store), "--format", "json", "--limit", "1")
    assert len(json.loads(result.stdout)) == 1

    result = cli("query", "sql", "SELECT range AS n FROM range(150)", "--db", str(store))
    assert result.exit_code == 0, result.output
    assert re.search(r"│ 99 +│", result.stdout) and not re.search(r"│ 100 +│", result.stdout)
    assert result.stdout.endswith(
        "(the first 100 of 150 rows: --limit 0 shows all, --format csv, json or parquet writes all)\n"
    )
    result = cli("query", "sql", "SELECT range AS n FROM range(150)", "--db", str(store), "--limit", "0")
    assert re.search(r"│ 149 +│", result.stdout) and result.stdout.endswith("(150 rows)\n")
    result = cli("query", "sql", "SELECT range AS n FROM range(150)", "--db", str(store), "--format", "csv")
    assert result.stdout.splitlines() == ["n", *map(str, range(150))]


def test_query_errors_are_one_line(store, tmp_path):
    result = cli("query", "sql", "SELECT * FROM nowhere", "--db", str(store))
    assert result.exit_code == 1 and result.stderr.startswith("communique: query failed: Catalog Error")
    result = cli("query", "initiatives", "--db", str(tmp_path / "missing.duckdb"))
    assert result.exit_code == 2 and "no such store" in result.stderr
    result = cli("query", "sql", "SELECT 1", "--db", str(store), "--format", "xml")
    assert result.exit_code == 2 and "unknown format 'xml'" in result.stderr
    result = cli("query", "sql", "DELETE FROM statements", "--db", str(store))
    assert result.exit_code == 1 and counts(store)["statements"] == 3


def test_export_parquet_partitioned_by_year(store, tmp_path):
    out = tmp_path / "export"
    result = cli("store", "export", "--parquet", str(out), "--db", str(store))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "statements").iterdir()) == ["year=2016", "year=2019", "year=2024"]
    for table in TABLES:
        exported = (
            duckdb.connect()
            .execute(
                f"SELECT count(*) FROM read_parquet('{out}/{table.name}/*/*.parquet', hive_partitioning = true)"
            )
            .fetchone()[0]
        )
        assert exported == counts(store)[table.name]
    by_year = (
        duckdb.connect()
        .execute(
            f"SELECT year, count(*) FROM read_parquet('{out}/entities/*/*.parquet', hive_partitioning = true) "
            "WHERE label = 'MONEY' GROUP BY year ORDER BY year"
        )
        .fetchall()
    )
    assert by_year == [(2016, 1), (2024, 2)]


def test_schema_doc_lists_every_table_and_its_example_runs(store):
    doc = (REPO / "docs" / "schema.md").read_text(encoding="utf-8")
    section = doc[doc.index("## The store") :]
    con = connect(store, write=False)
    try:
        for table in TABLES:
            assert f"### `{table.name}`" in section, table.name
            for column, _ in table.columns:
                assert f"`{column}`" in section.split(f"### `{table.name}`", 1)[1].split("###", 1)[0], column
        examples = re.findall(r"```sql\n(.*?)```", section, re.S)
        assert len(examples) >= len(TABLES)
        for example in examples:
            assert con.execute(example).fetchall(), example
    finally:
        con.close()


def _copies(record: dict, count: int, prefix: str) -> list[dict]:
    many = []
    for number in range(count):
        item = copy.deepcopy(record)
        item["doc_id"], item["sha256"] = f"{prefix}-{number}", f"{prefix}{number}".ljust(64, "0")
        many.append(item)
    return many


COPIES = 400  # enough rows that staging and the commit each take far longer than the 2 ms the test polls at


@pytest.mark.parametrize("phase", ["staging", "commit"])
def test_ctrl_c_during_an_add_stores_all_or_nothing_and_the_next_add_completes(tmp_path, records, phase):
    """SIGINT to a real `store add`: while it stages the records (it must stop, exit 130, store nothing) or while
    DuckDB writes them (the transaction is then undone or, if it had already committed, complete)."""
    db = tmp_path / "s.duckdb"
    assert run_store_add([str(write_jsonl(tmp_path / "a.jsonl", records[:2]))], db) == 0
    before = counts(db)
    path = write_jsonl(tmp_path / "many.jsonl", _copies(records[2], COPIES, "copy"))
    staging = tmp_path / "staging"
    staging.mkdir()
    command = [sys.executable, "-m", "communique", "store", "add", str(path), "--db", str(db)]
    # a shell that starts a job in the background (nohup, `&` without job control) gives it SIGINT ignored, and
    # Python then installs no KeyboardInterrupt handler: the child gets the default back, as a terminal's Ctrl-C has
    add = subprocess.Popen(
        command,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(staging)},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    # staging: the staged file is created (empty) before the first record is read, so a signal sent as soon as
    # it exists always arrives while records are being staged (waiting for rows instead raced with the end of a
    # fast run: the rows are buffered until the commit). commit: _latest.csv is written inside the transaction.
    if phase == "staging":
        ready = lambda: any(staging.glob("communique-store-*/records.jsonl"))  # noqa: E731
    else:
        ready = lambda: any(p.stat().st_size for p in staging.glob("communique-store-*/_latest.csv"))  # noqa: E731
    while add.poll() is None and not ready():
        time.sleep(0.002)
    if phase == "staging":
        assert add.poll() is None, "the add ended before the signal could be sent"
    add.send_signal(signal.SIGINT)
    _, err = add.communicate()
    after = counts(db)
    if phase == "staging" or add.returncode == 130:
        assert add.returncode == 130, err
        assert err == "communique: interrupted; nothing from this add was stored\n"
        assert after == before
    else:  # the signal came after the commit
        assert add.returncode == 0, err
        assert after["statements"] == before["statements"] + COPIES
    assert list(staging.iterdir()) == []  # the staged rows are removed
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert counts(db)["statements"] == before["statements"] + COPIES
    assert counts(db)["entities"] == before["entities"] + COPIES * len(records[2]["entities"])


def test_a_record_line_cut_off_at_the_end_of_the_file_is_one_error_and_the_rest_is_stored(tmp_path, records):
    whole = "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in records[:2])
    last = json.dumps(records[2], ensure_ascii=False).encode("utf-8")
    inside_a_character = next(i for i in range(len(last) // 2, len(last)) if last[i] & 0xC0 == 0x80)
    for name, cut in (("between", len(last) // 2), ("inside", inside_a_character)):
        path = tmp_path / f"cut-{name}.jsonl"
        path.write_bytes(whole.encode("utf-8") + last[:cut])
        db = tmp_path / f"{name}.duckdb"
        done = subprocess.run(
            [sys.executable, "-m", "communique", "store", "add", str(path), "--db", str(db)],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 1, done.stderr  # some inputs failed, the rest is stored
        assert done.stderr.splitlines() == [
            f"communique: {path}:3: record line cut off (the file ends inside it: not completely written?)",
            f"communique: {db}: 2 added, 0 replaced, 0 unchanged, 1 failed",
        ]
        assert {row["doc_id"] for row in rows(db, ("SELECT doc_id FROM statements", []))} == {
            records[0]["doc_id"],
            records[1]["doc_id"],
        }


@pytest.mark.parametrize("written", ["UZB", "uzb", "乌兹别克斯坦", "乌兹别克斯坦共和国", "烏茲別克斯坦"])
def test_a_partner_is_given_by_code_or_by_name(store, written):
    timeline = rows(store, relationships(written))
    assert [(r["partner"], r["change"]) for r in timeline] == [("UZB", "first"), ("UZB", "upgrade")]
    result = cli("query", "relationships", written, "--db", str(store), "--format", "json")
    assert [item["partner"] for item in json.loads(result.stdout)] == ["UZB", "UZB"]


@pytest.mark.parametrize("written", ["CHN", "中国", "中华人民共和国", "中華人民共和國"])
def test_commitments_to_a_partner_given_by_name(store, written):
    # the stored statements direct one commitment at China (推动…), none at the partners
    result = cli("query", "commitments", "--to", written, "--db", str(store), "--format", "json")
    assert result.exit_code == 0, result.output
    assert [(item["trigger"], item["recipients"]) for item in json.loads(result.stdout)] == [
        ("推动", ["CHN"])
    ]


@pytest.mark.parametrize(
    ("written", "error"),
    [
        ("乌方", "communique: partner '乌方' names UGA, UKR, URY, UZB: give one of these codes\n"),
        (
            "Atlantis",
            "communique: unknown partner 'Atlantis' (give an alpha-3 code such as UZB, a group id such as ASEAN, "
            "or a name such as 乌兹别克斯坦)\n",
        ),
    ],
)
def test_an_unknown_or_ambiguous_partner_is_one_line(store, written, error):
    for args in (("relationships", written), ("commitments", "--to", written)):
        result = cli("query", *args, "--db", str(store))
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", error)


def test_a_store_made_before_the_acts_attachments_is_brought_up_to_date(tmp_path, records):
    db = tmp_path / "s.duckdb"
    path = write_jsonl(tmp_path / "r.jsonl", records)
    assert run_store_add([str(path)], db) == 0
    attachments = "SELECT doc_id, sentence, act, amounts, dates, named FROM acts ORDER BY ALL"
    fresh = rows(db, (attachments, []))
    assert (
        any(r["amounts"] for r in fresh) and any(r["dates"] for r in fresh) and any(r["named"] for r in fresh)
    )
    con = duckdb.connect(str(db))
    for column in ("amounts", "dates", "named"):  # the layout of a store written before these columns
        con.execute(f"ALTER TABLE acts DROP COLUMN {column}")
    con.close()
    result = cli("query", "commitments", "--db", str(db))
    assert result.exit_code == 2 and result.stderr == (
        f"communique: {db}: made by an older communique (no acts.amounts, acts.dates, acts.named); the next "
        f"`communique store add PATH... --db {db}` brings it up to date\n"
    )
    assert run_store_add([str(path)], db) == 0  # nothing to add: only the upgrade
    assert rows(db, (attachments, [])) == fresh


def test_a_line_that_is_not_utf8_is_one_error_and_the_lines_after_it_are_stored(tmp_path, records, capsys):
    lines = [json.dumps(item, ensure_ascii=False).encode("utf-8") + b"\n" for item in records[:2]]
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(lines[0] + '{"doc_id": "é"}\n'.encode("latin-1") + lines[1])
    db = tmp_path / "s.duckdb"
    assert run_store_add([str(path)], db) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"communique: {path}:2: not UTF-8 text (byte 13)",
        f"communique: {db}: 2 added, 0 replaced, 0 unchanged, 1 failed",
    ]


def test_json_that_python_reads_and_the_store_does_not_is_one_error_and_the_rest_is_stored(
    tmp_path, records, capsys
):
    """NaN and half a surrogate pair parse in Python but are not JSON (DuckDB, which reads the staged records,
    refuses them): each is one line's error, not an add that fails as a whole. A whole pair is a character."""
    nan = json.dumps(records[0], ensure_ascii=False).replace('"doc_id":', '"score": NaN, "doc_id":', 1)
    half = json.dumps({**records[1], "title": "\ud800"})  # ensure_ascii: the escape as written in the file
    pair = {**records[2], "title": "\U0001f600"}
    path = write_jsonl(tmp_path / "odd.jsonl", [nan, half, json.dumps(pair)])
    db = tmp_path / "s.duckdb"
    assert run_store_add([str(path)], db) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"communique: {path}:1: malformed record line (NaN is not a JSON value)",
        f"communique: {path}:2: malformed record line (a \\u escape of half a surrogate pair)",
        f"communique: {db}: 1 added, 0 replaced, 0 unchanged, 2 failed",
    ]
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT doc_id, title FROM statements").fetchall() == [(pair["doc_id"], "\U0001f600")]
    con.close()


def test_every_cut_of_a_record_line_at_the_end_of_a_file_is_said_to_be_cut_off():
    # wherever a killed writer stops: between tokens, inside a string, a number or a literal
    from communique.store.records import _line_problem

    line = json.dumps(
        {"doc_id": "文本", "n": -12.5, "e": 1.5e-7, "t": True, "f": False, "z": None, "l": [1, "a"]},
        ensure_ascii=False,
    ).encode("utf-8")
    for cut in range(1, len(line)):
        try:
            line[:cut].decode("utf-8")
        except UnicodeDecodeError:
            continue  # inside a character: the other branch, tested above
        _, _, problem = _line_problem(line[:cut], last=True)
        assert problem is not None and problem.startswith("record line cut off"), (cut, line[:cut], problem)
    # the same text with its newline is a malformed line, not a cut one
    _, _, problem = _line_problem(line[:-3] + b"\n", last=True)
    assert problem.startswith("malformed record line")
    # a complete value followed by more is malformed, cut or not; a cut inside a \\u escape is a cut
    assert _line_problem(b'{"a": 1}e', last=True)[2].startswith("malformed record line")
    assert _line_problem(b'{"a": "caf\\u00', last=True)[2].startswith("record line cut off")
