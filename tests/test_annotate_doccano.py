"""Integration: a real doccano 1.8.4 on a loopback port, push the example statement, correct one sentence through
doccano's REST API as the web UI does (logged in as a user with the annotator role), pull into a copy of the
corpus, and check the corpus changed exactly there.

The doccano venvs (server and client) are created by the ``doccano_venvs`` fixture when missing, with the same
idempotent ``communique annotate setup`` that ``.ci/run`` calls, so ``python -m pytest`` alone works from a fresh
clone (a few minutes the first time); the tests are skipped only when no package registry can be reached.
Deselect with ``-m "not doccano"`` for a quick local run.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from communique.annotate.environment import AnnotateError, Credentials, credentials_from_env
from communique.annotate.server import DoccanoServer
from communique.cli import app
from typer.testing import CliRunner

pytestmark = pytest.mark.doccano

REPO = Path(__file__).resolve().parents[1]
DOC_ID = "china-uzbekistan-2024-01-24"
EXAMPLE = REPO / "corpus" / "examples" / f"{DOC_ID}.txt"
CORPUS_FILE = REPO / "corpus" / "documents" / f"{DOC_ID}.jsonl"
PROJECT = "integration"


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def registry_reachable() -> bool:
    """Can pip reach a package index at all? Asked only after the set-up failed, to tell a machine without
    network (skip) from a broken set-up (fail): the client package alone, resolved but not installed."""
    probe = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--no-deps", "-q", "doccano-client==1.2.8"],
        capture_output=True,
    )
    return probe.returncode == 0


@pytest.fixture(scope="session")
def doccano_venvs():
    """Both doccano venvs, created by ``communique annotate setup`` (idempotent: seconds when they exist)."""
    from communique.annotate import commands

    with pytest.MonkeyPatch.context() as patch:
        # the checkout's .doccano/ (what `communique annotate setup` makes there), wherever pytest is started
        patch.setenv(
            "COMMUNIQUE_DOCCANO_DIR", os.environ.get("COMMUNIQUE_DOCCANO_DIR") or str(REPO / ".doccano")
        )
        try:
            commands.setup(echo=lambda line: None)
        except AnnotateError as error:
            if not registry_reachable():
                pytest.skip(f"no package registry reachable to create the doccano venvs ({error})")
            raise
        yield


@pytest.fixture(scope="session")
def doccano(tmp_path_factory, doccano_venvs):
    """A running doccano (web server + task worker) with a fresh database; credentials only in the env."""
    settings = {
        "DOCCANO_URL": f"http://127.0.0.1:{free_loopback_port()}",
        "DOCCANO_USERNAME": "ci-admin",
        "DOCCANO_PASSWORD": secrets.token_urlsafe(18),
    }
    saved = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    server = DoccanoServer(credentials_from_env(), tmp_path_factory.mktemp("doccano-data"))
    try:
        server.start(workers=1)
        yield server
    finally:
        server.stop()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


class Annotator:
    """A logged-in browser session against doccano's REST API (what the web UI sends)."""

    def __init__(self, url: str, username: str, password: str) -> None:
        self.api = f"{url}/v1"
        self.session = requests.Session()
        self.session.headers["referer"] = url
        login = self.session.post(
            f"{self.api}/auth/login/", json={"username": username, "password": password}
        )
        login.raise_for_status()
        self.session.headers["X-CSRFToken"] = self.session.cookies["csrftoken"]

    def get(self, path: str, **params):
        response = self.session.get(f"{self.api}/{path}", params=params)
        response.raise_for_status()
        return response.json()

    def send(self, method: str, path: str, payload: dict | None = None):
        response = self.session.request(method, f"{self.api}/{path}", json=payload)
        response.raise_for_status()
        return response

    def project_id(self, name: str) -> int:
        return next(p["id"] for p in self.get("projects", limit=100)["results"] if p["name"] == name)

    def examples(self, project: int) -> list[dict]:
        return self.get(f"projects/{project}/examples", limit=1000)["results"]

    def label_ids(self, project: int, kind: str) -> dict[str, int]:
        return {label["text"]: label["id"] for label in self.get(f"projects/{project}/{kind}-types")}


def add_annotator(admin: Annotator, project: int, url: str) -> Annotator:
    """A second account with the annotator role in the project, created the way the admin UI does."""
    password = secrets.token_urlsafe(18)
    admin.send(
        "POST", "users/create", {"username": "annotator1", "password1": password, "password2": password}
    )
    user = next(u for u in admin.get("users", q="annotator1") if u["username"] == "annotator1")
    role = next(r for r in admin.get("roles") if r["name"] == "annotator")
    admin.send("POST", f"projects/{project}/members", {"user": user["id"], "role": role["id"]})
    return Annotator(url, "annotator1", password)


def corpus_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def annotation(line: dict) -> tuple:
    return sorted(map(tuple, line["entities"])), sorted(line["cats"])


def run(*args: str):
    result = CliRunner().invoke(app, ["annotate", *args])
    return result.exit_code, result.output


