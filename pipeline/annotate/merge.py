"""Merge pulled doccano examples into ``corpus/documents`` as a three-way merge per sentence.

For each sentence there are three versions: what push suggested (``meta.pushed``, the common ancestor), what the
corpus holds now (local) and what doccano holds now (remote). Only the annotation is compared: the entity triples
and the set of obligation types.

- remote equals local: nothing to do;
- remote equals pushed: nobody touched it in doccano, the local annotation stays;
- local equals pushed: only doccano changed it, the remote annotation is taken;
- all three differ: a conflict; the local annotation stays unless ``force`` is given.

A document that is not in the corpus yet is written whole from its pulled sentences. A pulled sentence whose
offset or text does not match a local sentence cannot be merged line by line and is reported.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from communique.annotate.environment import AnnotateError
from communique.annotate.examples import BOOKKEEPING, canonical_types
from communique.labels import NORMALISED_LABELS

Annotation = tuple[tuple[tuple[int, int, str], ...], tuple[str, ...]]


@dataclass
class MergeReport:
    changed: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    unmerged: list[str] = field(default_factory=list)
    new_documents: list[str] = field(default_factory=list)
    missing_norms: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def annotation(item: dict[str, Any]) -> Annotation:
    entities = tuple(sorted((int(s), int(e), str(label)) for s, e, label in item["entities"]))
    return entities, tuple(canonical_types(item["cats"]))


def describe(text: str, before: Annotation, after: Annotation) -> str:
    """What changed in one sentence, for people: added/removed entities with their text, added/removed types."""
    parts = []
    removed = [e for e in before[0] if e not in after[0]]
    added = [e for e in after[0] if e not in before[0]]
    if removed:
        parts.append("- " + ", ".join(f"{text[s:e]}/{label}@{s}" for s, e, label in removed))
    if added:
        parts.append("+ " + ", ".join(f"{text[s:e]}/{label}@{s}" for s, e, label in added))
    lost = [t for t in before[1] if t not in after[1]]
    gained = [t for t in after[1] if t not in before[1]]
    if lost:
        parts.append("types - " + ",".join(lost))
    if gained:
        parts.append("types + " + ",".join(gained))
    return "; ".join(parts) or "no change"


NormResolver = Callable[[str, str, list[str]], Any]


def resolve_norms(line: dict[str, Any], known: list[dict[str, Any]], resolver: NormResolver) -> list[str]:
    """Set ``meta.norms`` for the line's entities: reuse a known value for the same span and label, else ask the
    resolver; return the entities that still lack a required value."""
    lookup: dict[tuple[int, int, str], Any] = {}
    for source in known:
        for entity, norm in zip(source["entities"], source["meta"].get("norms", []), strict=False):
            lookup.setdefault(tuple(entity), norm)
    norms, missing = [], []
    for start, end, label in line["entities"]:
        key = (start, end, label)
        norm = lookup[key] if key in lookup else None
        if norm is None and label in NORMALISED_LABELS:
            norm = resolver(label, line["text"][start:end], line["meta"].get("parties", []))
            if norm is None:
                missing.append(f"{line['text'][start:end]}/{label}@{start}")
        norms.append(norm if label in NORMALISED_LABELS else None)
    line["meta"]["norms"] = norms
    return missing


def pushed_source(item: dict[str, Any]) -> list[dict[str, Any]]:
    """The pushed annotation with its norms, as a source of known values for ``resolve_norms``."""
    pushed = item["meta"].get("pushed")
    return [{"entities": pushed["entities"], "meta": item["meta"]}] if pushed else []


def corpus_line(item: dict[str, Any], local_meta: dict[str, Any] | None) -> dict[str, Any]:
    """A corpus line from a pulled example: its annotation, the local meta (actors, gap...) where known."""
    meta = dict(local_meta) if local_meta is not None else dict(item["meta"])
    for key in BOOKKEEPING:
        meta.pop(key, None)
    entities = [list(e) for e in annotation(item)[0]]
    return {"text": item["text"], "entities": entities, "cats": list(annotation(item)[1]), "meta": meta}


def read_lines(path: Path) -> list[dict[str, Any]]:
    lines = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            lines.append(json.loads(line))
        except json.JSONDecodeError as error:
            raise AnnotateError(f"{path}:{number}: not a JSON line ({error.msg})") from None
    return lines


def write_lines(path: Path, lines: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for line in lines:
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")


def merge_document(
    doc_id: str,
    pulled: list[dict[str, Any]],
    documents_dir: Path,
    force: bool,
    resolver: NormResolver,
    report: MergeReport,
) -> None:
    path = documents_dir / f"{doc_id}.jsonl"
    pulled = sorted(pulled, key=lambda item: item["meta"]["offset"])
    if not path.exists():
        expected = pulled[0]["meta"].get("sentences_in_document")
        if [item["meta"].get("sentence") for item in pulled] != list(range(expected or 0)):
            report.unmerged.append(
                f"{doc_id}: new document, but doccano holds {len(pulled)} of its {expected} sentences; not written"
            )
            return
        lines = []
        for item in pulled:
            line = corpus_line(item, None)
            report.missing_norms += [
                f"{doc_id} @{line['meta']['offset']}: {m}"
                for m in resolve_norms(line, pushed_source(item), resolver)
            ]
            lines.append(line)
        documents_dir.mkdir(parents=True, exist_ok=True)
        write_lines(path, lines)
        report.new_documents.append(f"{doc_id}: {len(lines)} sentences")
        report.written.append(path)
        return
    lines = read_lines(path)
    by_offset = {line["meta"]["offset"]: index for index, line in enumerate(lines)}
    touched = False
    for item in pulled:
        offset = item["meta"]["offset"]
        where = f"{doc_id} s{item['meta'].get('sentence', '?')} @{offset}"
        remote = annotation(item)
        pushed = annotation(item["meta"]["pushed"]) if "pushed" in item["meta"] else None
        index = by_offset.get(offset)
        if index is None or lines[index]["text"] != item["text"]:
            if remote != pushed:
                report.unmerged.append(f"{where}: the corpus has no sentence with this offset and text")
            continue
        local_line = lines[index]
        local = annotation(local_line)
        if remote == local or remote == pushed:
            continue
        if local != pushed and not force:
            report.conflicts.append(
                f"{where}: local and doccano both differ from what was pushed; doccano: "
                f"{describe(item['text'], local, remote)}"
            )
            continue
        line = corpus_line(item, local_line["meta"])
        missing = resolve_norms(line, [local_line, *pushed_source(item)], resolver)
        report.missing_norms += [f"{where}: {m}" for m in missing]
        lines[index] = line
        forced = " (forced over a local change)" if local != pushed else ""
        report.changed.append(f"{where}: {describe(item['text'], local, remote)}{forced}")
        touched = True
    if touched:
        write_lines(path, lines)
        report.written.append(path)


def merge_into_corpus(
    examples: list[dict[str, Any]], documents_dir: Path, force: bool, resolver: NormResolver
) -> MergeReport:
    """Merge pulled examples, grouped by document, into the corpus folder."""
    report = MergeReport()
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in examples:
        grouped[str(item["meta"]["doc_id"])].append(item)
    for doc_id, items in sorted(grouped.items()):
        merge_document(doc_id, items, documents_dir, force, resolver, report)
    return report
