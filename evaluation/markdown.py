"""The report for people: Markdown tables drawn from the report dict, the plots linked, every error listed."""

from __future__ import annotations

import json
from typing import Any

from communique.evaluation.scoring import LABELS, NORMALISED, TYPES

DASH = "–"


def _num(value: float | None) -> str:
    return DASH if value is None else f"{value:.3f}"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _f1_ci(score: dict[str, Any]) -> str:
    interval = score.get("f1_ci95")
    if not interval:
        return _num(score["f1"])
    return f"{score['f1']:.3f} [{interval[0]:.2f}, {interval[1]:.2f}]"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ").replace("*", "\\*")


def _table(header: list[str], rows: list[list[str]], align: str = "r") -> list[str]:
    rule = "--:" if align == "r" else "---"
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] + [rule] * (len(header) - 1)) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def _scored(report: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(name, entry) for name, entry in report["systems"].items() if "entities" in entry]


def _summary(report: dict[str, Any]) -> list[str]:
    summary, targets = report["summary"], report["targets"]
    model = report["systems"]["model"]
    rows = [
        [
            "entity micro-F1, strict",
            _f1_ci(model["entities"]["strict"]["micro"]),
            f"≥ {targets['entity_micro_f1_strict']:.2f}",
        ]
    ]
    for label, target in targets["entity_label_f1_strict"].items():
        rows.append([f"{label} F1, strict", _f1_ci(model["entities"]["strict"][label]), f"≥ {target:.2f}"])
    for label, target in targets["normalisation_accuracy"].items():
        norm = model["entities"]["normalisation"][label]
        rows.append(
            [
                f"{label} normalisation accuracy",
                f"{_num(norm['accuracy'])} ({norm['correct']}/{norm['total']})",
                f"≥ {target:.2f}",
            ]
        )
    macro_ci = model["obligations"].get("macro_f1_ci95")
    macro = _num(summary["obligation_macro_f1"])
    if macro_ci:
        macro += f" [{macro_ci[0]:.2f}, {macro_ci[1]:.2f}]"
    rows.append(["obligation macro-F1", macro, f"≥ {targets['obligation_macro_f1']:.2f}"])
    obligations = model["obligations"]
    for key, name in (
        ("exact_set_accuracy", "exact type-set accuracy"),
        ("actor_accuracy", "actor accuracy"),
    ):
        rows.append(
            [name, _with_ci(obligations.get(key), obligations.get(f"{key}_ci95")), _target(targets, key)]
        )
    if obligations.get("recipient_sentences"):
        rows.append(
            [
                f"recipient accuracy ({obligations['recipient_sentences']} annotated sentences)",
                _with_ci(obligations.get("recipient_accuracy"), obligations.get("recipient_accuracy_ci95")),
                _target(targets, "recipient_accuracy"),
            ]
        )
    if "parties" in model:
        parties = model["parties"]
        rows.append(
            [
                f"parties exactly right ({parties['documents']} statements)",
                _with_ci(parties["accuracy"], parties.get("accuracy_ci95")),
                _target(targets, "parties_accuracy"),
            ]
        )
    rows += _relationship_rows(model.get("relationship"))
    return ["## Summary (the model)", "", *_table(["measure", "measured [95% CI]", "target"], rows), ""]


def _relationship_rows(relationship: dict[str, Any] | None) -> list[list[str]]:
    """Designation and action accuracy, with the number of statements each is counted on (only the statements
    annotated with a ``# relationship:`` header are)."""
    if not relationship:
        return []
    if not relationship["documents"]:
        return [["relationship designation accuracy (no statement annotated)", DASH, ""]]
    return [
        [
            f"relationship designation accuracy ({relationship['documents']} statements)",
            _with_ci(relationship["designation_accuracy"], relationship.get("designation_accuracy_ci95")),
            "",
        ],
        [
            f"relationship action accuracy ({relationship['action_documents']} statements with the designation right)",
            _with_ci(relationship["action_accuracy"], relationship.get("action_accuracy_ci95")),
            "",
        ],
    ]


