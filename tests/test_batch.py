"""``communique extract`` on batches: order, failures and exit codes, resume after kill -9, CSV, Dask."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from communique.extract_command import ExtractOptions, run_extract

from tests.conftest import EXAMPLE, REPO


def paragraphs() -> list[str]:
    return [p for p in EXAMPLE.read_text(encoding="utf-8").split("\n") if len(p.strip()) > 20]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """One small statement file per paragraph of the example, in nested directories and three encodings."""
    root = tmp_path_factory.mktemp("corpus")
    for number, paragraph in enumerate(paragraphs()):
        folder = root / f"part{number % 3}"
        folder.mkdir(exist_ok=True)
        encoding = ("utf-8", "gb18030", "utf-16")[number % 3]
        (folder / f"p{number:03d}.txt").write_bytes((paragraph + "\n").encode(encoding))
    return root


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> Path:
    """The uninterrupted, single-process run that every other engine and resumed run must reproduce."""
    out = tmp_path_factory.mktemp("reference") / "out.jsonl"
    assert run_extract(ExtractOptions([str(corpus)], output=out, workers=1)) == 0
    return out


def read_records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_reference_covers_every_document_in_order(reference):
    records = read_records(reference)
    texts = [p + "\n" for p in paragraphs()]
    assert sorted(r["text"] for r in records) == sorted(texts)
    sources = [r["source"] for r in records]
    assert sources == sorted(sources)
    assert all(len(r["sha256"]) == 64 for r in records)


def test_two_worker_processes_give_the_same_output(corpus, reference, tmp_path):
    out = tmp_path / "out.jsonl"
    assert run_extract(ExtractOptions([str(corpus)], output=out, workers=2)) == 0
    assert out.read_bytes() == reference.read_bytes()


def test_bad_files_are_reported_and_the_batch_goes_on(tmp_path, capsys):
    good = tmp_path / "in" / "a-good.txt"
    good.parent.mkdir()
    good.write_text("双方同意加强合作。\n", encoding="utf-8")
    (tmp_path / "in" / "b-empty.txt").write_bytes(b"")
    (tmp_path / "in" / "c-binary.txt").write_bytes(bytes(range(256)) * 3)
    (tmp_path / "in" / "d-large.txt").write_text("双方同意加强合作。" * 200, encoding="utf-8")
    last = tmp_path / "in" / "e-good.html"
    last.write_text("<p>中方支持乌方。</p>", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code = run_extract(ExtractOptions([str(tmp_path / "in")], output=out, max_bytes=1000, workers=1))
    assert code == 1
    assert [r["doc_id"] for r in read_records(out)] == ["a-good", "e-good"]
    errors = read_records(tmp_path / "out.jsonl.errors.jsonl")
    assert [Path(e["source"]).name for e in errors] == ["b-empty.txt", "c-binary.txt", "d-large.txt"]
    assert [
        "empty" in errors[0]["problem"],
        "binary" in errors[1]["problem"],
        "too large" in errors[2]["problem"],
    ] == [True] * 3
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 3
    assert all(line.startswith("communique: ") for line in lines)


def test_a_missing_input_exits_2_after_the_others_are_written(tmp_path, capsys):
    """A path that names nothing is a usage error (a typo), but the batch goes on: the other documents are
    written and the missing one is named on stderr and in the errors file."""
    good = tmp_path / "good.txt"
    good.write_text("双方同意加强合作。\n", encoding="utf-8")
    absent = tmp_path / "absent.txt"
    out = tmp_path / "out.jsonl"
    assert run_extract(ExtractOptions([str(absent), str(good)], output=out, workers=1)) == 2
    assert [r["doc_id"] for r in read_records(out)] == ["good"]
    assert read_records(tmp_path / "out.jsonl.errors.jsonl") == [
        {"source": str(absent), "problem": "no such file"}
    ]
    assert capsys.readouterr().err == f"communique: {absent}: no such file\n"
    # a file that exists but cannot be read is the document's failure, not a usage error
    (tmp_path / "empty.txt").write_bytes(b"")
    assert run_extract(ExtractOptions([str(tmp_path / "empty.txt"), str(good)], output=out, workers=1)) == 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"output": "missing/out.jsonl"}, "missing/out.jsonl: cannot write (folder missing does not exist)"),
        (
            {"output": "out.jsonl", "errors": "missing/errors.jsonl"},
            "missing/errors.jsonl: cannot write (folder missing does not exist)",
        ),
        (
            {"output": "missing/deeper/out.jsonl", "output_format": "plover"},
            "missing/deeper/out.jsonl: cannot write (folder missing/deeper does not exist)",
        ),
        (
            {"output": "afile/tables", "output_format": "csv"},
            "afile/tables: cannot write (afile is a file, not a folder)",
        ),
    ],
)
def test_an_output_in_a_missing_folder_is_one_line_naming_the_path_given(
    tmp_path, capsys, monkeypatch, options, message
):
    """The user's -o (or --errors) and the problem, never the .part file written meanwhile; nothing is left."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "afile").write_text("a file", encoding="utf-8")
    paths = {key: Path(value) for key, value in options.items() if key in ("output", "errors")}
    assert run_extract(ExtractOptions([str(EXAMPLE)], workers=1, **{**options, **paths})) == 2
    assert capsys.readouterr().err == f"communique: {message}\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["afile"]


