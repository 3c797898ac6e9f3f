"""HTML reports: one self-contained page per statement and an index over all of them.

Analysts read the extraction before they trust it, so a page shows the evidence: each sentence once, with the
entities highlighted in displaCy's markup (hover: the normalised value) and, as a second layer underneath, the
obligation triggers that gave the sentence its types (``class="trigger …"``); the actors by name (hover: the code);
a legend; filters by type, actor and entity label that live in the URL (``#type=COMMITMENT&actor=UZB``), so a
filtered view can be shared; and a summary that says what the relationship rank means. Pages are rendered with Jinja2 with autoescaping on, and the displaCy markup is produced by spaCy,
which escapes the text itself: nothing from the input can become markup or script. CSS and JS are inline so a page
opens from disk with no network.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
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


# Trigger boundaries travel through displaCy as private-use characters (which escape to themselves and never occur
# in a statement: the reader keeps them out of nothing, so they are checked) and become the trigger layer after.
_TRIGGER_OPEN, _TRIGGER_CLOSE = "\ue000", "\ue001"


def trigger_pieces(triggers: list[dict[str, Any]], entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Triggers cut at entity boundaries, so that each piece nests inside one entity mark or between two (valid
    HTML); overlapping triggers keep the first."""
    cuts = sorted({e["start"] for e in entities} | {e["end"] for e in entities})
    pieces: list[dict[str, Any]] = []
    last_end = -1
    for trigger in sorted(triggers, key=lambda t: (t["start"], -t["end"])):
        if trigger["start"] < last_end or trigger["end"] <= trigger["start"]:
            continue
        points = [
            trigger["start"],
            *(c for c in cuts if trigger["start"] < c < trigger["end"]),
            trigger["end"],
        ]
        pieces += [{**trigger, "start": a, "end": b} for a, b in zip(points, points[1:], strict=False)]
        last_end = trigger["end"]
    return pieces


def entities_markup(
    text: str, entities: list[dict[str, Any]], triggers: list[dict[str, Any]] | None = None
) -> str:
    """displaCy's entity markup for ``text``, with a ``title`` (the normalised value) on each mark, and the
    triggers as a second layer: ``<span class="trigger trigger-COMMITMENT" title="COMMITMENT trigger">``.

    displaCy has no slot for a per-entity attribute nor for a second layer, so the template carries a placeholder
    that is filled, in order, with the escaped values, and trigger boundaries are marked in the text before
    rendering and replaced after. ``entities`` and ``triggers`` have offsets into ``text``.
    """
    from html import escape

    from spacy.displacy.templates import TPL_ENT

    entities = sorted(entities, key=lambda entity: entity["start"])
    pieces = (
        [] if _TRIGGER_OPEN in text or _TRIGGER_CLOSE in text else trigger_pieces(triggers or [], entities)
    )
    # insert the boundary characters and shift the entity offsets past the ones inserted before them
    inserts = sorted(
        [(p["start"], 1, _TRIGGER_OPEN) for p in pieces] + [(p["end"], 0, _TRIGGER_CLOSE) for p in pieces]
    )
    marked, shifted_at, previous = [], [], 0
    for offset, _order, char in inserts:
        marked.append(text[previous:offset])
        marked.append(char)
        shifted_at.append(offset if char == _TRIGGER_CLOSE else offset + 0.5)
        previous = offset
    marked.append(text[previous:])

    def shift(offset: int, is_end: bool) -> int:
        # a close mark at an entity's end belongs inside it; an open mark at its start too
        return offset + sum(1 for at in shifted_at if at < offset or (at == offset and is_end))

    template = TPL_ENT.replace('<mark class="entity"', f'<mark class="entity" title="{_TITLE_SLOT}"', 1)
    markup = displacy.render(
        {
            "text": "".join(marked),
            "ents": [
                {
                    "start": _entity_start(e["start"], inserts),
                    "end": shift(e["end"], True),
                    "label": e["label"],
                }
                for e in entities
            ],
        },
        style="ent",
        manual=True,
        page=False,
        jupyter=False,
        options={"colors": LABEL_COLOURS, "template": template},
    )
    parts = iter(pieces)
    markup = re.sub(
        _TRIGGER_OPEN,
        lambda _match: _trigger_open(next(parts)),
        markup,
    ).replace(_TRIGGER_CLOSE, "</span>")
    split = markup.split(_TITLE_SLOT)
    if len(split) != len(entities) + 1:  # pragma: no cover - displaCy changed its output
        return markup.replace(f' title="{_TITLE_SLOT}"', "")
    out = [split[0]]
    for entity, piece in zip(entities, split[1:], strict=True):
        out.append(escape(display_value(entity) or entity["label"], quote=True))
        out.append(piece)
    return "".join(out)