def _with_ci(value: float | None, interval: list[float] | None) -> str:
    text = _num(value)
    if value is not None and interval:
        text += f" [{interval[0]:.2f}, {interval[1]:.2f}]"
    return text


def _target(targets: dict[str, Any], key: str) -> str:
    return f"≥ {targets[key]:.2f}" if key in targets else ""


def _by_kind(report: dict[str, Any]) -> list[str]:
    """One line per kind of statement, so that a kind the corpus has few of is not hidden by the overall score."""
    rows = [
        [
            f"{row['dimension']}: {row['value']}",
            str(row["documents"]),
            str(row["sentences"]),
            _with_ci(row["entity_micro_f1_strict"], row["entity_micro_f1_ci95"]),
            _with_ci(row["obligation_macro_f1"], row["obligation_macro_f1_ci95"]),
            _with_ci(row["exact_set_accuracy"], row["exact_set_accuracy_ci95"]),
            _with_ci(row["actor_accuracy"], row["actor_accuracy_ci95"]),
            _with_ci(row.get("recipient_accuracy"), row.get("recipient_accuracy_ci95")),
            _num(row["parties_accuracy"]),
        ]
        for row in report.get("by_kind", [])
    ]
    if not rows:
        return []
    header = [
        "kind",
        "docs",
        "sentences",
        "entity micro-F1",
        "obligation macro-F1",
        "type-set acc.",
        "actor acc.",
        "recipient acc.",
        "parties",
    ]
    return ["## By kind of statement (the model)", "", *_table(header, rows), ""]


def _comparison(report: dict[str, Any], mode: str) -> list[str]:
    systems = _scored(report)
    header = ["label", "gold", *[name for name, _ in systems]]
    rows = []
    for label in (*LABELS, "micro"):
        row = [
            label if label != "micro" else "**micro**",
            str(report["gold"]["entities"].get(label, sum(report["gold"]["entities"].values()))),
        ]
        for _, entry in systems:
            if label != "micro" and label not in entry["labels"]:
                row.append(DASH)
            else:
                row.append(_f1_ci(entry["entities"][mode][label]))
        rows.append(row)
    lines = [f"### F1, {mode}", "", *_table(header, rows), ""]
    if mode == "strict":
        lines.insert(2, "Each baseline's micro is over the labels it covers only (the others are –).\n")
    return lines


def _detail(entry: dict[str, Any], labels: list[str]) -> list[str]:
    rows = []
    for label in (*[lab for lab in LABELS if lab in labels], "micro"):
        strict, partial = entry["entities"]["strict"][label], entry["entities"]["partial"][label]
        rows.append(
            [
                label,
                str(strict["support"]),
                str(strict["tp"]),
                str(strict["fp"]),
                str(strict["fn"]),
                _num(strict["precision"]),
                _num(strict["recall"]),
                _f1_ci(strict),
                _num(partial["precision"]),
                _num(partial["recall"]),
                _f1_ci(partial),
            ]
        )
    header = [
        "label",
        "gold",
        "tp",
        "fp",
        "fn",
        "P strict",
        "R strict",
        "F1 strict [CI]",
        "P partial",
        "R partial",
        "F1 partial [CI]",
    ]
    return _table(header, rows)


def _normalisation(report: dict[str, Any]) -> list[str]:
    systems = _scored(report)
    rows = []
    for label in NORMALISED:
        row = [label]
        for _, entry in systems:
            norm = entry["entities"]["normalisation"][label]
            row.append(
                DASH
                if label not in entry["labels"] or not norm["total"]
                else f"{_num(norm['accuracy'])} ({norm['correct']}/{norm['total']})"
            )
        rows.append(row)
    return [
        "## Normalisation",
        "",
        "Exact match of the normalised value (ISO code, `{start, end, grain}`, `{amount, currency}`) on the entities "
        "each system found strictly correctly.",
        "",
        *_table(["label", *[name for name, _ in systems]], rows),
        "",
    ]


