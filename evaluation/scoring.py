"""Scores of records against gold records: entities (strict and partial), normalised values, obligation types,
parties and the relationship level.

Documents are paired by ``doc_id``. Counts are kept per gold sentence so that confidence intervals can be drawn by
bootstrap over sentences (a test split has few documents but hundreds of sentences, so resampling documents would
give intervals from four draws).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any

import numpy as np
from communique.labels import ENTITY_LABELS as LABELS
from communique.labels import NORMALISED_LABELS as NORMALISED
from communique.labels import OBLIGATION_TYPES as TYPES

# characters of text shown on each side of an error, so a person can see what to fix
CONTEXT_CHARS = 20
BOOTSTRAP_SAMPLES = 1000
BOOTSTRAP_SEED = 0

Record = dict[str, Any]


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "support": tp + fn,
    }


def _sentence_of(offset: int, sentences: list[tuple[int, int]]) -> int:
    for index, (start, end) in enumerate(sentences):
        if start <= offset < end:
            return index
    return -1


def _context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    return f"{text[max(0, start - width) : start]}[{text[start:end]}]{text[end : end + width]}".replace(
        "\n", " "
    )


def offsets_overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Whether the character ranges [a_start, a_end) and [b_start, b_end) share a character."""
    return a_start < b_end and b_start < a_end


def _overlaps(a: Record, b: Record) -> bool:
    """Same label, overlapping text: a partial match."""
    return a["label"] == b["label"] and offsets_overlap(a["start"], a["end"], b["start"], b["end"])


