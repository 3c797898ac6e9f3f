"""Gold records from the corpus JSONL, in the same shape as the extractor's records so scoring compares like with
like."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def read_corpus_document(path: Path) -> dict[str, Any]:
    """One ``corpus/documents/<doc_id>.jsonl`` file (one line per sentence) → a gold record."""
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not lines:
        raise ValueError(f"{path}: empty corpus document")
    parts: list[str] = []
    entities: list[dict[str, Any]] = []
    sentences: list[dict[str, Any]] = []
    for line in lines:
        meta = line["meta"]
        parts.append(meta.get("gap", ""))
        offset = meta["offset"]
        parts.append(line["text"])
        for (start, end, label), norm in zip(line["entities"], meta.get("norms", []), strict=True):
            entities.append(
                {
                    "start": offset + start,
                    "end": offset + end,
                    "label": label,
                    "text": line["text"][start:end],
                    "norm": norm,
                }
            )
        sentence = {
            "start": offset,
            "end": offset + len(line["text"]),
            "types": list(line["cats"]),
            "actors": list(meta.get("actors", [])),
        }
        if "recipients" in meta:  # statements annotated before recipients existed have none: not scored
            sentence["recipients"] = list(meta["recipients"])
        sentences.append(sentence)
    text = "".join(parts) + "\n"
    first = lines[0]["meta"]
    return {
        "doc_id": first["doc_id"],
        "source": str(path),
        "text": text,
        "title": None,
        "parties": list(first.get("parties", [])),
        "entities": entities,
        "sentences": sentences,
        "meta": {
            "script": first.get("script"),
            "synthetic": first.get("synthetic"),
            "kind": first.get("kind"),
            "date": first.get("date"),
            # only when annotated (`# relationship:`): a statement without it is not scored on its relationship
            **({"relationship": first["relationship"]} if "relationship" in first else {}),
        },
    }


def read_gold(paths: list[Path]) -> list[dict[str, Any]]:
    """Gold records for corpus files or folders of them."""
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.jsonl")) if path.is_dir() else [path])
    return [read_corpus_document(file) for file in files]


def read_split(split_file: Path, split: str, documents_dir: Path) -> list[dict[str, Any]]:
    """Gold records of one split (``train``/``dev``/``test``) of ``corpus/splits.json``."""
    splits = json.loads(split_file.read_text(encoding="utf-8"))
    return [read_corpus_document(documents_dir / f"{doc_id}.jsonl") for doc_id in splits[split]]