def _entity_start(offset: int, inserts: list[tuple[int, int, str]]) -> int:
    """An entity's start in the marked text: after the marks inserted before it, but before a trigger that opens
    at the same place (so that the trigger nests inside the mark)."""
    return offset + sum(
        1 for at, _order, char in inserts if at < offset or (at == offset and char == _TRIGGER_CLOSE)
    )


def _trigger_open(piece: dict[str, Any]) -> str:
    from html import escape

    kind = escape(str(piece.get("type", "")), quote=True)
    return f'<span class="trigger trigger-{kind}" data-type="{kind}" title="{kind} trigger">'


def statement_date(record: dict[str, Any]) -> str | None:
    """The statement's date: the record's own ``date`` (its signature or the visit it reports), else from its id
    (…-2024-01-24), else the last day-grain DATE (…年1月24日于北京), for records written before ``date`` existed."""
    own = record.get("date")
    if isinstance(own, dict) and own.get("start"):
        return str(own["start"])
    match = _ISO_DATE.search(record.get("doc_id") or "")
    if match:
        return match.group()
    for entity in reversed(record["entities"]):
        norm = entity.get("norm")
        if entity["label"] == "DATE" and isinstance(norm, dict) and norm.get("grain") == "day":
            return norm["start"]
    return None


def actor_name(code: str) -> str:
    """A party's name (乌兹别克斯坦) from the knowledge base; the code itself when the KB does not know it."""
    from communique.kb import load_kb

    kb = load_kb()
    if code in kb.entries:
        return kb.entries[code].name
    for name, group in kb.group_parties.items():
        if group == code:
            return name
    return code


@lru_cache(maxsize=1)
def relationship_scale() -> list[dict[str, Any]]:
    """The ladder of designations the rank is read from (``kb/relationships.jsonl``), lowest first."""
    from communique.components.relationship import DEFAULT_RELATIONSHIPS

    entries = [
        json.loads(line) for line in DEFAULT_RELATIONSHIPS.read_text(encoding="utf-8").splitlines() if line
    ]
    return sorted(entries, key=lambda entry: entry["rank"])


def rank_explanation(relationship: dict[str, Any] | None) -> str | None:
    """What "rank 54" means: its place on the project's ladder of designations, with both ends named."""
    if not relationship:
        return None
    scale = relationship_scale()
    ranks = sorted({entry["rank"] for entry in scale})
    below = sum(1 for rank in ranks if rank < relationship["rank"])
    return (
        f"Rank {relationship['rank']} on the scale of pipeline/kb/relationships.jsonl: higher is closer. "
        f"{below} of its {len(ranks)} levels are lower, from {scale[0]['canonical']} ({scale[0]['rank']}) "
        f"up to {scale[-1]['canonical']} ({scale[-1]['rank']})."
    )


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
        "rank_explanation": rank_explanation(record.get("relationship")),
    }


def sentence_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    """Sentences with their own markup (entities and triggers, offsets shifted to the sentence), types, actors
    and the labels of the entities inside (for the label filter)."""
    text = record["text"]
    rows = []
    for sentence in record["sentences"]:
        start, end = sentence["start"], sentence["end"]
        inside = [
            {**entity, "start": entity["start"] - start, "end": entity["end"] - start}
            for entity in record["entities"]
            if start <= entity["start"] and entity["end"] <= end
        ]
        triggers = [
            {**trigger, "start": trigger["start"] - start, "end": trigger["end"] - start}
            for trigger in sentence.get("triggers", [])
            if start <= trigger["start"] and trigger["end"] <= end
        ]
        rows.append(
            {
                "text": text[start:end],
                "markup": entities_markup(text[start:end], inside, triggers),
                "types": sentence["types"],
                "actors": [{"code": code, "name": actor_name(code)} for code in sentence["actors"]],
                "labels": sorted({entity["label"] for entity in inside}),
            }
        )
    return rows


