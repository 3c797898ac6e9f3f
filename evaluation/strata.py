"""Scores per kind of statement: bilateral or multilateral, before or after 2000, simplified or traditional
script, sealed or not.

An overall score hides the kinds a corpus has few of, and those are where real statements differ from ours; so the
report gives each kind its own line, with intervals, from the same scorers as the overall numbers.
"""

from __future__ import annotations

import re
from typing import Any

from communique.evaluation.scoring import Record, score_entities, score_obligations, score_parties
from communique.labels import GROUP_IDS

_DATE_IN_ID = re.compile(r"(\d{4})-\d{2}-\d{2}$")


def statement_year(gold: Record) -> int | None:
    """The statement's year: the ``date`` header of its markup, else the date its doc_id ends in."""
    date = (gold.get("meta") or {}).get("date") or ""
    match = re.match(r"(\d{4})", date) or _DATE_IN_ID.search(gold["doc_id"])
    return int(match[1]) if match else None


def kinds_of(gold: Record, sealed: set[str]) -> dict[str, str]:
    """The strata one gold statement belongs to, one value per dimension."""
    parties = gold.get("parties") or []
    multilateral = len(parties) > 2 or any(p in GROUP_IDS for p in parties)
    year = statement_year(gold)
    return {
        "parties": "multilateral" if multilateral else "bilateral",
        "era": "unknown" if year is None else ("before 2000" if year < 2000 else "2000 and after"),
        "script": (gold.get("meta") or {}).get("script") or "simplified",
        "sealed": "sealed" if gold["doc_id"] in sealed else "not sealed",
    }


def score_strata(pairs: list[tuple[Record, Record]], sealed: set[str], samples: int) -> list[dict[str, Any]]:
    """One row per (dimension, value) present in the gold: documents, sentences, entity micro-F1 (strict),
    obligation macro-F1, exact type-set, actor and parties accuracy, each with its 95% bootstrap interval."""
    groups: dict[tuple[str, str], list[tuple[Record, Record]]] = {}
    for pair in pairs:
        for dimension, value in kinds_of(pair[1], sealed).items():
            groups.setdefault((dimension, value), []).append(pair)
    rows = []
    order = {dimension: index for index, dimension in enumerate(("parties", "era", "script", "sealed"))}
    for (dimension, value), members in sorted(
        groups.items(), key=lambda item: (order[item[0][0]], item[0][1])
    ):
        entities = score_entities(members, samples=samples)["strict"]["micro"]
        obligations = score_obligations(members, samples)
        parties = score_parties(members, samples)
        rows.append(
            {
                "dimension": dimension,
                "value": value,
                "documents": len(members),
                "sentences": obligations["sentences"],
                "entity_micro_f1_strict": entities["f1"],
                "entity_micro_f1_ci95": entities.get("f1_ci95"),
                "obligation_macro_f1": obligations["macro_f1"],
                "obligation_macro_f1_ci95": obligations["macro_f1_ci95"],
                "exact_set_accuracy": obligations["exact_set_accuracy"],
                "exact_set_accuracy_ci95": obligations["exact_set_accuracy_ci95"],
                "actor_accuracy": obligations["actor_accuracy"],
                "actor_accuracy_ci95": obligations["actor_accuracy_ci95"],
                "parties_accuracy": parties["accuracy"],
                "recipient_accuracy": obligations["recipient_accuracy"],
                "recipient_accuracy_ci95": obligations["recipient_accuracy_ci95"],
            }
        )
    return rows