def entity_counts(
    pairs: list[tuple[Record, Record]], labels: tuple[str, ...] = LABELS
) -> tuple[list[dict[str, Counter]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Per gold sentence: Counters of strict/partial tp, fp, fn by label; the errors; the normalisation checks."""
    units: list[dict[str, Counter]] = []
    errors: list[dict[str, Any]] = []
    norm_checks: list[dict[str, Any]] = []
    for predicted, gold in pairs:
        text = gold["text"]
        bounds = [(s["start"], s["end"]) for s in gold["sentences"]] or [(0, len(text))]
        doc_units = [{"strict": Counter(), "partial": Counter()} for _ in bounds]
        extra = {"strict": Counter(), "partial": Counter()}
        pred = [e for e in predicted["entities"] if e["label"] in labels]
        gold_entities = [e for e in gold["entities"] if e["label"] in labels]
        gold_keys = {(e["start"], e["end"], e["label"]): e for e in gold_entities}
        pred_keys = {(e["start"], e["end"], e["label"]): e for e in pred}

        def unit(offset: int, bounds=bounds, doc_units=doc_units, extra=extra) -> dict[str, Counter]:
            index = _sentence_of(offset, bounds)
            return doc_units[index] if index >= 0 else extra

        for key, entity in pred_keys.items():
            counts = unit(entity["start"])
            if key in gold_keys:
                counts["strict"][("tp", key[2])] += 1
                if key[2] in NORMALISED:
                    norm_checks.append(
                        {
                            "doc_id": gold["doc_id"],
                            "label": key[2],
                            "text": entity["text"],
                            "predicted": entity.get("norm"),
                            "gold": gold_keys[key].get("norm"),
                            "correct": entity.get("norm") == gold_keys[key].get("norm"),
                        }
                    )
            else:
                counts["strict"][("fp", key[2])] += 1
                errors.append(
                    {
                        "doc_id": gold["doc_id"],
                        "kind": "FP",
                        "label": key[2],
                        "start": key[0],
                        "end": key[1],
                        "text": entity["text"],
                        "context": _context(text, key[0], key[1]),
                    }
                )
            partial_hit = any(_overlaps(entity, g) for g in gold_entities)
            counts["partial"][("tp" if partial_hit else "fp", key[2])] += 1
        for key, entity in gold_keys.items():
            counts = unit(entity["start"])
            if key not in pred_keys:
                counts["strict"][("fn", key[2])] += 1
                errors.append(
                    {
                        "doc_id": gold["doc_id"],
                        "kind": "FN",
                        "label": key[2],
                        "start": key[0],
                        "end": key[1],
                        "text": entity["text"],
                        "context": _context(text, key[0], key[1]),
                    }
                )
            if not any(_overlaps(entity, p) for p in pred):
                counts["partial"][("fn", key[2])] += 1
        units.extend(doc_units)
        if extra["strict"] or extra["partial"]:  # entities outside every gold sentence, if any
            units.append(extra)
    return units, errors, norm_checks


def _totals(
    units: list[dict[str, Counter]], mode: str, labels: tuple[str, ...]
) -> dict[str, dict[str, float]]:
    total: Counter = Counter()
    for unit in units:
        total.update(unit[mode])
    scores = {
        label: prf(total[("tp", label)], total[("fp", label)], total[("fn", label)]) for label in labels
    }
    scores["micro"] = prf(*(sum(total[(kind, label)] for label in labels) for kind in ("tp", "fp", "fn")))
    return scores


def _f1(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> np.ndarray:
    """F1 elementwise; NaN where a resample has nothing to score (no gold, no prediction), where F1 is undefined."""
    denominator = 2 * tp + fp + fn
    return np.divide(2 * tp, denominator, out=np.full(tp.shape, np.nan), where=denominator > 0)


def _percentile_interval(values: np.ndarray) -> tuple[float, float]:
    """The 2.5th and 97.5th percentile of the resampled F1s that are defined (0 to 0 when none is, matching
    ``prf``)."""
    ordered = np.sort(values[~np.isnan(values)])
    if not len(ordered):
        return (0.0, 0.0)
    return (
        float(ordered[int(0.025 * len(ordered))]),
        float(ordered[min(len(ordered) - 1, int(0.975 * len(ordered)))]),
    )


def _resampled_rows(count: int, samples: int, seed: int) -> np.ndarray:
    """Row indices of ``samples`` bootstrap resamples of ``count`` units, shape (samples, count): the one draw every
    interval of the report uses, so that all of them are seeded alike."""
    return np.random.default_rng(seed).integers(0, count, size=(samples, count))


def _resampled_intervals(
    matrix: np.ndarray, names: tuple[str, ...], samples: int, seed: int
) -> tuple[dict[str, tuple[float, float]], np.ndarray]:
    """Per-name and micro F1 intervals from per-unit counts laid out as (tp × names, fp × names, fn × names),
    resampling the units (rows) with replacement; also the resampled per-name F1s, shape (samples, names)."""
    totals = matrix[_resampled_rows(len(matrix), samples, seed)].sum(axis=1).reshape(samples, 3, len(names))
    tp, fp, fn = totals[:, 0, :], totals[:, 1, :], totals[:, 2, :]
    per_name = _f1(tp, fp, fn)
    intervals = {name: _percentile_interval(per_name[:, i]) for i, name in enumerate(names)}
    intervals["micro"] = _percentile_interval(_f1(tp.sum(axis=1), fp.sum(axis=1), fn.sum(axis=1)))
    return intervals, per_name


def bootstrap_f1(
    units: list[dict[str, Counter]],
    mode: str,
    labels: tuple[str, ...],
    samples: int = BOOTSTRAP_SAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> dict[str, tuple[float, float]]:
    """95% percentile intervals of F1 per label and micro, resampling sentences with replacement (seeded, so a
    report is reproducible)."""
    if not units:
        return {}
    kinds = ("tp", "fp", "fn")
    matrix = np.array([[unit[mode][(kind, label)] for kind in kinds for label in labels] for unit in units])
    intervals, _ = _resampled_intervals(matrix, labels, samples, seed)
    return intervals


def score_entities(
    pairs: list[tuple[Record, Record]], labels: tuple[str, ...] = LABELS, samples: int = BOOTSTRAP_SAMPLES
) -> dict[str, Any]:
    """Strict and partial P/R/F1 per label and micro (with bootstrap intervals when ``samples``), normalisation
    accuracy on the strictly correct entities, and every error."""
    units, errors, norm_checks = entity_counts(pairs, labels)
    result: dict[str, Any] = {"errors": errors}
    for mode in ("strict", "partial"):
        scores = _totals(units, mode, labels)
        intervals = bootstrap_f1(units, mode, labels, samples) if samples else {}
        for key, interval in intervals.items():
            scores[key]["f1_ci95"] = list(interval)
        result[mode] = scores
    normalisation = {}
    for label in NORMALISED:
        checks = [c for c in norm_checks if c["label"] == label]
        correct = sum(c["correct"] for c in checks)
        normalisation[label] = {
            "accuracy": correct / len(checks) if checks else None,
            "correct": correct,
            "total": len(checks),
        }
    result["normalisation"] = normalisation
    result["normalisation_errors"] = [c for c in norm_checks if not c["correct"]]
    return result


def _obligation_intervals(units: list[list[int]], samples: int, seed: int) -> dict[str, tuple[float, float]]:
    """95% intervals of per-type, micro and macro F1 from per-sentence (tp, fp, fn) × type counts."""
    if not units or not samples:
        return {}
    intervals, per_type = _resampled_intervals(np.array(units), TYPES, samples, seed)
    # macro as the point estimate counts it: an undefined type scores 0
    intervals["macro"] = _percentile_interval(np.nan_to_num(per_type, nan=0.0).mean(axis=1))
    return intervals


def _add_confusion(confusion: dict[str, Counter], gold_types: set[str], pred_types: set[str]) -> None:
    """One sentence into the gold × predicted matrix, multi-label style: each type both sides have adds one on the
    diagonal; each missed gold type is paired with each wrongly predicted type (or with NONE if nothing wrong was
    predicted); each wrongly predicted type with nothing missed goes in the NONE row; an untyped sentence predicted
    untyped adds one to NONE×NONE. So the diagonal is the true positives and off-diagonal cells show what a type
    was mistaken for, which a plain co-occurrence table hides under multi-type sentences."""
    for t in gold_types & pred_types:
        confusion[t][t] += 1
    missed, extra = gold_types - pred_types, pred_types - gold_types
    for g in missed:
        for p in extra or {"NONE"}:
            confusion[g][p] += 1
    if extra and not missed:
        for p in extra:
            confusion["NONE"][p] += 1
    if not gold_types and not pred_types:
        confusion["NONE"]["NONE"] += 1


def score_obligations(
    pairs: list[tuple[Record, Record]], samples: int = BOOTSTRAP_SAMPLES, seed: int = BOOTSTRAP_SEED
) -> dict[str, Any]:
    """Per-type P/R/F1 over gold sentences (a predicted sentence counts when its span matches), micro and macro F1
    with bootstrap intervals over sentences, exact-set accuracy, actor accuracy on typed gold sentences, and a
    multi-label confusion matrix (see ``_add_confusion``)."""
    counts: Counter = Counter()
    units: list[list[int]] = []
    exact = total = actor_ok = actor_total = 0
    exact_units: list[int] = []
    actor_units: list[int] = []
    recipient_units: list[int] = []
    confusion: dict[str, Counter] = {t: Counter() for t in (*TYPES, "NONE")}
    errors = []
    for predicted, gold in pairs:
        by_span = {(s["start"], s["end"]): s for s in predicted["sentences"]}
        for sentence in gold["sentences"]:
            guess = by_span.get((sentence["start"], sentence["end"]), {"types": [], "actors": []})
            gold_types, pred_types = set(sentence["types"]), set(guess["types"])
            total += 1
            exact += gold_types == pred_types
            exact_units.append(int(gold_types == pred_types))
            unit: Counter = Counter()
            for t in TYPES:
                if t in gold_types and t in pred_types:
                    unit[("tp", t)] += 1
                elif t in pred_types:
                    unit[("fp", t)] += 1
                elif t in gold_types:
                    unit[("fn", t)] += 1
            counts.update(unit)
            units.append([unit[(kind, t)] for kind in ("tp", "fp", "fn") for t in TYPES])
            _add_confusion(confusion, gold_types, pred_types)
            if gold_types:
                actor_total += 1
                actor_ok += set(sentence["actors"]) == set(guess["actors"])
                actor_units.append(int(set(sentence["actors"]) == set(guess["actors"])))
                if "recipients" in sentence:
                    recipient_units.append(
                        int(set(sentence["recipients"]) == set(guess.get("recipients") or []))
                    )
            if gold_types != pred_types or (gold_types and set(sentence["actors"]) != set(guess["actors"])):
                errors.append(
                    {
                        "doc_id": gold["doc_id"],
                        "start": sentence["start"],
                        "end": sentence["end"],
                        "text": gold["text"][sentence["start"] : sentence["end"]],
                        "gold": sorted(gold_types),
                        "predicted": sorted(pred_types),
                        "gold_actors": sentence["actors"],
                        "predicted_actors": guess["actors"],
                    }
                )
    per_type = {t: prf(counts[("tp", t)], counts[("fp", t)], counts[("fn", t)]) for t in TYPES}
    micro = prf(*(sum(counts[(kind, t)] for t in TYPES) for kind in ("tp", "fp", "fn")))
    macro = sum(per_type[t]["f1"] for t in TYPES) / len(TYPES)
    intervals = _obligation_intervals(units, samples, seed)
    for t in TYPES:
        if t in intervals:
            per_type[t]["f1_ci95"] = list(intervals[t])
    if "micro" in intervals:
        micro["f1_ci95"] = list(intervals["micro"])
    return {
        "per_type": per_type,
        "micro_f1": micro["f1"],
        "micro": micro,
        "macro_f1": macro,
        "macro_f1_ci95": list(intervals["macro"]) if "macro" in intervals else None,
        "exact_set_accuracy": exact / total if total else 0.0,
        "exact_set_accuracy_ci95": accuracy_interval(exact_units, samples, seed),
        "actor_accuracy": actor_ok / actor_total if actor_total else None,
        "actor_accuracy_ci95": accuracy_interval(actor_units, samples, seed),
        "recipient_accuracy": sum(recipient_units) / len(recipient_units) if recipient_units else None,
        "recipient_accuracy_ci95": accuracy_interval(recipient_units, samples, seed),
        "recipient_sentences": len(recipient_units),
        "sentences": total,
        "confusion": {g: {p: c[p] for p in (*TYPES, "NONE") if c[p]} for g, c in confusion.items()},
        "errors": errors,
    }


def accuracy_interval(outcomes: list[int], samples: int, seed: int = BOOTSTRAP_SEED) -> list[float] | None:
    """95% percentile interval of the mean of 0/1 outcomes (one per sentence or per document), by bootstrap."""
    if not outcomes or not samples:
        return None
    values = np.array(outcomes, dtype=float)
    means = values[_resampled_rows(len(values), samples, seed)].mean(axis=1)
    return list(_percentile_interval(means))


def score_parties(pairs: list[tuple[Record, Record]], samples: int = BOOTSTRAP_SAMPLES) -> dict[str, Any]:
    """Documents whose predicted ``parties`` equal the gold set exactly (order ignored), and the misses."""
    outcomes = [int(set(p.get("parties") or []) == set(g.get("parties") or [])) for p, g in pairs]
    errors = [
        {
            "doc_id": g["doc_id"],
            "gold": sorted(g.get("parties") or []),
            "predicted": sorted(p.get("parties") or []),
        }
        for (p, g), ok in zip(pairs, outcomes, strict=True)
        if not ok
    ]
    return {
        "accuracy": sum(outcomes) / len(outcomes) if outcomes else None,
        "accuracy_ci95": accuracy_interval(outcomes, samples),
        "documents": len(outcomes),
        "errors": errors,
    }


def simplified_designation(relationship: dict[str, Any] | None) -> str | None:
    """A relationship's designation in simplified script (as the pipeline analyses text), None for none."""
    from communique.script import to_analysis_text

    designation = (relationship or {}).get("designation")
    return to_analysis_text(designation).text if designation else None


@lru_cache(maxsize=1)
def _designation_forms() -> list[tuple[re.Pattern[str], str]]:
    """Every designation form of the knowledge base (``kb/relationships.jsonl``) as a pattern anchored at the end,
    with its canonical name; longest form first."""
    import srsly
    from communique.components.relationship import DEFAULT_RELATIONSHIPS, form_pattern

    forms = [
        (form, entry["canonical"])
        for entry in srsly.read_jsonl(DEFAULT_RELATIONSHIPS)
        for form in entry["forms"]
    ]
    forms.sort(key=lambda pair: len(pair[0]), reverse=True)
    return [(re.compile("(?:" + form_pattern(form) + ")$"), canonical) for form, canonical in forms]


def designation_level(relationship: dict[str, Any] | None) -> str | None:
    """The designation's level: the canonical name of the longest known form the designation ends with. Gold
    designations are written as the text has them, qualifiers included (真诚互助、世代友好的战略合作伙伴关系 is the
    level 战略合作伙伴关系); a designation no form ends with is its own level."""
    designation = simplified_designation(relationship)
    if designation is None:
        return None
    if relationship and relationship.get("canonical"):
        return relationship["canonical"]
    for pattern, canonical in _designation_forms():
        if pattern.search(designation):
            return canonical
    return designation


def score_relationship(
    pairs: list[tuple[Record, Record]], samples: int = BOOTSTRAP_SAMPLES
) -> dict[str, Any]:
    """The relationship level, on the statements whose gold carries one (``meta.relationship``, the markup's
    ``# relationship:`` header; the others are not annotated and not counted).

    Designation accuracy: the predicted designation is at the gold one's level (``designation_level``: the
    canonical name of the knowledge-base form it ends with, in simplified script); a gold ``none`` is right only when
    nothing is predicted. Action accuracy: the predicted action equals the
    gold one, on the statements whose gold names a designation and whose designation is right (a ``none`` that is
    right has no action to get wrong, and an action on the wrong designation says nothing)."""
    designation_outcomes: list[int] = []
    action_outcomes: list[int] = []
    errors = []
    for predicted, gold in pairs:
        meta = gold.get("meta") or {}
        if "relationship" not in meta:
            continue
        expected, found = meta["relationship"] or {}, predicted.get("relationship") or {}
        designation_right = designation_level(expected) == designation_level(found)
        designation_outcomes.append(int(designation_right))
        action_right = None
        if designation_right and expected.get("designation"):
            action_right = expected.get("action") == found.get("action")
            action_outcomes.append(int(action_right))
        if not designation_right or action_right is False:
            errors.append(
                {
                    "doc_id": gold["doc_id"],
                    "gold": {key: expected.get(key) for key in ("designation", "action")},
                    "predicted": {key: found.get(key) for key in ("designation", "action")},
                }
            )
    return {
        "designation_accuracy": sum(designation_outcomes) / len(designation_outcomes)
        if designation_outcomes
        else None,
        "designation_accuracy_ci95": accuracy_interval(designation_outcomes, samples),
        "documents": len(designation_outcomes),
        "action_accuracy": sum(action_outcomes) / len(action_outcomes) if action_outcomes else None,
        "action_accuracy_ci95": accuracy_interval(action_outcomes, samples),
        "action_documents": len(action_outcomes),
        "errors": errors,
    }


def pair_records(predicted: list[Record], gold: list[Record]) -> list[tuple[Record, Record]]:
    by_id = {record["doc_id"]: record for record in predicted}
    missing = [g["doc_id"] for g in gold if g["doc_id"] not in by_id]
    if missing:
        raise ValueError(f"no prediction for gold documents: {', '.join(missing)}")
    return [(by_id[g["doc_id"]], g) for g in gold]
