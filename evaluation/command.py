"""What ``communique evaluate`` does, kept out of ``cli.py`` so the command's registration stays a few lines."""

from __future__ import annotations

from pathlib import Path

import typer
from communique.evaluation.guard import GuardError, check, describe, read_summary


def run_evaluate(
    gold: str | None,
    split: str | None,
    model: Path | None,
    out: Path,
    guard: Path | None,
    samples: int,
    baselines: bool,
    progress: bool | None = None,
) -> int:
    """Evaluate, write the report into ``out``, and guard it against a committed report; the exit status.
    ``progress`` (default: stderr is a terminal) shows a bar with total and time left on each pass over the gold."""
    import sys

    from communique.evaluation.evaluate import EvaluationError, evaluate, resolve_gold, write_report
    from communique.evaluation.systems import SHOW_PROGRESS
    from communique.writers import OutputError, make_folder

    SHOW_PROGRESS["enabled"] = sys.stderr.isatty() if progress is None else progress
    if SHOW_PROGRESS["enabled"]:
        typer.echo("communique evaluate: loading the pipeline and the gold …", err=True)

    try:
        committed = read_summary(guard) if guard else None  # read first: --out may overwrite it
        description, files = resolve_gold(gold, split)
        make_folder(out)  # before the minutes of scoring, not after
        report = evaluate(files, description, model=model, samples=samples, baselines=baselines)
    except (EvaluationError, GuardError) as error:
        typer.echo(f"communique evaluate: {error}", err=True)
        return 2
    except OutputError as error:
        typer.echo(f"communique evaluate: {error}", err=True)
        return 2
    written = write_report(report, out)
    summary = report["summary"]
    typer.echo(
        f"entity micro-F1 strict {summary['entity_micro_f1_strict']:.4f}, "
        f"obligation macro-F1 {summary['obligation_macro_f1']:.4f}; wrote {', '.join(str(p) for p in written)}"
    )
    if committed is None:
        return 0
    failures = check(summary, committed)
    if failures:
        for failure in failures:
            typer.echo(f"communique evaluate: guard failed against {guard}: {failure}", err=True)
        return 1
    typer.echo(f"guard passed against {guard}: {describe(summary, committed)}")
    return 0
