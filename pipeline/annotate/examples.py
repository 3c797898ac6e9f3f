"""Pipeline records → doccano examples in the corpus shape, ordered least sure first.

One example per sentence, exactly like a line of ``corpus/documents/<doc_id>.jsonl`` (``text``, ``entities`` as
sentence-relative [start, end, label], ``cats``, ``meta`` with doc_id, sentence, offset, gap, actors, norms), so
that a pulled example can replace a corpus line as it is. ``meta.pushed`` keeps what the pipeline suggested: it
is the common ancestor for the three-way merge on pull. ``meta.uncertainty`` is the score the order comes from.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import sklearn
from communique.evaluation.gold import read_corpus_document, read_split
from communique.script import to_analysis_text
from communique.training import obligation_baseline
from communique.training.markup import LABELS, NORMALISED_LABELS, TYPES
from communique.training.obligation_baseline import ObligationBaseline, load_baseline, uncertainty

BOOKKEEPING = ("pushed", "uncertainty", "sentences_in_document")
DOCUMENT_FIELDS = ("kind", "date", "relationship")


def corpus_norm(label: str, norm: Any) -> Any:
    """The corpus keeps normalised values only for STATE, DATE and MONEY (the pipeline adds KB ids for others)."""
    return norm if label in NORMALISED_LABELS else None


def canonical_types(types: Iterable[str]) -> list[str]:
    chosen = set(types)
    return [t for t in TYPES if t in chosen]


def record_examples(
    record: dict[str, Any], corpus_meta: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """One corpus-shaped example per sentence of an extractor record."""
    text = record["text"]
    known = corpus_meta or {}
    script = known.get("script") or ("traditional" if to_analysis_text(text).text != text else "simplified")
    examples = []
    previous_end = 0
    for index, sentence in enumerate(record["sentences"]):
        start, end = sentence["start"], sentence["end"]
        inside = [e for e in record["entities"] if start <= e["start"] and e["end"] <= end]
        entities = [[e["start"] - start, e["end"] - start, e["label"]] for e in inside]
        cats = canonical_types(sentence["types"])
        meta: dict[str, Any] = {
            "doc_id": record["doc_id"],
            "sentence": index,
            "offset": start,
            "gap": text[previous_end:start],
            "actors": list(sentence["actors"]),
            "norms": [corpus_norm(e["label"], e["norm"]) for e in inside],
            "parties": list(known.get("parties") or record["parties"]),
            "script": script,
        }
        if cats:  # recipients belong to typed sentences (docs/annotation-guidelines.md, "Recipients")
            meta["recipients"] = list(sentence.get("recipients", []))
        # the statement's own fields, as the corpus keeps them on every line
        for key in ("synthetic", *DOCUMENT_FIELDS):
            if key in known:
                meta[key] = known[key]
        meta["pushed"] = {"entities": entities, "cats": cats}
        # lets pull tell a complete new document from one whose examples were partly deleted in doccano
        meta["sentences_in_document"] = len(record["sentences"])
        examples.append({"text": text[start:end], "entities": entities, "cats": cats, "meta": meta})
        previous_end = end
    return examples


def train_baseline(documents_dir: Path, splits: Path, cache_dir: Path | None = None) -> ObligationBaseline:
    """The calibrated TF-IDF obligation classifier, fitted on the train split only (the example stays unseen).

    Fitting the calibrated model takes most of a minute on a busy machine, so the fitted model is cached under
    ``cache_dir``, keyed on the training sentences and the classifier's source: any change refits it.
    """
    records = read_split(splits, "train", documents_dir)
    texts = [r["text"][s["start"] : s["end"]] for r in records for s in r["sentences"]]
    types = [s["types"] for r in records for s in r["sentences"]]
    key = hashlib.sha256(
        json.dumps([texts, types, sklearn.__version__], ensure_ascii=False).encode("utf-8")
        + Path(obligation_baseline.__file__).read_bytes()
    ).hexdigest()[:16]
    cached = cache_dir / f"obligation-baseline-{key}.joblib" if cache_dir else None
    if cached is not None and is_private(cached):
        return load_baseline(cached)
    baseline = ObligationBaseline().fit(texts, types)
    if cached is not None:
        cached.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if is_private(cached.parent):
            partial = cached.with_suffix(f".{os.getpid()}.tmp")
            baseline.save(partial)
            partial.chmod(0o600)
            partial.replace(cached)  # atomic: a concurrent push never reads half a file
    return baseline


def baseline_cache_dir() -> Path:
    """The user's own cache (``$XDG_CACHE_HOME/communique``, else ``~/.cache/communique``), never the working
    directory: a joblib file is a pickle, and loading one runs whatever code it holds, so a file planted in a
    checkout (``.doccano/cache/*.joblib``) must never be loaded."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "communique"


def is_private(path: Path) -> bool:
    """Loadable as code: ``path`` and its folder belong to this user and nobody else can write them."""
    try:
        for item in (path, path.parent):
            info = item.lstat()
            if info.st_uid != os.geteuid() or info.st_mode & 0o022:
                return False
        return path.is_file() and not path.is_symlink() and not (path.parent.lstat().st_mode & 0o077)
    except OSError:
        return False


def order_least_sure_first(
    examples: Sequence[dict[str, Any]], baseline: ObligationBaseline
) -> list[dict[str, Any]]:
    """Sort by the baseline's uncertainty (highest first; ties keep document order) and record the score."""
    if not examples:
        return []
    scores = uncertainty(baseline.predict_proba([e["text"] for e in examples]))
    for example, score in zip(examples, scores, strict=True):
        example["meta"]["uncertainty"] = round(float(score), 4)
    return sorted(examples, key=lambda e: -e["meta"]["uncertainty"])


def corpus_meta_of(documents_dir: Path, doc_id: str) -> dict[str, Any] | None:
    """What the corpus already knows about a document (script, synthetic, parties), if it is there."""
    path = documents_dir / f"{doc_id}.jsonl"
    if not path.exists():
        return None
    record = read_corpus_document(path)
    return {"parties": record["parties"], **{k: v for k, v in record["meta"].items() if v is not None}}


SPAN_LABELS = list(LABELS)
CATEGORY_LABELS = list(TYPES)
