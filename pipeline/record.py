"""The record: what one analysed document becomes (the contract in docs/schema.md).

All offsets are code points into ``text``, the document as the user gave it after decoding and HTML reduction, in
its original script: spans found on the analysed (simplified) text are mapped back through ``AnalysisText``.
"""

from __future__ import annotations

from typing import Any

from communique.reader import SourceDocument
from communique.script import AnalysisText
from spacy.tokens import Doc

# The record's schema version (docs/schema.md). Adding an optional field keeps it; a change that would break a reader
# of today's records (a field renamed, removed or given another meaning) raises it. Readers refuse other versions.
SCHEMA_VERSION = 1


def title_of(text: str) -> str | None:
    """The first non-empty line, without Markdown heading marks and emphasis."""
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip().strip("*").strip()
        if line:
            if "|" in line:
                line = line.split("|", 1)[1].strip()
            return line or None
    return None


def relationship_of(analysis: AnalysisText, doc: Doc) -> dict[str, Any] | None:
    """``doc._.relationship`` with its span mapped back to the original text (None when the pipeline has no
    relationship component or the statement names no designation)."""
    found = doc._.relationship if Doc.has_extension("relationship") else None
    if not found:
        return None
    start, end = analysis.original_span(found["start"], found["end"])
    return {**found, "designation": analysis.original[start:end], "start": start, "end": end}


def entity_key(entity: dict[str, Any]) -> str:
    """What identifies an entity across statements: its knowledge-base id or state code when known, else its text
    (the diff and the report index count and compare entities by it)."""
    norm = entity.get("norm")
    if isinstance(norm, dict) and norm.get("id"):
        return str(norm["id"])
    if isinstance(norm, str):
        return norm
    return entity["text"]


def display_value(entity: dict[str, Any]) -> str:
    """The normalised value as a person reads it (the report's hover text and tables, the diff's amounts)."""
    norm = entity.get("norm")
    if norm is None:
        return ""
    if isinstance(norm, str):
        return norm
    if entity["label"] == "MONEY" and "amount" in norm:
        amount = norm["amount"]
        amount_text = f"{amount:,}" if isinstance(amount, int) else f"{amount:,.2f}"
        return f"{amount_text} {norm.get('currency') or ''}".strip()
    if entity["label"] == "DATE" and "start" in norm:
        if norm["start"] == norm["end"]:
            return norm["start"]
        return f"{norm['start']} – {norm['end']} ({norm.get('grain', '')})"
    if "id" in norm:
        return f"{norm['id']}: {norm.get('name') or ''}".rstrip(": ")
    return ", ".join(f"{key}={value}" for key, value in norm.items())


def build_record(document: SourceDocument, analysis: AnalysisText, doc: Doc) -> dict[str, Any]:
    text = analysis.original
    entities = []
    for ent in doc.ents:
        start, end = analysis.original_span(ent.start_char, ent.end_char)
        entities.append(
            {"start": start, "end": end, "label": ent.label_, "text": text[start:end], "norm": ent._.norm}
        )
    sentences = []
    for sent in doc.sents:
        stripped = sent.text.strip()
        if not stripped:
            continue
        lead = len(sent.text) - len(sent.text.lstrip())
        start, end = analysis.original_span(sent.start_char + lead, sent.start_char + lead + len(stripped))
        triggers = []
        for trigger in sent._.triggers:
            t_start, t_end = analysis.original_span(trigger["start"], trigger["end"])
            triggers.append(
                {"start": t_start, "end": t_end, "text": text[t_start:t_end], "type": trigger["type"]}
            )
        sentences.append(
            {
                "start": start,
                "end": end,
                "types": list(sent._.types),
                "actors": list(sent._.actors),
                "triggers": triggers,
            }
        )
    return {
        "schema_version": SCHEMA_VERSION,
        "doc_id": document.doc_id,
        "source": document.source,
        "text": text,
        "title": document.title or title_of(text),
        "parties": list(doc._.parties),
        "entities": entities,
        "sentences": sentences,
        "relationship": relationship_of(analysis, doc),
    }
