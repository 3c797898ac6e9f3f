"""The CI guard: a fresh report must not fall more than a tolerance below the committed one.

Compared: entity micro-F1 (strict) and obligation macro-F1, the two headline numbers of the issue. Only drops fail;
a better fresh report passes (commit it to raise the bar).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

TOLERANCE = 0.02
GUARDED = {
    "entity_micro_f1_strict": "entity micro-F1 (strict)",
    "obligation_macro_f1": "obligation macro-F1",
}


class GuardError(Exception):
    """The committed report cannot be read: one line naming the file and the problem."""


def read_summary(path: Path) -> dict[str, Any]:
    """The ``summary`` of a report.json, with a one-line error when it is missing or malformed."""
    try:
        report = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GuardError(f"{path}: no such report") from None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise GuardError(f"{path}: not a JSON report ({error})") from None
    summary = report.get("summary") if isinstance(report, dict) else None
    if not isinstance(summary, dict) or any(not isinstance(summary.get(key), int | float) for key in GUARDED):
        raise GuardError(f"{path}: no summary with {', '.join(GUARDED)}")
    return summary


def check(fresh: dict[str, Any], committed: dict[str, Any], tolerance: float = TOLERANCE) -> list[str]:
    """One line per guarded number of ``fresh`` more than ``tolerance`` below ``committed`` (empty: passed)."""
    failures = []
    for key, name in GUARDED.items():
        if fresh[key] < committed[key] - tolerance:
            failures.append(
                f"{name} fell to {fresh[key]:.4f} from the committed {committed[key]:.4f} "
                f"(more than {tolerance:.2f} below)"
            )
    return failures


def describe(fresh: dict[str, Any], committed: dict[str, Any]) -> str:
    """One line with both reports' guarded numbers, for the CI log."""
    return "; ".join(
        f"{name}: {fresh[key]:.4f} (committed {committed[key]:.4f})" for key, name in GUARDED.items()
    )
