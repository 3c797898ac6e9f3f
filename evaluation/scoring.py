"""Scores of records against gold records: entities (strict and partial), normalised values, obligation types.

Documents are paired by ``doc_id``. Entity counts are kept per sentence so that confidence intervals can be drawn by
bootstrap over sentences (a test split has few documents but hundreds of sentences).
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from typing import Any

from communique.labels import ENTITY_LABELS as LABELS
from communique.labels import NORMALISED_LABELS as NORMALISED
from communique.labels import OBLIGATION_TYPES as TYPES

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


def _context(text: str, start: int, end: int, width: int = 15) -> str:
    return f"{text[max(0, start - width) : start]}[{text[start:end]}]{text[end : end + width]}".replace(
        "\n", " "
    )


def _overlaps(a: Record, b: Record) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"] and a["label"] == b["label"]


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
                        "text": entity["text"],
                        "context": _context(text, key[0], key[1]),
                    }
                )
            if not any(_overlaps(entity, p) for p in pred):
                counts["partial"][("fn", key[2])] += 1
        units.extend(doc_units)
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


def bootstrap_f1(
    units: list[dict[str, Counter]], mode: str, labels: tuple[str, ...], samples: int = 1000, seed: int = 0
) -> dict[str, tuple[float, float]]:
    """95% percentile intervals of F1 per label and micro, resampling sentences with replacement."""
    rng = random.Random(seed)
    draws: dict[str, list[float]] = defaultdict(list)
    for _ in range(samples):
        sample = [units[rng.randrange(len(units))] for _ in units]
        for key, score in _totals(sample, mode, labels).items():
            draws[key].append(score["f1"])
    intervals = {}
    for key, values in draws.items():
        values.sort()
        intervals[key] = (
            values[int(0.025 * len(values))],
            values[min(len(values) - 1, int(0.975 * len(values)))],
        )
    return intervals


def score_entities(
    pairs: list[tuple[Record, Record]], labels: tuple[str, ...] = LABELS, samples: int = 1000
) -> dict[str, Any]:
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


def score_obligations(pairs: list[tuple[Record, Record]]) -> dict[str, Any]:
    """Per-type P/R/F1 over gold sentences (a predicted sentence counts when its span matches), micro and macro F1,
    exact-set accuracy, actor accuracy on typed gold sentences, and a gold×predicted type confusion matrix."""
    counts: Counter = Counter()
    exact = total = actor_ok = actor_total = 0
    confusion: dict[str, Counter] = {t: Counter() for t in (*TYPES, "NONE")}
    errors = []
    for predicted, gold in pairs:
        by_span = {(s["start"], s["end"]): s for s in predicted["sentences"]}
        for sentence in gold["sentences"]:
            guess = by_span.get((sentence["start"], sentence["end"]), {"types": [], "actors": []})
            gold_types, pred_types = set(sentence["types"]), set(guess["types"])
            total += 1
            exact += gold_types == pred_types
            for t in TYPES:
                if t in gold_types and t in pred_types:
                    counts[("tp", t)] += 1
                elif t in pred_types:
                    counts[("fp", t)] += 1
                elif t in gold_types:
                    counts[("fn", t)] += 1
            for g in gold_types or {"NONE"}:
                for p in pred_types or {"NONE"}:
                    confusion[g][p] += 1
            if gold_types:
                actor_total += 1
                actor_ok += set(sentence["actors"]) == set(guess["actors"])
            if gold_types != pred_types or (gold_types and set(sentence["actors"]) != set(guess["actors"])):
                errors.append(
                    {
                        "doc_id": gold["doc_id"],
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
    return {
        "per_type": per_type,
        "micro_f1": micro["f1"],
        "micro": micro,
        "macro_f1": macro,
        "exact_set_accuracy": exact / total if total else 0.0,
        "actor_accuracy": actor_ok / actor_total if actor_total else None,
        "sentences": total,
        "confusion": {g: dict(c) for g, c in confusion.items()},
        "errors": errors,
    }


def pair_records(predicted: list[Record], gold: list[Record]) -> list[tuple[Record, Record]]:
    by_id = {record["doc_id"]: record for record in predicted}
    missing = [g["doc_id"] for g in gold if g["doc_id"] not in by_id]
    if missing:
        raise ValueError(f"no prediction for gold documents: {', '.join(missing)}")
    return [(by_id[g["doc_id"]], g) for g in gold]
