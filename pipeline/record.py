"""The record: what one analysed document becomes (the contract in docs/schema.md).

All offsets are code points into ``text``, the document as the user gave it after decoding and HTML reduction, in
its original script: spans found on the analysed (simplified) text are mapped back through ``AnalysisText``.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from communique.acts import ATTACHED
from communique.dating import statement_date_entity
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


ACT_ENTITY_KEYS = tuple(ATTACHED.values())

# the genre, as the title names it; the longest first (建交联合公报 before 联合公报)
_KINDS = (
    "建交联合公报",
    "联合新闻公报",
    "联合公报",
    "联合宣言",
    "联合声明",
    "行动计划",
    "新闻公报",
    "宣言",
    "声明",
    "公报",
)


def kind_of(title: str | None) -> str | None:
    """The statement's kind from its (simplified) title: 联合声明, 联合公报, 建交联合公报, 宣言 …"""
    if not title:
        return None
    for kind in _KINDS:
        if kind in title:
            return kind
    return None


def statement_date(analysis: AnalysisText, doc: Doc) -> dict[str, Any] | None:
    """The statement's own date (``dating.statement_date_entity``), with the text it came from."""
    chosen = statement_date_entity(doc.ents, analysis.text)
    if chosen is None:
        return None
    start, end = analysis.original_span(chosen.start_char, chosen.end_char)
    day = chosen._.norm.get("end")
    return {
        "start": day,
        "end": day,
        "grain": chosen._.norm.get("grain"),
        "evidence": {"start": start, "end": end, "text": analysis.original[start:end]},
    }


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


def acts_of(
    analysis: AnalysisText, acts: list[dict[str, Any]], norms: dict[int, Any]
) -> list[dict[str, Any]]:
    """The sentence's acts (``pipeline/acts.py``) with every offset mapped back to the original text, each span
    with its text and each attached entity with its ``norm`` (``norms``: Doc offset -> norm)."""
    text = analysis.original

    def span(start: int, end: int, extra: dict[str, Any] | None = None) -> dict[str, Any]:
        o_start, o_end = analysis.original_span(start, end)
        return {"start": o_start, "end": o_end, "text": text[o_start:o_end], **(extra or {})}

    found = []
    for act in acts:
        subject = act.get("subject")
        found.append(
            {
                "type": act["type"],
                "trigger": span(act["trigger"]["start"], act["trigger"]["end"]),
                "inherited": act["inherited"],
                "subject": span(*subject) if subject else None,
                "actors": list(act["actors"]),
                "recipients": list(act["recipients"]),
                "object": span(act["object"]["start"], act["object"]["end"]) if act["object"] else None,
                **{
                    key: [
                        span(
                            e["start"],
                            e["end"],
                            {"norm": norms.get(e["start"]), **({"role": e["role"]} if "role" in e else {})},
                        )
                        for e in act[key]
                    ]
                    for key in ACT_ENTITY_KEYS
                },
                "contexts": list(act["contexts"]),
            }
        )
    return found


def build_record(document: SourceDocument, analysis: AnalysisText, doc: Doc) -> dict[str, Any]:
    """The record of ``document``: ``doc`` is the analysis of ``analysis.text`` (its text), mapped back to the
    original text."""
    text = analysis.original
    entities = []
    ents = doc.ents  # rebuilt from the token annotations on every access
    norms = {ent.start_char: ent._.norm for ent in ents}
    for ent in ents:
        start, end = analysis.original_span(ent.start_char, ent.end_char)
        entities.append(
            {"start": start, "end": end, "label": ent.label_, "text": text[start:end], "norm": ent._.norm}
        )
    sentences = []
    for sent in doc.sents:
        # the sentence's text from the analysed text (``Span.text`` joins its tokens on every access)
        sent_text = analysis.text[sent.start_char : sent.end_char]
        stripped = sent_text.strip()
        if not stripped:
            continue
        lead = len(sent_text) - len(sent_text.lstrip())
        start, end = analysis.original_span(sent.start_char + lead, sent.start_char + lead + len(stripped))
        triggers = []
        for trigger in sent._.triggers:
            t_start, t_end = analysis.original_span(trigger["start"], trigger["end"])
            triggers.append(
                {"start": t_start, "end": t_end, "text": text[t_start:t_end], "type": trigger["type"]}
            )
        sentence = {
            "start": start,
            "end": end,
            "types": list(sent._.types),
            "actors": list(sent._.actors),
            "recipients": list(sent._.recipients),
            "triggers": triggers,
            "acts": acts_of(analysis, sent._.acts, norms),
        }
        if document.page_starts or document.meta.get("format") == "pdf":
            # the page the sentence begins on (PDF input)
            sentence["page"] = bisect_right(document.page_starts, start) + 1
        sentences.append(sentence)
    title = document.title or title_of(text)
    return {
        "schema_version": SCHEMA_VERSION,
        "doc_id": document.doc_id,
        "source": document.source,
        "text": text,
        "title": title,
        "kind": kind_of(title_of(analysis.text)) or kind_of(title),
        "date": statement_date(analysis, doc),
        "parties": list(doc._.parties),
        "entities": entities,
        "sentences": sentences,
        "relationship": relationship_of(analysis, doc),
        "source_meta": dict(document.meta),
    }
