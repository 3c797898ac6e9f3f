"""Train the project's own pkuseg word-segmentation model.

No pretrained pkuseg model can be downloaded in our environment, so we train one from the gold
segmentation of Universal Dependencies Chinese treebanks (GSDSimp, PUD) plus optional in-domain
pre-segmented sentences (e.g. ``corpus/segmentation/statement-train.seg.txt``).

Held-out split (never trained on, used by ``training/evaluate_segmenter.py``):
  * all of GSDSimp **test** (500 sentences);
  * every 10th PUD sentence (0-based index ``i % 10 == 9``, 100 sentences).
Trained on: GSDSimp **dev** (500) + the other 900 PUD sentences (converted to simplified with
OpenCC ``t2s``) + the extra files given with ``--extra``.

Usage::

    python training/train_segmenter.py ../shared/data \
        --extra corpus/segmentation/statement-train.seg.txt --output models/segmenter
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path
from typing import Annotated

import numpy as np
import typer

GSD_DIR = "ud_chinese_gsdsimp"
PUD_DIR = "ud_chinese_pud"
PUD_HOLDOUT_EVERY = 10

app = typer.Typer(add_completion=False, help=__doc__)


def read_conllu_words(path: Path) -> list[list[str]]:
    """Return the FORM column per sentence, skipping comments, multi-word ranges and empty nodes."""
    sentences: list[list[str]] = []
    current: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            if current:
                sentences.append(current)
                current = []
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 2 or "-" in cols[0] or "." in cols[0]:
            continue
        current.append(cols[1])
    if current:
        sentences.append(current)
    return sentences


def to_simplified(sentences: list[list[str]]) -> list[list[str]]:
    """Convert traditional to simplified word by word; t2s is character-preserving, we assert it."""
    import opencc

    converter = opencc.OpenCC("t2s")
    out: list[list[str]] = []
    for words in sentences:
        converted = [converter.convert(w) for w in words]
        for old, new in zip(words, converted, strict=True):
            if len(old) != len(new):
                raise ValueError(f"OpenCC changed word length: {old!r} -> {new!r}")
        out.append(converted)
    return out


def _find_ud_root(paths: list[Path], sub: str) -> Path | None:
    """Accept either the shared data folder or the treebank folders themselves."""
    for p in paths:
        if (p / sub).is_dir():
            return p / sub
        if p.name == sub and p.is_dir():
            return p
    return None


def load_ud_split(ud_paths: list[Path]) -> tuple[list[list[str]], list[list[str]]]:
    """Return (train, held-out) sentences from UD, with the fixed, documented split."""
    train: list[list[str]] = []
    heldout: list[list[str]] = []
    gsd = _find_ud_root(ud_paths, GSD_DIR)
    if gsd is not None:
        train += read_conllu_words(gsd / "zh_gsdsimp-ud-dev.conllu")
        heldout += read_conllu_words(gsd / "zh_gsdsimp-ud-test.conllu")
    pud = _find_ud_root(ud_paths, PUD_DIR)
    if pud is not None:
        sents = to_simplified(read_conllu_words(pud / "zh_pud-ud-test.conllu"))
        for i, s in enumerate(sents):
            (heldout if i % PUD_HOLDOUT_EVERY == PUD_HOLDOUT_EVERY - 1 else train).append(s)
    if not train and not heldout:
        raise typer.BadParameter(f"no UD treebank found under {ud_paths}")
    return train, heldout


def read_seg_file(path: Path) -> list[list[str]]:
    """Read a pre-segmented file: one sentence per line, words separated by spaces."""
    return [line.split() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_seg_file(path: Path, sentences: list[list[str]]) -> None:
    """Write pkuseg's training format: one sentence per line, words separated by single spaces."""
    path.write_text("".join(" ".join(s) + "\n" for s in sentences if s), encoding="utf-8")


def train_model(
    train_sents: list[list[str]],
    test_sents: list[list[str]],
    output: Path,
    iterations: int,
    seed: int,
) -> float:
    """Run spacy_pkuseg.train (writes features.msgpack + weights.npz); return the seconds taken."""
    import spacy_pkuseg

    random.seed(seed)  # ADF shuffles the training set with `random`
    np.random.seed(seed)
    output.mkdir(parents=True, exist_ok=True)
    for name in ("features.msgpack", "weights.npz"):
        (output / name).unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        train_file = Path(tmp) / "train.txt"
        test_file = Path(tmp) / "test.txt"
        write_seg_file(train_file, train_sents)
        write_seg_file(test_file, test_sents)
        start = time.time()
        spacy_pkuseg.train(str(train_file), str(test_file), str(output), train_iter=iterations)
        elapsed = time.time() - start
    return elapsed


@app.command()
def main(
    ud: Annotated[list[Path], typer.Argument(help="UD folder(s), e.g. ../shared/data")],
    extra: Annotated[
        list[Path] | None, typer.Option("--extra", "-e", help="Pre-segmented training file(s)")
    ] = None,
    extra_repeat: Annotated[
        int, typer.Option("--extra-repeat", min=1, help="Copies of the extra files (upweights)")
    ] = 1,
    output: Annotated[Path, typer.Option("--output", "-o", help="Model dir")] = Path("models/segmenter"),
    iterations: Annotated[int, typer.Option("--iterations", "-n", min=1, help="Epochs")] = 20,
    seed: Annotated[int, typer.Option("--seed", help="Random seed for ADF shuffling")] = 0,
) -> None:
    """Train a pkuseg model on UD (minus the held-out part) plus the extra files."""
    train_sents, heldout = load_ud_split(ud)
    n_ud = len(train_sents)
    for path in extra or []:
        train_sents += read_seg_file(path) * extra_repeat
    typer.echo(
        f"training sentences: {len(train_sents)} (UD {n_ud}, extra {len(train_sents) - n_ud}); "
        f"held-out UD: {len(heldout)}"
    )
    elapsed = train_model(train_sents, heldout, output, iterations, seed)
    size = sum(p.stat().st_size for p in output.iterdir() if p.is_file())
    typer.echo(f"model written to {output} ({size / 1e6:.1f} MB) in {elapsed:.0f} s")


if __name__ == "__main__":
    app()