def test_errors_option_and_quiet_success(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("双方同意加强合作。\n", encoding="utf-8")
    errors = tmp_path / "elsewhere.jsonl"
    code = run_extract(
        ExtractOptions([str(tmp_path / "a.txt")], output=tmp_path / "o.jsonl", errors=errors, workers=1)
    )
    assert code == 0
    assert not errors.exists()  # no failures: no empty side file
    assert capsys.readouterr().err == ""
    errors.write_text('{"source": "old", "problem": "an earlier run"}\n', encoding="utf-8")
    assert (
        run_extract(ExtractOptions([str(tmp_path / "a.txt")], output=tmp_path / "o.jsonl", errors=errors))
        == 0
    )
    assert not errors.exists()  # nor a stale one describing failures that no longer happen


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "xml"],
        ["--format", "csv"],  # csv needs -o DIR
        ["--resume"],  # resume needs -o
        ["--workers", "0"],
        ["--engine", "dask"],  # no scheduler
        ["--engine", "spark", "-o", "{tmp}/x.jsonl"],
        ["--model", "no/such/model"],
        ["--no-such-option"],
    ],
)
def test_usage_errors_exit_2(args, tmp_path):
    from communique.cli import app
    from typer.testing import CliRunner

    args = [arg.format(tmp=tmp_path) for arg in args]
    result = CliRunner().invoke(app, ["extract", str(EXAMPLE), *args])
    assert result.exit_code == 2, result.output[-500:]
    assert list(tmp_path.iterdir()) == [], "a usage error must not create output files"