def commitment_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per COMMITMENT act: who commits, to whom, what (the object), how much and when, with the number of
    the sentence it comes from so the row links to it."""
    rows = []
    for number, sentence in enumerate(record["sentences"], start=1):
        for act in sentence.get("acts", []):
            if act["type"] != "COMMITMENT":
                continue
            rows.append(
                {
                    "sentence": number,
                    "actors": [{"code": code, "name": actor_name(code)} for code in act["actors"]],
                    "recipients": [{"code": code, "name": actor_name(code)} for code in act["recipients"]],
                    "trigger": act["trigger"]["text"],
                    "object": (act.get("object") or {}).get("text", ""),
                    "amounts": [
                        f"{a['text']} ({display_value({**a, 'label': 'MONEY'})})"
                        for a in act.get("amounts", [])
                    ],
                    "dates": [
                        f"{d['text']} ({display_value({**d, 'label': 'DATE'})}, {d.get('role', '')})"
                        for d in act.get("dates", [])
                    ],
                }
            )
    return rows


def render_statement(record: dict[str, Any], env: Environment | None = None) -> str:
    env = env or environment()
    rows = sentence_rows(record)
    actors = sorted({actor["code"] for row in rows for actor in row["actors"]})
    filters = {
        "types": sorted({t for row in rows for t in row["types"]}),
        "actors": [{"code": code, "name": actor_name(code)} for code in actors],
        "labels": sorted({label for row in rows for label in row["labels"]}),
    }
    return env.get_template("statement.html.j2").render(
        record=record,
        parties=[{"code": code, "name": actor_name(code)} for code in record["parties"]],
        summary=summary(record),
        sentences=rows,
        commitments=commitment_rows(record),
        filters=filters,
        legend=[(label, LABEL_COLOURS.get(label, "#ddd")) for label, _n in label_counts(record)],
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


class ReportWriter:
    """The statement pages, each written as its record arrives (the batch engine's sink), and ``index.html``
    over all of them at the end; failures one line each on stderr, above the progress bar."""

    def __init__(self, output_dir: Path) -> None:
        from communique.writers import make_folder

        make_folder(output_dir)  # OutputError, naming the folder the user gave and why
        self.output_dir = output_dir
        self.env = environment()
        self.taken: set[str] = set()
        self.kept: list[dict[str, Any]] = []
        self.pages: list[str] = []
        self.written: list[Path] = []
        self.failed = 0

    def record(self, record: dict[str, Any]) -> None:
        name = page_name(record["doc_id"], self.taken)
        path = self.output_dir / name
        path.write_text(render_statement(record, self.env), encoding="utf-8")
        self.kept.append(record)
        self.pages.append(name)
        self.written.append(path)

    def failure(self, failure: Any) -> None:
        from tqdm import tqdm

        self.failed += 1
        tqdm.write(f"communique: {failure}", file=sys.stderr)

    def finish(self) -> list[Path]:
        """Write ``index.html``; returns the pages written (index last)."""
        index = self.output_dir / "index.html"
        index.write_text(render_index(self.kept, self.pages, self.env), encoding="utf-8")
        return [*self.written, index]


def write_report(records: Iterable[dict[str, Any]], output_dir: Path) -> list[Path]:
    """Write a page per record and ``index.html``; returns the pages written (index last)."""
    writer = ReportWriter(output_dir)
    for record in records:
        writer.record(record)
    return writer.finish()


def run_report(
    paths: list[str],
    output_dir: Path,
    model: Path | None = None,
    progress: bool | None = None,
    workers: int | None = None,
) -> int:
    """The ``communique report`` command, on the batch engine of ``extract`` (its workers, and its progress bar
    with total and time left when stderr is a terminal); the exit code as ``extract``'s: 1 when a document
    failed, 2 when a named input does not exist or the pages cannot be written."""
    from communique.batch import run_batch
    from communique.extract_command import ExtractOptions, worker_count
    from communique.writers import OutputError, cannot_write

    try:
        writer = ReportWriter(output_dir)
    except OutputError as error:
        print(f"communique: {error}", file=sys.stderr)
        return 2
    try:
        summary = run_batch(
            paths,
            writer,
            workers=worker_count(ExtractOptions(paths=paths, workers=workers)),
            model=str(model) if model else None,
            progress=sys.stderr.isatty() if progress is None else progress,
        )
        written = writer.finish()
    except OSError as error:
        print(f"communique: {cannot_write(output_dir, error, folder=True)}", file=sys.stderr)
        return 2
    pages = len(written) - 1
    print(f"communique: wrote {pages} statement page{'s' * (pages != 1)} and {written[-1]}", file=sys.stderr)
    return summary.exit_code