def test_push_correct_pull(doccano, tmp_path):
    documents = tmp_path / "documents"
    shutil.copytree(REPO / "corpus" / "documents", documents)
    code, output = run("push", "--project", PROJECT, "--documents", str(documents), str(EXAMPLE))
    assert code == 0, output
    assert "96 sentences uploaded, 0 already there" in output
    assert doccano.credentials.password not in output

    # the same document again (by id this time) adds nothing
    code, output = run("push", "--project", PROJECT, "--documents", str(documents), DOC_ID)
    assert code == 0, output
    assert "0 sentences uploaded, 96 already there" in output

    admin = Annotator(doccano.credentials.url, doccano.credentials.username, doccano.credentials.password)
    project = admin.project_id(PROJECT)
    annotator = add_annotator(admin, project, doccano.credentials.url)
    examples = annotator.examples(project)
    assert len(examples) == 96
    uncertainty = [e["meta"]["uncertainty"] for e in sorted(examples, key=lambda e: e["id"])]
    assert uncertainty == sorted(uncertainty, reverse=True)

    local = {line["meta"]["offset"]: line for line in corpus_lines(CORPUS_FILE)}
    by_offset = {e["meta"]["offset"]: e for e in examples}
    # a sentence where the pipeline's suggestion equals the corpus and that holds an ORG: relabel it INITIATIVE
    target = next(
        offset
        for offset, example in sorted(by_offset.items())
        if annotation(example["meta"]["pushed"]) == annotation(local[offset])
        and any(label == "ORG" for _, _, label in local[offset]["entities"])
    )
    span_labels = {v: k for k, v in annotator.label_ids(project, "span").items()}
    example_id = by_offset[target]["id"]
    spans = annotator.get(f"projects/{project}/examples/{example_id}/spans")
    org = next(s for s in spans if span_labels[s["label"]] == "ORG")
    annotator.send(
        "PATCH",
        f"projects/{project}/examples/{example_id}/spans/{org['id']}",
        {"label": annotator.label_ids(project, "span")["INITIATIVE"]},
    )

    # a sentence where the corpus already differs from the suggestion: changing it in doccano is a conflict
    disputed = next(
        offset
        for offset, example in sorted(by_offset.items())
        if annotation(example["meta"]["pushed"]) != annotation(local[offset])
        and "SUPPORT" not in local[offset]["cats"]
    )
    annotator.send(
        "POST",
        f"projects/{project}/examples/{by_offset[disputed]['id']}/categories",
        {"label": annotator.label_ids(project, "category")["SUPPORT"]},
    )

    code, output = run("pull", "--project", PROJECT, "--documents", str(documents))
    assert code == 1, output
    assert "96 sentences pulled, 1 changed, 1 conflicts" in output
    assert f"@{target}: - " in output and f"@{disputed}: local and doccano both differ" in output

    before = corpus_lines(CORPUS_FILE)
    after = corpus_lines(documents / CORPUS_FILE.name)
    changed = [line["meta"]["offset"] for line, new in zip(before, after, strict=True) if line != new]
    assert changed == [target]
    new = next(line for line in after if line["meta"]["offset"] == target)
    old = local[target]
    relabelled = [
        [s, e, "INITIATIVE"] if [s, e] == [org["start_offset"], org["end_offset"]] else [s, e, label]
        for s, e, label in old["entities"]
    ]
    assert new["entities"] == sorted(relabelled)
    assert new["cats"] == old["cats"]
    assert new["meta"] == old["meta"]

    code, output = run("pull", "--project", PROJECT, "--documents", str(documents), "--force")
    assert code == 0, output
    forced = next(
        line for line in corpus_lines(documents / CORPUS_FILE.name) if line["meta"]["offset"] == disputed
    )
    assert "SUPPORT" in forced["cats"]
    assert annotation(forced) == annotation(
        {
            **by_offset[disputed]["meta"]["pushed"],
            "cats": by_offset[disputed]["meta"]["pushed"]["cats"] + ["SUPPORT"],
        }
    )


def test_init_creates_the_broker_queue_before_the_web_server_and_worker_start(
    doccano_venvs, tmp_path, monkeypatch
):
    """Both long-running processes would otherwise declare the Celery queue at start-up in the one SQLite file,
    and the second insert fails (``UNIQUE constraint failed: kombu_queue.name``): after what ``start`` does
    before spawning them, the queue's row is already there, so neither creates it."""
    monkeypatch.setenv("DOCCANO_USERNAME", "ci-admin")
    monkeypatch.setenv("DOCCANO_PASSWORD", secrets.token_urlsafe(18))
    server = DoccanoServer(Credentials("http://127.0.0.1:9", "ci-admin", "unused"), tmp_path / "data")
    server.initialise()
    assert server.processes == []  # nothing running yet
    with sqlite3.connect(tmp_path / "data" / "db.sqlite3") as database:
        queues = [name for (name,) in database.execute("SELECT name FROM kombu_queue")]
    assert queues == ["celery"]


def test_missing_credentials_are_one_line(monkeypatch):
    monkeypatch.delenv("DOCCANO_PASSWORD", raising=False)
    monkeypatch.setenv("DOCCANO_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("DOCCANO_USERNAME", "someone")
    code, output = run("pull", "--project", PROJECT)
    assert code == 1
    assert output.strip().splitlines() == [
        "communique annotate: set DOCCANO_PASSWORD in the environment (credentials are never taken as options)"
    ]