def test_resume_cuts_a_half_written_line(corpus, reference, tmp_path):
    data = reference.read_bytes()
    lines = data.splitlines(keepends=True)
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"".join(lines[:5]) + lines[5][: len(lines[5]) // 2])
    assert run_extract(ExtractOptions([str(corpus)], output=out, resume=True, workers=1)) == 0
    assert out.read_bytes() == data


def test_resume_on_a_finished_output_adds_nothing(corpus, reference, tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_bytes(reference.read_bytes())
    assert run_extract(ExtractOptions([str(corpus)], output=out, resume=True, workers=1)) == 0
    assert out.read_bytes() == reference.read_bytes()


def test_kill_9_then_resume_is_byte_identical(corpus, reference, tmp_path):
    """A real ``communique extract`` with two workers, killed with SIGKILL as soon as it has written something."""
    import psutil

    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "communique", "extract", str(corpus), "-o", str(out), "--workers", "2"]
    total = len(reference.read_bytes().splitlines())
    process = subprocess.Popen(command, cwd=REPO, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    part = tmp_path / "out.jsonl.part"  # where a run writes until it finishes
    while process.poll() is None and time.monotonic() < deadline:
        if part.exists() and b"\n" in part.read_bytes():
            break
        time.sleep(0.005)
    workers = psutil.Process(process.pid).children()
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    assert not out.exists(), "a killed run must not leave a half result under the output's name"
    written = part.read_bytes()
    assert 0 < written.count(b"\n") < total, "the run was not killed mid-way"
    # the orphaned workers notice their parent is gone and exit on their own
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive
    resumed = subprocess.run([*command, "--resume"], cwd=REPO, capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert out.read_bytes() == reference.read_bytes()


def test_csv_export_reads_back(reference, corpus, tmp_path):
    out = tmp_path / "csv"
    assert (
        run_extract(ExtractOptions([str(corpus)], output=out, output_format="csv", bom=True, workers=1)) == 0
    )
    records = read_records(reference)
    assert sorted(p.name for p in out.iterdir()) == [
        "acts.csv",
        "entities.csv",
        "sentences.csv",
        "statements.csv",
        "triggers.csv",
    ]  # and no empty errors.jsonl
    for name in ("acts.csv", "entities.csv", "sentences.csv", "statements.csv", "triggers.csv"):
        assert (out / name).read_bytes().startswith(b"\xef\xbb\xbf")
    with (out / "entities.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    expected = [(r["doc_id"], e) for r in records for e in r["entities"]]
    assert len(rows) == len(expected) > 0
    for row, (doc_id, entity) in zip(rows, expected, strict=True):
        assert (row["doc_id"], int(row["start"]), int(row["end"]), row["label"], row["text"]) == (
            doc_id,
            entity["start"],
            entity["end"],
            entity["label"],
            entity["text"],
        )
        norm = entity["norm"]
        if entity["label"] == "STATE":
            assert row["norm_code"] == (norm or "")  # CHN, not "CHN"
        if entity["label"] == "MONEY" and norm:
            assert (float(row["amount"]), row["currency"]) == (norm["amount"], norm["currency"])
        if entity["label"] == "DATE" and norm:
            assert (row["date_start"], row["date_end"]) == (norm["start"], norm["end"])
        assert not any(str(cell).startswith(("{", "[", '"')) for cell in row.values())  # no JSON in a cell
    assert any(row["amount"] and float(row["amount"]) > 0 for row in rows)
    with (out / "sentences.csv").open(encoding="utf-8-sig", newline="") as handle:
        sentences = list(csv.DictReader(handle))
    expected_sentences = [(r, s) for r in records for s in r["sentences"]]
    assert len(sentences) == len(expected_sentences)
    for row, (record, sentence) in zip(sentences, expected_sentences, strict=True):
        assert row["text"] == record["text"][sentence["start"] : sentence["end"]]
        assert (row["types"].split(";") if row["types"] else []) == sentence["types"]
        assert (row["actors"].split(" ") if row["actors"] else []) == sentence["actors"]
        assert (row["triggers"].split(";") if row["triggers"] else []) == [
            t["text"] for t in sentence["triggers"]
        ]
    with (out / "triggers.csv").open(encoding="utf-8-sig", newline="") as handle:
        triggers = list(csv.DictReader(handle))
    assert len(triggers) == sum(len(s["triggers"]) for r in records for s in r["sentences"]) > 0
    with (out / "statements.csv").open(encoding="utf-8-sig", newline="") as handle:
        statements = list(csv.DictReader(handle))
    assert [row["doc_id"] for row in statements] == [r["doc_id"] for r in records]
    for row, record in zip(statements, records, strict=True):
        assert row["parties"].split() == record["parties"]
        assert row["title"] == (record["title"] or "")
        assert row["date"] == ((record["date"] or {}).get("start") or "")


def test_csv_without_bom_by_default(tmp_path):
    out = tmp_path / "csv"
    assert run_extract(ExtractOptions([str(EXAMPLE)], output=out, output_format="csv", workers=1)) == 0
    head = (out / "entities.csv").read_bytes()[:40]
    assert head.startswith(b"doc_id,start,end,label,text,norm_code")


def test_dask_local_cluster_gives_the_local_output(corpus, reference, tmp_path):
    pytest.importorskip("distributed")
    from communique import batch
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        out = tmp_path / "out.jsonl"
        options = ExtractOptions(
            [str(corpus)], output=out, engine="dask", scheduler=cluster.scheduler_address
        )
        assert run_extract(options) == 0
        with Client(cluster) as client:
            loads = client.run(batch.pipeline_loads)
    assert out.read_bytes() == reference.read_bytes()
    assert sorted(loads.values()) == [1, 1]


def test_unreachable_scheduler_is_a_usage_error(tmp_path, capsys, monkeypatch):
    pytest.importorskip("distributed")
    from communique import batch

    monkeypatch.setattr(
        batch, "CONNECT_TIMEOUT", "1s"
    )  # a setting, not a mock: the real client gives up sooner
    out = tmp_path / "out.jsonl"
    out.write_text("previous result\n", encoding="utf-8")
    options = ExtractOptions([str(EXAMPLE)], output=out, engine="dask", scheduler="tcp://127.0.0.1:9")
    assert run_extract(options) == 2
    assert "scheduler" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "previous result\n", "a failed run must not empty the output"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_garbage_scheduler_address_is_one_line_and_keeps_the_output(tmp_path):
    pytest.importorskip("distributed")
    out = tmp_path / "out.jsonl"
    out.write_text("previous result\n", encoding="utf-8")
    command = [sys.executable, "-m", "communique", "extract", str(EXAMPLE), "-o", str(out)]
    result = subprocess.run(
        [*command, "--engine", "dask", "--scheduler", "garbage"], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "communique: not a Dask scheduler address: garbage (missing port number in address 'garbage')"
    ]
    assert out.read_text(encoding="utf-8") == "previous result\n"


def test_stdin_extracts_one_document():
    result = subprocess.run(
        [sys.executable, "-m", "communique", "extract", "-", "--workers", "1"],
        input="双方同意加强合作。\n".encode("gb18030"),
        capture_output=True,
        cwd=REPO,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert result.returncode == 0, result.stderr
    (record,) = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert record["text"] == "双方同意加强合作。\n"


def test_progress_bar_shows_documents_and_characters_per_second(corpus, tmp_path, capsys):
    options = ExtractOptions([str(corpus)], output=tmp_path / "o.jsonl", workers=1, progress=True)
    assert run_extract(options) == 0
    err = capsys.readouterr().err
    assert "doc/s" in err and "chars/s" in err
    # the total and the time left: done/total, then [elapsed<remaining
    assert re.search(rf"\| {len(paragraphs())}/{len(paragraphs())} \[\d\d:\d\d<\d\d:\d\d", err), err
    assert f"{len(paragraphs())} written, 0 skipped" in err


def test_resume_counts_repeated_documents(tmp_path):
    """A document given twice is written twice; resuming after the first copy must still write the second."""
    source = tmp_path / "twice.jsonl"
    line = json.dumps({"id": "same", "text": "双方同意加强合作。"}, ensure_ascii=False)
    source.write_text(f"{line}\n{line}\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run_extract(ExtractOptions([str(source)], output=out, workers=1)) == 0
    full = out.read_bytes()
    assert full.count(b"\n") == 2
    out.write_bytes(full.splitlines(keepends=True)[0])
    assert run_extract(ExtractOptions([str(source)], output=out, resume=True, workers=1)) == 0
    assert out.read_bytes() == full


def test_resume_refuses_a_file_that_is_not_communique_output(tmp_path, capsys):
    out = tmp_path / "notes.jsonl"
    out.write_text('{"something": "else"}\n', encoding="utf-8")
    assert run_extract(ExtractOptions([str(EXAMPLE)], output=out, resume=True, workers=1)) == 2
    assert "cannot resume" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == '{"something": "else"}\n'


def test_in_flight_documents_stay_within_the_window():
    """The reader is consumed only as results are taken: memory holds a window, never the corpus."""
    from concurrent.futures import ThreadPoolExecutor

    from communique.batch import ordered_results
    from communique.reader import SourceDocument

    consumed = 0

    def documents():
        nonlocal consumed
        for number in range(100):
            consumed += 1
            yield SourceDocument(f"d{number}", f"d{number}.txt", "双方同意。" * (number % 7 + 1))

    taken = []
    with ThreadPoolExecutor(max_workers=3) as pool:
        for result in ordered_results(documents(), lambda d: pool.submit(lambda: d.doc_id), window=5):
            assert consumed - len(taken) <= 5
            taken.append(result)
    assert taken == [f"d{number}" for number in range(100)]


def test_one_file_runs_in_process_and_a_directory_uses_every_core(corpus):
    from communique.batch import default_workers
    from communique.extract_command import worker_count

    assert worker_count(ExtractOptions([str(EXAMPLE)])) == 1
    assert worker_count(ExtractOptions(["-"])) == 1
    assert worker_count(ExtractOptions([str(corpus)])) == default_workers()
    assert worker_count(ExtractOptions([str(EXAMPLE)], workers=default_workers())) == default_workers()


def test_output_inside_an_input_folder_is_not_read_back(corpus, reference, tmp_path):
    """-o inside the folder being read: the run's own output and errors files are never taken as input."""
    folder = tmp_path / "statements"
    shutil.copytree(corpus, folder)
    out = folder / "out.jsonl"

    def without_source(path: Path) -> list[dict]:
        return [{k: v for k, v in record.items() if k != "source"} for record in read_records(path)]

    assert run_extract(ExtractOptions([str(folder)], output=out, workers=1)) == 0
    assert without_source(out) == without_source(reference)
    assert run_extract(ExtractOptions([str(folder)], output=out, resume=True, workers=1)) == 0
    assert without_source(out) == without_source(reference)


def test_unwritable_errors_file_leaves_the_previous_output_alone(corpus, reference, tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_bytes(reference.read_bytes())
    errors = tmp_path / "missing-folder" / "errors.jsonl"
    assert run_extract(ExtractOptions([str(corpus)], output=out, errors=errors, workers=1)) == 2
    assert out.read_bytes() == reference.read_bytes()


@pytest.mark.parametrize("which", ["-o", "--errors"])
def test_an_output_that_is_also_an_input_is_refused(tmp_path, which):
    statement = tmp_path / "statement.txt"
    statement.write_text("双方同意加强合作。\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(statement)
    for alias in (statement, link):
        options = ExtractOptions([str(statement)], output=tmp_path / "out.jsonl", workers=1)
        if which == "-o":
            options.output = alias
        else:
            options.errors = alias
        assert run_extract(options) == 2
        assert statement.read_text(encoding="utf-8") == "双方同意加强合作。\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "statement.txt"]


def test_a_second_run_on_the_same_output_is_refused_and_the_first_one_finishes(
    corpus, reference, tmp_path, capsys
):
    """A real ``communique extract`` writing OUT; a second run on OUT (here in this process, so that it starts at
    once) is refused while the first holds the lock, and the first one's result is whole."""
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "communique", "extract", str(corpus), "-o", str(out), "--workers", "1"]
    first = subprocess.Popen(command, cwd=REPO, stderr=subprocess.PIPE, text=True)
    part = tmp_path / "out.jsonl.part"
    deadline = time.monotonic() + 120
    while first.poll() is None and time.monotonic() < deadline:
        if part.exists() and b"\n" in part.read_bytes():
            break
        time.sleep(0.005)
    assert first.poll() is None, "the first run ended before the second could start"
    assert run_extract(ExtractOptions([str(corpus)], output=out, resume=True, workers=1)) == 2
    assert capsys.readouterr().err == f"communique: {out}: another communique run is writing it\n"
    assert first.wait(timeout=300) == 0, first.stderr.read()
    assert out.read_bytes() == reference.read_bytes()
    assert not part.exists()


def _limit_file_size(limit: int):
    """A real write failure (EFBIG, as a full disk gives ENOSPC): no file of the process may grow past ``limit``."""
    import resource

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.parametrize("output_format", ["errors", "csv"])
def test_a_write_failure_on_the_errors_file_or_csv_is_one_line_and_keeps_the_previous_result(
    tmp_path, output_format
):
    folder = tmp_path / "in"
    folder.mkdir()
    out = tmp_path / "out"
    if output_format == "errors":
        for number in range(100):  # 100 empty files: 100 failures, an errors file far above the limit
            (folder / f"{number:03d}.txt").write_bytes(b"")
        args = ["-o", str(out / "out.jsonl")]
        previous = out / "out.jsonl.errors.jsonl"
    else:
        (folder / "a.txt").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
        args = ["--format", "csv", "-o", str(out)]
        previous = out / "entities.csv"
    out.mkdir()
    previous.write_text("previous result\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "communique", "extract", str(folder), "-j", "1", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        preexec_fn=_limit_file_size(4000),
    )
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == "communique: cannot write output (File too large)"
    assert "Traceback" not in result.stderr
    assert previous.read_text(encoding="utf-8") == "previous result\n"
    assert not list(out.glob("*.part"))


def test_more_workers_than_cores_are_capped_with_a_warning(capsys):
    from communique.batch import default_workers
    from communique.extract_command import worker_count

    cores = default_workers()
    assert worker_count(ExtractOptions(["x"], workers=cores + 62)) == cores
    err = capsys.readouterr().err
    assert (
        err
        == f"communique: warning: --workers {cores + 62} is more than the {cores} cores available; using {cores}\n"
    )
    assert worker_count(ExtractOptions(["x"], workers=cores)) == cores
    assert capsys.readouterr().err == ""


def test_excel_csv_cells_cannot_start_a_formula(tmp_path):
    source = tmp_path / "cells.jsonl"
    text = '=HYPERLINK("http://example.com","双方")同意。\n+1。\n@SUM(A1)。\n-2+3。\n双方同意。'
    source.write_text(json.dumps({"id": "=cmd|' /C calc'!A0", "text": text}, ensure_ascii=False) + "\n")
    for excel in (False, True):
        out = tmp_path / ("excel" if excel else "plain")
        assert run_extract(ExtractOptions([str(source)], output=out, output_format="csv", bom=excel)) == 0
        with (out / "sentences.csv").open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        cells = [rows[0]["doc_id"]] + [row["text"].strip() for row in rows]
        if excel:
            assert all(not cell.startswith(("=", "+", "-", "@")) for cell in cells)
            assert cells[:3] == [
                "'=cmd|' /C calc'!A0",
                '\'=HYPERLINK("http://example.com","双方")同意。',
                "'+1。",
            ]
        else:  # plain CSV is data for pandas: exactly the text
            assert cells[:3] == [
                "=cmd|' /C calc'!A0",
                '=HYPERLINK("http://example.com","双方")同意。',
                "+1。",
            ]


def test_a_file_name_that_is_not_utf8_does_not_stop_the_batch(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in (b"a.txt", b"b-\xff.txt", b"c.txt"):
        (folder / os.fsdecode(name)).write_text("双方同意加强合作。\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "communique", "extract", str(folder), "-o", str(out), "-j", "1"]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert [r["doc_id"] for r in read_records(out)] == ["a", "b-\ufffd", "c"]
