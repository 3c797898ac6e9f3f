"""spaCy scorers of the custom components: the same score functions as ``communique evaluate``.

Each scorer turns its ``Example``s into the pair the project's evaluation compares, a predicted record (built from
``example.predicted`` by ``communique.record.build_record``, the one place a Doc becomes a record) and a gold
record (``example.reference.user_data["communique_gold"]``, written by ``training/convert.py`` into the document
DocBins), and calls ``communique.evaluation.scoring``: one definition of each score, whether it is reached through
``spacy evaluate``, ``spacy train`` or ``communique evaluate``. Examples without gold (the sentence DocBins the NER
trains on) are passed over, so the scorers return nothing for them.

Score names follow spaCy's: ``cats_score`` is the obligation typer's macro F (``spacy evaluate`` prints it in its
results table as TEXTCAT, with ``cats_score_desc``) and ``cats_f_per_type`` its per-type P/R/F (printed as a table);
every score is in ``spacy evaluate --per-component --output scores.json``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from communique.evaluation.scoring import score_entities, score_obligations, score_parties, score_relationship
from communique.labels import NORMALISED_LABELS
from communique.reader import SourceDocument
from communique.record import build_record
from communique.script import AnalysisText
from spacy import registry
from spacy.training import Example

GOLD_KEY = "communique_gold"

Pair = tuple[dict[str, Any], dict[str, Any]]


def record_pairs(examples: Iterable[Example]) -> list[Pair]:
    """(predicted record, gold record) for every example whose reference carries a gold record."""
    pairs = []
    for example in examples:
        gold = example.reference.user_data.get(GOLD_KEY)
        if not gold:
            continue
        doc = example.predicted
        gold = {**gold, "text": example.reference.text}
        document = SourceDocument(gold["doc_id"], "<spacy>", doc.text)
        # the Doc's text is already the analysed (simplified) text: it is its own original
        pairs.append((build_record(document, AnalysisText(doc.text, doc.text, None), doc), gold))
    return pairs


def obligation_scores(examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
    """Obligation types P/R/F per type and macro/micro F, exact type-set, actor and recipient accuracy."""
    pairs = record_pairs(examples)
    if not pairs:
        return {}
    result = score_obligations(pairs, samples=0)
    return {
        "cats_score": result["macro_f1"],
        "cats_score_desc": "obligation macro F",
        "cats_f_per_type": {
            t: {"p": s["precision"], "r": s["recall"], "f": s["f1"]} for t, s in result["per_type"].items()
        },
        "obligation_macro_f": result["macro_f1"],
        "obligation_micro_f": result["micro_f1"],
        "obligation_exact_set_acc": result["exact_set_accuracy"],
        "obligation_actor_acc": result["actor_accuracy"],
        "obligation_recipient_acc": result["recipient_accuracy"],
    }


def party_scores(examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
    """Documents whose issuing parties are exactly the gold set."""
    pairs = record_pairs(examples)
    return {"parties_acc": score_parties(pairs, samples=0)["accuracy"]} if pairs else {}


def normalisation_scores(examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
    """Accuracy of the normalised value, per label, on the entities found with the gold span and label."""
    pairs = record_pairs(examples)
    if not pairs:
        return {}
    normalisation = score_entities(pairs, samples=0)["normalisation"]
    scores: dict[str, Any] = {
        f"norm_{label.lower()}_acc": normalisation[label]["accuracy"] for label in NORMALISED_LABELS
    }
    checks = [normalisation[label] for label in NORMALISED_LABELS]
    total = sum(c["total"] for c in checks)
    scores["norm_acc"] = sum(c["correct"] for c in checks) / total if total else None
    return scores


def relationship_scores(examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
    """Designation accuracy and action accuracy (where the designation is right), on the documents whose gold carries
    the ``# relationship:`` header; nothing when none does."""
    result = score_relationship(record_pairs(examples), samples=0)
    if not result["documents"]:
        return {}
    return {
        "relationship_designation_acc": result["designation_accuracy"],
        "relationship_action_acc": result["action_accuracy"],
    }


@registry.scorers("communique.obligation_scorer.v1")
def make_obligation_scorer() -> Callable[..., dict[str, Any]]:
    return obligation_scores


@registry.scorers("communique.party_scorer.v1")
def make_party_scorer() -> Callable[..., dict[str, Any]]:
    return party_scores


@registry.scorers("communique.normalisation_scorer.v1")
def make_normalisation_scorer() -> Callable[..., dict[str, Any]]:
    return normalisation_scores


@registry.scorers("communique.relationship_scorer.v1")
def make_relationship_scorer() -> Callable[..., dict[str, Any]]:
    return relationship_scores
