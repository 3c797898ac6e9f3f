"""``communique evaluate``: run a pipeline and the baselines on gold corpus documents, score them, write the report.

The report is a dict (written as ``report.json``) from which the Markdown and the plots are drawn, so what people
read and what CI guards are the same numbers. Paths in it are relative to the repository where possible and no
clock time is written, so that regenerating it on unchanged inputs gives the same file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from communique.evaluation.acts import score_acts
from communique.evaluation.gold import read_corpus_document
from communique.evaluation.scoring import (
    BOOTSTRAP_SAMPLES,
    BOOTSTRAP_SEED,
    CONTEXT_CHARS,
    LABELS,
    NORMALISED,
    TYPES,
    Record,
    pair_records,
    score_entities,
    score_obligations,
    score_parties,
    score_relationship,
)
from communique.evaluation.strata import score_strata
from communique.evaluation.systems import System, baseline_systems, model_system, rules_system
from communique.language import DEFAULT_MODEL, REPO_ROOT, load_pipeline

SPLITS_FILE = REPO_ROOT / "corpus" / "splits.json"
DOCUMENTS_DIR = REPO_ROOT / "corpus" / "documents"
# the targets on the test split, shown next to the measured numbers
TARGETS = {
    "entity_micro_f1_strict": 0.93,
    "entity_label_f1_strict": {label: 0.90 for label in ("STATE", "ORG", "INITIATIVE", "DATE", "MONEY")},
    "normalisation_accuracy": {"DATE": 0.98, "MONEY": 0.98},
    "obligation_macro_f1": 0.93,
    "exact_set_accuracy": 0.88,
    "actor_accuracy": 0.95,
    "parties_accuracy": 1.0,
    "recipient_accuracy": 0.90,
}


class EvaluationError(Exception):
    """Bad input to the evaluation: the message is one line naming the file and the problem."""


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def resolve_gold(gold: str | None, split: str | None) -> tuple[str, list[Path]]:
    """The gold corpus files and a description: a JSONL file, a folder of them, or a split of corpus/splits.json
    (``--split test``, or ``--gold test`` when no such path exists)."""
    if gold and split:
        raise EvaluationError("give --gold or --split, not both")
    if gold and not Path(gold).exists() and gold in _split_names():
        gold, split = None, gold
    if split:
        names = _split_names()
        if split not in names:
            raise EvaluationError(f"{_relative(SPLITS_FILE)}: no split {split!r} (known: {', '.join(names)})")
        doc_ids = json.loads(SPLITS_FILE.read_text(encoding="utf-8"))[split]
        return f"split `{split}` of {_relative(SPLITS_FILE)}", [DOCUMENTS_DIR / f"{d}.jsonl" for d in doc_ids]
    if not gold:
        raise EvaluationError("no gold given: use --gold FILE-or-DIR or --split NAME")
    path = Path(gold)
    if path.is_dir():
        files = sorted(path.glob("*.jsonl"))
        if not files:
            raise EvaluationError(f"{gold}: no .jsonl corpus documents in this folder")
        return f"folder {_relative(path)}", files
    if path.is_file():
        return f"file {_relative(path)}", [path]
    raise EvaluationError(f"{gold}: no such file, folder or split")


def _split_names() -> list[str]:
    try:
        splits = json.loads(SPLITS_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [name for name, value in splits.items() if isinstance(value, list)]


def read_gold_files(files: list[Path]) -> list[Record]:
    """Gold records; a file that is missing or not a corpus document stops the run with a one-line reason."""
    records = []
    for file in files:
        try:
            records.append(read_corpus_document(file))
        except FileNotFoundError:
            raise EvaluationError(f"{file}: no such file") from None
        except UnicodeDecodeError:
            raise EvaluationError(f"{file}: not UTF-8 text") from None
        except json.JSONDecodeError as error:
            raise EvaluationError(f"{file}: not JSON lines (line {error.lineno}: {error.msg})") from None
        except (KeyError, TypeError, ValueError) as error:
            raise EvaluationError(
                f"{file}: not a corpus document ({type(error).__name__}: {error})"
            ) from None
    return records


def score_system(
    system: System, gold: list[Record], samples: int
) -> tuple[dict[str, Any], list[tuple[Record, Record]]]:
    """One system's scores on the gold (a skipped system keeps only its reason) and the (predicted, gold) pairs
    they were computed from, which the per-kind scores reuse (empty when skipped)."""
    entry: dict[str, Any] = {"description": system.description, "labels": list(system.labels)}
    if system.notes:
        entry["notes"] = system.notes
    if system.skipped or system.predict is None:
        entry["skipped"] = system.skipped
        return entry, []
    try:
        predicted = system.predict(gold)
    except Exception as error:  # noqa: BLE001 - a broken model or library must end in one line, not a traceback
        problem = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
        if system.name in ("model", "rules"):
            raise EvaluationError(f"{system.description}: failed on the gold texts ({problem})") from None
        entry["skipped"] = f"failed on the gold texts ({problem})"
        return entry, []
    pairs = pair_records(predicted, gold)
    entry["entities"] = score_entities(pairs, system.labels, samples)
    if system.scores_obligations:
        entry["obligations"] = score_obligations(pairs, samples)
        entry["parties"] = score_parties(pairs, samples)
        entry["relationship"] = score_relationship(pairs, samples)
    return entry, pairs


def evaluate(
    gold_files: list[Path],
    gold_description: str,
    model: Path | None = None,
    samples: int = BOOTSTRAP_SAMPLES,
    baselines: bool = True,
) -> dict[str, Any]:
    """The full report for one model on the gold files."""
    gold = read_gold_files(gold_files)
    model_path = Path(model) if model else DEFAULT_MODEL
    if not model_path.is_dir():
        raise EvaluationError(f"{model_path}: no saved pipeline here")
    try:
        nlp = load_pipeline(model_path)
    except (OSError, ValueError) as error:
        raise EvaluationError(f"{model_path}: cannot load the pipeline ({error})") from None
    try:
        systems = [model_system(nlp, _relative(model_path)), rules_system(nlp)]
    except ValueError as error:  # a pipeline the extractor cannot use (no script lexicons)
        raise EvaluationError(f"{model_path}: cannot run the pipeline ({error})") from None
    if baselines:
        systems.extend(baseline_systems())
    scored: dict[str, Any] = {}
    model_pairs: list[tuple[Record, Record]] = []
    for system in systems:
        if system.name == "rules" and system.predict is None:
            scored["rules"] = {**scored["model"], "description": system.description, "notes": system.notes}
            continue
        scored[system.name], pairs = score_system(system, gold, samples)
        if system.name == "model":
            model_pairs = pairs
    model_scores = scored["model"]
    sealed = _sealed_ids()
    strata = score_strata(model_pairs, sealed, samples)
    acts = score_acts(model_pairs, samples=samples)
    if acts:
        acts["by_sealed"] = {
            name: score_acts(
                [pair for pair in model_pairs if (pair[1]["doc_id"] in sealed) == flag], samples=samples
            )
            for name, flag in (("sealed", True), ("not sealed", False))
        }
    return {
        "gold": {
            "source": gold_description,
            "documents": [g["doc_id"] for g in gold],
            "sentences": sum(len(g["sentences"]) for g in gold),
            "entities": {
                label: sum(e["label"] == label for g in gold for e in g["entities"]) for label in LABELS
            },
        },
        "model": {"path": _relative(model_path), "pipes": list(nlp.pipe_names)},
        "method": {
            "bootstrap": {
                "unit": "sentence",
                "samples": samples,
                "seed": BOOTSTRAP_SEED,
                "interval": "95% percentile",
            },
            "strict": "same start, end and label",
            "partial": "overlapping span and same label",
            "normalisation": f"exact match of the norm on strictly correct {', '.join(NORMALISED)} entities",
            "obligation_unit": "gold sentence; a predicted sentence counts when its span is the same",
            "context_chars": CONTEXT_CHARS,
        },
        "summary": summary_of(model_scores),
        "by_kind": strata,
        "acts": acts,
        "targets": TARGETS,
        "systems": {name: _without_errors(entry) for name, entry in scored.items()},
        "errors": {
            "entities": model_scores["entities"]["errors"],
            "normalisation": model_scores["entities"]["normalisation_errors"],
            "obligations": model_scores["obligations"]["errors"],
            "parties": model_scores["parties"]["errors"],
            "relationship": model_scores["relationship"]["errors"],
        },
    }


def summary_of(system: dict[str, Any]) -> dict[str, Any]:
    """The headline numbers the CI guard compares."""
    entities = system["entities"]
    obligations = system["obligations"]
    return {
        "entity_micro_f1_strict": entities["strict"]["micro"]["f1"],
        "entity_micro_f1_partial": entities["partial"]["micro"]["f1"],
        "entity_label_f1_strict": {label: entities["strict"][label]["f1"] for label in LABELS},
        "normalisation_accuracy": {
            label: entities["normalisation"][label]["accuracy"] for label in NORMALISED
        },
        "obligation_macro_f1": obligations["macro_f1"],
        "obligation_micro_f1": obligations["micro_f1"],
        "obligation_exact_set_accuracy": obligations["exact_set_accuracy"],
        "obligation_actor_accuracy": obligations["actor_accuracy"],
        "parties_accuracy": system["parties"]["accuracy"],
        "relationship_designation_accuracy": system["relationship"]["designation_accuracy"],
        "relationship_action_accuracy": system["relationship"]["action_accuracy"],
    }


def _without_errors(entry: dict[str, Any]) -> dict[str, Any]:
    """A system's scores without its error lists (the model's go to the report's ``errors``)."""
    entry = dict(entry)
    if "entities" in entry:
        entry["entities"] = {
            k: v for k, v in entry["entities"].items() if k not in ("errors", "normalisation_errors")
        }
    if "obligations" in entry:
        entry["obligations"] = {k: v for k, v in entry["obligations"].items() if k != "errors"}
    for key in ("parties", "relationship"):
        if key in entry:
            entry[key] = {k: v for k, v in entry[key].items() if k != "errors"}
    return entry


def _sealed_ids() -> set[str]:
    """Statements sealed in the test split (``sealed`` in corpus/splits.json): scored, never used to write rules."""
    try:
        return set(json.loads(SPLITS_FILE.read_text(encoding="utf-8")).get("sealed", []))
    except (OSError, ValueError):
        return set()


def write_report(report: dict[str, Any], out_dir: Path) -> list[Path]:
    """``report.json``, ``report.md`` and the PNG plots into ``out_dir``; the paths written."""
    from communique.evaluation.markdown import render_markdown
    from communique.evaluation.plots import plot_confusion, plot_label_f1

    out_dir.mkdir(parents=True, exist_ok=True)
    json_path = out_dir / "report.json"
    json_path.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    f1_png = plot_label_f1(report, out_dir / "report-entity-f1.png")
    confusion_png = plot_confusion(report, out_dir / "report-obligation-confusion.png")
    md_path = out_dir / "report.md"
    md_path.write_text(render_markdown(report, f1_png.name, confusion_png.name), encoding="utf-8")
    return [md_path, json_path, f1_png, confusion_png]


__all__ = ["TYPES", "EvaluationError", "evaluate", "resolve_gold", "summary_of", "write_report"]