def _obligations(report: dict[str, Any], confusion_png: str) -> list[str]:
    systems = [(name, entry) for name, entry in report["systems"].items() if "obligations" in entry]
    header = ["type"]
    for name, _ in systems:
        header += [f"{name} P", f"{name} R", f"{name} F1 [CI]"]
    rows = []
    for t in TYPES:
        row = [t]
        for _, entry in systems:
            score = entry["obligations"]["per_type"][t]
            row += [_num(score["precision"]), _num(score["recall"]), _f1_ci(score)]
        rows.append(row)
    overall = []
    for name, entry in systems:
        o = entry["obligations"]
        macro = _num(o["macro_f1"])
        if o.get("macro_f1_ci95"):
            macro += f" [{o['macro_f1_ci95'][0]:.2f}, {o['macro_f1_ci95'][1]:.2f}]"
        overall.append(
            [
                name,
                _f1_ci(o["micro"]),
                macro,
                _num(o["exact_set_accuracy"]),
                _num(o["actor_accuracy"]),
                str(o["sentences"]),
            ]
        )
    names = (*TYPES, "NONE")
    confusion = report["systems"]["model"]["obligations"]["confusion"]
    matrix = [[g, *[str(confusion.get(g, {}).get(p, 0) or "·") for p in names]] for g in names]
    return [
        "## Obligations",
        "",
        "Unit: gold sentence; a predicted sentence counts when it has the same span. Actor accuracy: the predicted "
        "actor set equals the gold set, on sentences with a gold type.",
        "",
        *_table(header, rows),
        "",
        *_table(
            ["system", "micro-F1 [CI]", "macro-F1 [CI]", "exact-set accuracy", "actor accuracy", "sentences"],
            overall,
        ),
        "",
        "### Confusion matrix (the model)",
        "",
        "Rows gold, columns predicted, counted per sentence in multi-label fashion: a type on both sides adds one on "
        "the diagonal; each missed gold type is paired with each wrongly predicted type of the same sentence (or with "
        "NONE when nothing wrong was predicted); a wrongly predicted type with nothing missed goes in the NONE row; "
        "an untyped sentence predicted untyped is NONE×NONE.",
        "",
        *_table(["gold \\ predicted", *names], matrix),
        "",
        f"![obligation confusion matrix]({confusion_png})",
        "",
    ]


def _party_errors(report: dict[str, Any]) -> list[str]:
    errors = report["errors"].get("parties") or []
    if not errors:
        return []
    rows = [[e["doc_id"], " ".join(e["gold"]), " ".join(e["predicted"])] for e in errors]
    return ["### Parties wrong", "", *_table(["statement", "gold", "predicted"], rows, align="l"), ""]


def _relationship_errors(report: dict[str, Any]) -> list[str]:
    errors = report["errors"].get("relationship") or []
    if not errors:
        return []

    def shown(value: dict[str, Any]) -> str:
        return f"{value['designation']} | {value['action']}" if value["designation"] else "none"

    rows = [[e["doc_id"], _cell(shown(e["gold"])), _cell(shown(e["predicted"]))] for e in errors]
    return ["### Relationship wrong", "", *_table(["statement", "gold", "predicted"], rows, align="l"), ""]


