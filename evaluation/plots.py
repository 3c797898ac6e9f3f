"""PNG plots of a report: strict entity F1 per label for every system, and the model's obligation confusion matrix.

Agg backend (no display in CI); PNG metadata without the matplotlib version so that an unchanged report gives the
same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
from communique.evaluation.scoring import LABELS, TYPES  # noqa: E402

PNG_METADATA = {"Software": None}


def plot_label_f1(report: dict[str, Any], path: Path) -> Path:
    """Grouped bars: one group per entity label, one bar per scored system that covers the label."""
    systems = [
        (name, entry) for name, entry in report["systems"].items() if "entities" in entry and name != "rules"
    ] + [
        (name, entry) for name, entry in report["systems"].items() if name == "rules" and "entities" in entry
    ]
    # "rules" identical to the model adds nothing to the picture
    systems = [(n, e) for n, e in systems if not (n == "rules" and e.get("notes"))]
    width = 0.8 / max(1, len(systems))
    figure, axes = plt.subplots(figsize=(10, 4.5))
    for index, (name, entry) in enumerate(systems):
        strict = entry["entities"]["strict"]
        xs, heights, lows, highs = [], [], [], []
        for position, label in enumerate(LABELS):
            if label not in entry["labels"]:
                continue
            score = strict[label]
            xs.append(position + (index - (len(systems) - 1) / 2) * width)
            heights.append(score["f1"])
            interval = score.get("f1_ci95", [score["f1"], score["f1"]])
            lows.append(score["f1"] - interval[0])
            highs.append(interval[1] - score["f1"])
        axes.bar(xs, heights, width, yerr=[lows, highs], capsize=2, label=name)
    axes.set_xticks(range(len(LABELS)), LABELS)
    axes.set_ylim(0, 1.05)
    axes.set_ylabel("strict F1 (95% bootstrap CI)")
    axes.set_title("Entity F1 per label, " + report["gold"]["source"].replace("`", ""))
    axes.legend(loc="lower left", fontsize="small")
    axes.grid(axis="y", alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, dpi=100, metadata=PNG_METADATA)
    plt.close(figure)
    return path


def plot_confusion(report: dict[str, Any], path: Path) -> Path:
    """Heat map of the model's multi-label obligation confusion matrix (gold rows, predicted columns)."""
    names = (*TYPES, "NONE")
    confusion = report["systems"]["model"]["obligations"]["confusion"]
    matrix = [[confusion.get(g, {}).get(p, 0) for p in names] for g in names]
    figure, axes = plt.subplots(figsize=(7, 6))
    image = axes.imshow(matrix, cmap="Blues")
    peak = max(max(row) for row in matrix) or 1
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            if value:
                colour = "white" if value > peak / 2 else "black"
                axes.text(j, i, str(value), ha="center", va="center", color=colour, fontsize=9)
    axes.set_xticks(range(len(names)), names, rotation=45, ha="right")
    axes.set_yticks(range(len(names)), names)
    axes.set_xlabel("predicted")
    axes.set_ylabel("gold")
    axes.set_title("Obligation types: multi-label confusion (sentences)")
    figure.colorbar(image, ax=axes, fraction=0.046)
    figure.tight_layout()
    figure.savefig(path, dpi=100, metadata=PNG_METADATA)
    plt.close(figure)
    return path
