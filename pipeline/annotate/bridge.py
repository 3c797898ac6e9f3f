"""The doccano-client side of push and pull, run inside the client's own virtual environment.

Why a separate process: doccano-client 1.2.8 needs pydantic<2, while spaCy 3.8.11's thinc and typer need
pydantic>=2, so the client cannot be imported next to the pipeline (and pip cannot resolve it together with the
doccano server either). This file therefore imports nothing from communique: it reads one JSON request on stdin,
talks to doccano through doccano-client, and writes one JSON reply on stdout. Credentials come from the
environment (DOCCANO_URL, DOCCANO_USERNAME, DOCCANO_PASSWORD) and are never echoed.

Requests: ``{"op": "push", "project": NAME, "spans": [...], "categories": [...], "examples": [...]}`` and
``{"op": "pull", "project": NAME}``. Examples are corpus-shaped: ``text``, ``entities`` ([start, end, label]),
``cats``, ``meta`` (with ``doc_id`` and ``offset``, the key that prevents duplicates).
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

PROJECT_TYPE = "IntentDetectionAndSlotFilling"


class BridgeError(Exception):
    """A problem to report on one line."""


def credentials() -> tuple[str, str, str]:
    names = ("DOCCANO_URL", "DOCCANO_USERNAME", "DOCCANO_PASSWORD")
    missing = [name for name in names if not os.environ.get(name)]
    if missing:
        raise BridgeError(f"set {', '.join(missing)} in the environment")
    url, username, password = (os.environ[name] for name in names)
    return url, username, password


def connect() -> Any:
    from doccano_client import DoccanoClient

    url, username, password = credentials()
    client = DoccanoClient(url)
    try:
        client.login(username, password)
    except Exception as error:  # the client raises requests' and its own errors alike
        raise BridgeError(f"cannot log in to doccano at {url} ({type(error).__name__})") from None
    return client


def find_project(client: Any, name: str) -> Any | None:
    return next((p for p in client.list_projects() if p.name == name), None)


def ensure_project(client: Any, name: str, spans: list[str], categories: list[str]) -> Any:
    """Reuse the project called ``name`` or create it; add any missing label types either way."""
    project = find_project(client, name)
    if project is None:
        project = client.create_project(
            name=name,
            project_type=PROJECT_TYPE,
            description="communique: entities (spans) and obligation types (categories), one sentence per example",
            # everyone sees and corrects the same pre-annotations instead of a private empty copy
            collaborative_annotation=True,
            single_class_classification=False,
            allow_overlapping=False,
        )
    for kind, wanted in (("span", spans), ("category", categories)):
        have = {label.text for label in client.list_label_types(project.id, kind)}
        for text in wanted:
            if text not in have:
                client.create_label_type(project.id, kind, text)
    return project


def label_ids(client: Any, project_id: int, kind: str) -> dict[str, int]:
    return {label.text: label.id for label in client.list_label_types(project_id, kind)}


def key_of(meta: dict[str, Any]) -> tuple[str, int] | None:
    if "doc_id" not in meta or "offset" not in meta:
        return None
    return str(meta["doc_id"]), int(meta["offset"])


def push(request: dict[str, Any]) -> dict[str, Any]:
    client = connect()
    project = ensure_project(client, request["project"], request["spans"], request["categories"])
    span_ids = label_ids(client, project.id, "span")
    category_ids = label_ids(client, project.id, "category")
    existing = {key_of(e.meta) for e in client.list_examples(project.id)}
    created = skipped = 0
    for item in request["examples"]:
        key = key_of(item["meta"])
        if key in existing:
            skipped += 1
            continue
        example = client.create_example(project.id, item["text"], meta=item["meta"])
        for start, end, label in item["entities"]:
            client.create_span(project.id, example.id, start, end, span_ids[label])
        for category in item["cats"]:
            client.create_category(project.id, example.id, category_ids[category])
        existing.add(key)
        created += 1
    return {"project_id": project.id, "created": created, "skipped": skipped}


def pull(request: dict[str, Any]) -> dict[str, Any]:
    client = connect()
    project = find_project(client, request["project"])
    if project is None:
        raise BridgeError(f"no doccano project named {request['project']!r}")
    span_names = {v: k for k, v in label_ids(client, project.id, "span").items()}
    category_names = {v: k for k, v in label_ids(client, project.id, "category").items()}
    examples = []
    for example in client.list_examples(project.id):
        if key_of(example.meta) is None:
            continue  # added by hand in doccano, not by push: nothing to merge it into
        spans = client.list_spans(project.id, example.id)
        categories = client.list_categories(project.id, example.id)
        examples.append(
            {
                "text": example.text,
                "meta": example.meta,
                "entities": sorted([s.start_offset, s.end_offset, span_names[s.label]] for s in spans),
                "cats": sorted({category_names[c.label] for c in categories}),
                "confirmed": example.is_confirmed,
            }
        )
    return {"project_id": project.id, "examples": examples}


def main() -> int:
    try:
        request = json.load(sys.stdin)
        operations = {"push": push, "pull": pull}
        if request.get("op") not in operations:
            raise BridgeError(f"unknown operation {request.get('op')!r}")
        reply = operations[request["op"]](request)
    except BridgeError as error:
        print(f"doccano: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - one line for the user, not a traceback
        response = getattr(error, "response", None)
        detail = f" (HTTP {response.status_code}: {response.text[:200]})" if response is not None else ""
        print(f"doccano: {type(error).__name__}: {str(error)[:200]}{detail}", file=sys.stderr)
        return 1
    json.dump(reply, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