def _errors(report: dict[str, Any]) -> list[str]:
    errors = report["errors"]
    width = report["method"]["context_chars"]
    lines = [
        "## Errors of the model",
        "",
        f"Every strict false positive (FP) and false negative (FN), with {width} characters of context on each side; "
        "the entity is in [brackets]. A boundary error shows as one FP and one FN.",
        "",
    ]
    by_label: dict[str, list[dict[str, Any]]] = {}
    for error in errors["entities"]:
        by_label.setdefault(error["label"], []).append(error)
    for label in LABELS:
        items = sorted(by_label.get(label, []), key=lambda e: (e["doc_id"], e["start"], e["kind"]))
        if not items:
            continue
        lines += [
            f"### {label} ({sum(e['kind'] == 'FP' for e in items)} FP, {sum(e['kind'] == 'FN' for e in items)} FN)",
            "",
        ]
        rows = [
            [e["kind"], e["doc_id"], str(e["start"]), _cell(e["text"]), _cell(e["context"])] for e in items
        ]
        lines += [*_table(["kind", "document", "offset", "text", "context"], rows, align="l"), ""]
    if errors["normalisation"]:
        lines += ["### Normalisation errors", ""]
        rows = [
            [e["label"], e["doc_id"], _cell(e["text"]), _cell(_json(e["predicted"])), _cell(_json(e["gold"]))]
            for e in errors["normalisation"]
        ]
        lines += [*_table(["label", "document", "text", "predicted", "gold"], rows, align="l"), ""]
    if errors["obligations"]:
        lines += [f"### Obligation errors ({len(errors['obligations'])} sentences)", ""]
        rows = [
            [
                e["doc_id"],
                str(e["start"]),
                ", ".join(e["gold"]) or DASH,
                ", ".join(e["predicted"]) or DASH,
                ", ".join(e["gold_actors"]) or DASH,
                ", ".join(e["predicted_actors"]) or DASH,
                _cell(e["text"]),
            ]
            for e in errors["obligations"]
        ]
        lines += [
            *_table(
                ["document", "offset", "gold", "predicted", "gold actors", "predicted actors", "sentence"],
                rows,
                align="l",
            ),
            "",
        ]
    return lines


def _acts(report: dict[str, Any]) -> list[str]:
    """Act-level scores against the hand-coded acts (evaluation/acts.py), when the gold has act files."""
    acts = report.get("acts")
    if not acts:
        return []
    names = {
        "attachment": "amount or date attached to the right act (MONEY and DATE entities of coded sentences)",
        "category": "PLOVER category right (gold acts; an act the record lacks is wrong)",
        "context": "main context among the act's contexts (matched acts)",
        "found": "gold act found in the record (trigger overlaps the gold predicate)",
    }
    # the targets are on the sealed statements: their own column, beside the rest of the sample
    parts = [("all", acts), *((name, part) for name, part in (acts.get("by_sealed") or {}).items() if part)]
    rows = [
        [
            text,
            *(
                f"{_with_ci(part[key]['accuracy'], part[key]['interval'])} ({part[key]['n']})"
                for _, part in parts
            ),
        ]
        for key, text in names.items()
    ]
    header = ["measure", *(f"{name}: {part['documents']} statements (units)" for name, part in parts)]
    return [
        f"## Acts (hand-coded sample of {acts['documents']} statements, corpus/acts/)",
        "",
        *_table(header, rows),
        "",
    ]


def render_markdown(report: dict[str, Any], f1_png: str, confusion_png: str) -> str:
    gold, model, method = report["gold"], report["model"], report["method"]
    boot = method["bootstrap"]
    lines = [
        "# Evaluation report",
        "",
        f"Generated by `communique evaluate`; do not edit by hand. Gold: {gold['source']} — {len(gold['documents'])} "
        f"documents ({', '.join(gold['documents'])}), {gold['sentences']} sentences, "
        f"{sum(gold['entities'].values())} entities. Model: `{model['path']}` (pipes: {', '.join(model['pipes'])}).",
        "",
        f"Confidence intervals: {boot['interval']} bootstrap over **{boot['unit']}s**, {boot['samples']} resamples, "
        f"seed {boot['seed']}. Strict: {method['strict']}; partial: {method['partial']}.",
        "",
        *_summary(report),
        *_by_kind(report),
        *_acts(report),
        "## Systems",
        "",
    ]
    for name, entry in report["systems"].items():
        text = f"- **{name}**: {entry['description']}"
        if entry.get("skipped"):
            text += f" — *skipped: {entry['skipped']}*"
        for note in entry.get("notes", []):
            text += f" ({note})"
        lines.append(text)
    lines += ["", "## Entities", "", *_comparison(report, "strict"), *_comparison(report, "partial")]
    lines += [
        f"![strict F1 per label]({f1_png})",
        "",
        "### The model in detail",
        "",
        *_detail(report["systems"]["model"], list(LABELS)),
        "",
    ]
    lines += _normalisation(report)
    lines += _obligations(report, confusion_png)
    lines += _errors(report)
    lines += _party_errors(report)
    lines += _relationship_errors(report)
    return "\n".join(lines).rstrip() + "\n"
