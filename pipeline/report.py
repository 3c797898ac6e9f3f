"""HTML reports: one self-contained page per statement and an index over all of them.

Analysts read the extraction before they trust it, so a page shows the text with the entities highlighted in
displaCy's markup (hover: the normalised value), the sentences with their obligation types and actors (filterable),
and a summary. Pages are rendered with Jinja2 with autoescaping on, and the displaCy markup is produced by spaCy,
which escapes the text itself: nothing from the input can become markup or script. CSS and JS are inline so a page
opens from disk with no network.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from communique.record import display_value, entity_key
from jinja2 import Environment, FileSystemLoader, select_autoescape
from spacy import displacy

TEMPLATES = Path(__file__).parent / "templates"
# displaCy has colours for ORG, LOC, DATE, MONEY …; the project's own labels get theirs here.
LABEL_COLOURS = {
    "STATE": "#7aecec",
    "ORG": "#bfeeb7",
    "INITIATIVE": "#feca74",
    "LOC": "#ff9561",
    "DOC": "#aa9cfc",
    "MONEY": "#e4e7d2",
    "DATE": "#bfe1d9",
    "PERSON": "#ddd",
}
CITED_LABELS = ("ORG", "INITIATIVE")
_TITLE_SLOT = "\x00title\x00"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"], default=True),
        keep_trailing_newline=True,
    )


def entities_markup(text: str, entities: list[dict[str, Any]]) -> str:
    """displaCy's entity markup for ``text``, with a ``title`` (the normalised value) on each mark.

    displaCy has no slot for a per-entity attribute, so the template carries a placeholder that is filled, in
    order, with the escaped values; entities are passed sorted, and displaCy emits one mark per entity in order.
    ``entities`` have offsets into ``text``.
    """
    from html import escape

    from spacy.displacy.templates import TPL_ENT

    entities = sorted(entities, key=lambda entity: entity["start"])
    template = TPL_ENT.replace('<mark class="entity"', f'<mark class="entity" title="{_TITLE_SLOT}"', 1)
    markup = displacy.render(
        {
            "text": text,
            "ents": [{"start": e["start"], "end": e["end"], "label": e["label"]} for e in entities],
        },
        style="ent",
        manual=True,
        page=False,
        jupyter=False,
        options={"colors": LABEL_COLOURS, "template": template},
    )
    pieces = markup.split(_TITLE_SLOT)
    if len(pieces) != len(entities) + 1:  # pragma: no cover - displaCy changed its output
        return markup.replace(f' title="{_TITLE_SLOT}"', "")
    out = [pieces[0]]
    for entity, piece in zip(entities, pieces[1:], strict=True):
        out.append(escape(display_value(entity) or entity["label"], quote=True))
        out.append(piece)
    return "".join(out)


def statement_date(record: dict[str, Any]) -> str | None:
    """The statement's date: from its id (…-2024-01-24) or else the last day-grain DATE (…年1月24日于北京)."""
    match = _ISO_DATE.search(record.get("doc_id") or "")
    if match:
        return match.group()
    for entity in reversed(record["entities"]):
        norm = entity.get("norm")
        if entity["label"] == "DATE" and isinstance(norm, dict) and norm.get("grain") == "day":
            return norm["start"]
    return None


def label_counts(record: dict[str, Any]) -> list[tuple[str, int]]:
    return sorted(Counter(entity["label"] for entity in record["entities"]).items())


def summary(record: dict[str, Any]) -> dict[str, Any]:
    def listed(label: str) -> list[dict[str, str]]:
        return [
            {"text": e["text"], "value": display_value(e) or "—"}
            for e in record["entities"]
            if e["label"] == label
        ]

    types = Counter(t for sentence in record["sentences"] for t in sentence["types"])
    return {
        "date": statement_date(record),
        "counts": label_counts(record),
        "type_counts": sorted(types.items()),
        "money": listed("MONEY"),
        "dates": listed("DATE"),
    }


def sentence_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    """Sentences with their own entity markup (offsets shifted to the sentence), types and actors."""
    text = record["text"]
    rows = []
    for sentence in record["sentences"]:
        start, end = sentence["start"], sentence["end"]
        inside = [
            {**entity, "start": entity["start"] - start, "end": entity["end"] - start}
            for entity in record["entities"]
            if start <= entity["start"] and entity["end"] <= end
        ]
        rows.append(
            {
                "text": text[start:end],
                "markup": entities_markup(text[start:end], inside),
                "types": sentence["types"],
                "actors": sentence["actors"],
            }
        )
    return rows


