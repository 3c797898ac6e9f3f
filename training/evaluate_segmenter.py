"""Evaluate a pkuseg segmentation model, loaded through spaCy, with word-level P/R/F1.

F1 is the standard span-based segmentation score: a predicted word counts as correct iff its
character span (start, end) is also a gold word span. Test sets: (a) the held-out UD part defined
in ``training/train_segmenter.py`` (GSDSimp test + every 10th PUD sentence) and (b) any number of
``.seg.txt`` files (one sentence per line, words separated by spaces).

Each model is scored under several user-dictionary settings, because pkuseg's dictionaries change
the output: ``none`` (no pre-/post-processing), ``default`` (pkuseg's bundled dictionary merges
known words after the model has segmented) and any plain-text user dictionary file (one word per
line; its words are forced as tokens, and the default dictionary is applied as well).

Usage::

    python training/evaluate_segmenter.py --model models/segmenter --ud ../shared/data \
        corpus/segmentation/example-statement.seg.txt --user-dict default --user-dict none
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_segmenter import load_ud_split, read_seg_file  # noqa: E402

app = typer.Typer(add_completion=False, help=__doc__)


@dataclass
class Score:
    """Counts for span-based word segmentation scoring."""

    gold: int = 0
    pred: int = 0
    correct: int = 0
    sentences: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def spans(words: Iterable[str]) -> set[tuple[int, int]]:
    """Character spans of words, ignoring whitespace so tokenizer space tokens do not count."""
    out: set[tuple[int, int]] = set()
    pos = 0
    for w in words:
        w = "".join(w.split())
        if not w:
            continue
        out.add((pos, pos + len(w)))
        pos += len(w)
    return out


def score_sentences(segment: Callable[[str], list[str]], gold_sentences: Iterable[list[str]]) -> Score:
    """Segment the unspaced text of each gold sentence and accumulate span matches."""
    score = Score()
    for gold in gold_sentences:
        text = "".join(gold)
        pred = segment(text)
        if "".join("".join(pred).split()) != text:
            raise ValueError(f"segmenter changed the characters of {text!r}")
        g, p = spans(gold), spans(pred)
        score.gold += len(g)
        score.pred += len(p)
        score.correct += len(g & p)
        score.sentences += 1
    return score


def load_segmenter(model: Path, user_dict: str = "default") -> Callable[[str], list[str]]:
    """Load the model through spaCy's zh tokenizer, as the pipeline does.

    ``user_dict``: ``"default"``, ``"none"`` or a path to a one-word-per-line file.
    """
    import spacy
    import spacy_pkuseg

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "pkuseg"}}})
    init_dict = "default" if user_dict == "none" else user_dict
    nlp.tokenizer.initialize(pkuseg_model=str(model), pkuseg_user_dict=init_dict)
    if user_dict == "none":  # spaCy cannot express "no dictionary": switch both processors off
        nlp.tokenizer.pkuseg_seg.preprocesser = spacy_pkuseg.Preprocesser(None)
        nlp.tokenizer.pkuseg_seg.postprocesser.do_process = False

    def segment(text: str) -> list[str]:
        return [t.text for t in nlp.make_doc(text)]

    return segment


def ud_heldout(ud_dir: Path) -> list[list[str]]:
    """The held-out UD sentences (never trained on)."""
    return load_ud_split([ud_dir])[1]


def render_table(rows: list[tuple[str, str, str, Score]]) -> str:
    """Markdown table of scores."""
    lines = [
        "| model | user dict | test set | sentences | gold words | P | R | F1 |",
        "|---|---|---|---:|---:|---:|---:|---:|",
    ]
    for model, udict, name, s in rows:
        lines.append(
            f"| {model} | {udict} | {name} | {s.sentences} | {s.gold} | "
            f"{s.precision:.4f} | {s.recall:.4f} | {s.f1:.4f} |"
        )
    return "\n".join(lines) + "\n"


@app.command()
def main(
    seg_files: Annotated[list[Path] | None, typer.Argument(help="Gold .seg.txt files to score")] = None,
    model: Annotated[list[Path] | None, typer.Option("--model", "-m", help="Model dir(s)")] = None,
    ud: Annotated[Path | None, typer.Option("--ud", help="UD folder, e.g. ../shared/data")] = None,
    user_dict: Annotated[
        list[str] | None,
        typer.Option("--user-dict", "-u", help="'default', 'none' or a word-list path"),
    ] = None,
    output: Annotated[Path, typer.Option("--output", "-o")] = Path("evaluation/segmentation.md"),
) -> None:
    """Score each model x user-dict setting on UD held-out and the given files; write Markdown."""
    sets: list[tuple[str, list[list[str]]]] = []
    if ud is not None:
        sets.append(("UD held-out", ud_heldout(ud)))
    for path in seg_files or []:
        sets.append((path.name, read_seg_file(path)))
    if not sets:
        raise typer.BadParameter("nothing to evaluate: give --ud and/or .seg.txt files")
    rows: list[tuple[str, str, str, Score]] = []
    for m in model or [Path("models/segmenter")]:
        for udict in user_dict or ["default", "none"]:
            segment = load_segmenter(m, udict)
            label = udict if udict in ("default", "none") else Path(udict).name
            for name, sents in sets:
                rows.append((str(m), label, name, score_sentences(segment, sents)))
    table = render_table(rows)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(table, encoding="utf-8")
    typer.echo(table)


if __name__ == "__main__":
    app()