def render_statement(record: dict[str, Any], env: Environment | None = None) -> str:
    env = env or environment()
    rows = sentence_rows(record)
    filters = {
        "types": sorted({t for row in rows for t in row["types"]}),
        "actors": sorted({a for row in rows for a in row["actors"]}),
    }
    return env.get_template("statement.html.j2").render(
        record=record,
        summary=summary(record),
        sentences=rows,
        filters=filters,
        entities_markup=entities_markup(record["text"], record["entities"]),
        css=(TEMPLATES / "base.css").read_text(encoding="utf-8"),
    )


def most_cited(records: list[dict[str, Any]], label: str, limit: int = 15) -> list[dict[str, Any]]:
    """Entities of ``label`` ranked by how many statements cite them, then by mentions."""
    statements: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for record in records:
        keys = set()
        for entity in record["entities"]:
            if entity["label"] != label:
                continue
            key = entity_key(entity)
            keys.add(key)
            mentions[key] += 1
            norm = entity.get("norm")
            names[key][
                norm.get("name") if isinstance(norm, dict) and norm.get("name") else entity["text"]
            ] += 1
        statements.update(keys)
    ranked = sorted(statements, key=lambda key: (-statements[key], -mentions[key], key))[:limit]
    return [
        {
            "key": key,
            "name": names[key].most_common(1)[0][0],
            "statements": statements[key],
            "mentions": mentions[key],
        }
        for key in ranked
    ]


def page_name(doc_id: str, taken: set[str]) -> str:
    """A file name for the statement page: the doc id made safe, numbered when two ids clash."""
    base = re.sub(r"[^\w.-]+", "_", doc_id).strip("._") or "statement"
    name, number = f"{base}.html", 2
    while name in taken or name == "index.html":
        name, number = f"{base}-{number}.html", number + 1
    taken.add(name)
    return name


def render_index(records: list[dict[str, Any]], pages: list[str], env: Environment | None = None) -> str:
    env = env or environment()
    rows = [
        {
            "page": page,
            "title": record.get("title") or record["doc_id"],
            "doc_id": record["doc_id"],
            "parties": record["parties"],
            "date": statement_date(record),
            "relationship": record.get("relationship"),
            "sentences": len(record["sentences"]),
            "counts": label_counts(record),
        }
        for record, page in zip(records, pages, strict=True)
    ]
    return env.get_template("index.html.j2").render(
        rows=rows,
        most_cited=[(label, most_cited(records, label)) for label in CITED_LABELS],
        css=(TEMPLATES / "base.css").read_text(encoding="utf-8"),
    )


def write_report(records: Iterable[dict[str, Any]], output_dir: Path) -> list[Path]:
    """Write a page per record and ``index.html``; returns the pages written (index last)."""
    output_dir.mkdir(parents=True, exist_ok=True)
    env = environment()
    taken: set[str] = set()
    kept: list[dict[str, Any]] = []
    pages: list[str] = []
    written: list[Path] = []
    for record in records:
        name = page_name(record["doc_id"], taken)
        path = output_dir / name
        path.write_text(render_statement(record, env), encoding="utf-8")
        kept.append(record)
        pages.append(name)
        written.append(path)
    index = output_dir / "index.html"
    index.write_text(render_index(kept, pages, env), encoding="utf-8")
    written.append(index)
    return written


def run_report(paths: list[str], output_dir: Path, model: Path | None = None) -> int:
    """The ``communique report`` command: exit status 1 when any input failed (after reporting it on stderr)."""
    from communique.extract import Extractor, Failure, extract_paths

    extractor = Extractor(model=model)
    failures = 0

    def records() -> Iterable[dict[str, Any]]:
        nonlocal failures
        for item in extract_paths(extractor, paths):
            if isinstance(item, Failure):
                failures += 1
                print(f"communique: {item}", file=sys.stderr)
            else:
                yield item

    try:
        written = write_report(records(), output_dir)
    except OSError as error:
        print(f"communique: {output_dir}: cannot write report ({error.strerror or error})", file=sys.stderr)
        return 2
    pages = len(written) - 1
    print(f"communique: wrote {pages} statement page{'s' * (pages != 1)} and {written[-1]}", file=sys.stderr)
    return 1 if failures else 0
