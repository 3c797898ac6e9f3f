"""Which obligation typer is the default: the rules, the spaCy text classifier or the TF-IDF baseline.

All three are scored the same way: five-fold cross-validation grouped by document (``GroupKFold``) over the train and
dev documents, so no statement is ever split between training and scoring, and once more on the test split after
training on train+dev. The rules are not trained, so their cross-validation score is simply their score on each
held-out fold. The result table goes to ``evaluation/obligation-comparison.md``; the numbers decide which typer the
packaged pipeline uses (``training/assemble.py``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import spacy
import typer
from communique.evaluation.gold import read_corpus_document
from communique.extract import Extractor
from communique.language import load_pipeline
from communique.script import to_analysis_text
from communique.training.obligation_baseline import TYPES, ObligationBaseline, label_matrix
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import GroupKFold
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example

app = typer.Typer(add_completion=False)

TRAIN_CONFIG = Path(__file__).resolve().parent.parent / "configs" / "train.cfg"


def textcat_settings(config_path: Path = TRAIN_CONFIG) -> dict:
    """The text classifier's settings (model and threshold) exactly as configs/train.cfg gives them."""
    settings = dict(spacy.util.load_config(config_path, interpolate=True)["components"]["textcat_multilabel"])
    return {key: settings[key] for key in ("model", "threshold")}


@dataclass
class Sentences:
    """Gold sentences of a set of documents, in corpus order, with what each typer needs."""

    doc_ids: list[str]
    texts: list[str]
    words: list[list[str]]
    gold: list[list[str]]
    rules: list[list[str]]


def collect(doc_ids: list[str], documents: Path, tokenizer: Language, rules: Extractor) -> Sentences:
    out = Sentences([], [], [], [], [])
    for doc_id in doc_ids:
        record = read_corpus_document(documents / f"{doc_id}.jsonl")
        predicted = rules.extract_text(record["text"], doc_id=doc_id)
        by_span = {(s["start"], s["end"]): s["types"] for s in predicted["sentences"]}
        analysis = to_analysis_text(record["text"]).text
        for sentence in record["sentences"]:
            text = analysis[sentence["start"] : sentence["end"]]
            out.doc_ids.append(doc_id)
            out.texts.append(text)
            out.words.append([token.text for token in tokenizer.make_doc(text)])
            out.gold.append(sentence["types"])
            out.rules.append(by_span.get((sentence["start"], sentence["end"]), []))
    return out


def _pick(items: list, index: np.ndarray) -> list:
    return [items[i] for i in index]


def scores(gold: list[list[str]], predicted: list[list[str]]) -> dict[str, float]:
    y_true, y_pred = label_matrix(gold), label_matrix(predicted)
    per_type = f1_score(y_true, y_pred, average=None, zero_division=0.0)
    return {
        "macro_f1": float(f1_score(y_true, y_pred, average="macro", zero_division=0.0)),
        "micro_f1": float(f1_score(y_true, y_pred, average="micro", zero_division=0.0)),
        "exact_set": float(accuracy_score(y_true, y_pred)),
        **{t: float(f) for t, f in zip(TYPES, per_type, strict=True)},
    }


def train_textcat(words: list[list[str]], gold: list[list[str]], epochs: int, seed: int) -> Language:
    """A fresh multi-label text classifier over pkuseg words, trained like configs/train.cfg's."""
    spacy.util.fix_random_seed(seed)
    nlp = spacy.blank("zh")
    textcat = nlp.add_pipe("textcat_multilabel", config=textcat_settings())
    for obligation_type in TYPES:
        textcat.add_label(obligation_type)
    examples = [
        Example.from_dict(Doc(nlp.vocab, words=w), {"cats": {t: float(t in g) for t in TYPES}})
        for w, g in zip(words, gold, strict=True)
    ]
    optimizer = nlp.initialize(lambda: examples)
    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        for batch in spacy.util.minibatch([examples[i] for i in rng.permutation(len(examples))], size=16):
            nlp.update(batch, sgd=optimizer, drop=0.1)
    return nlp


def predict_textcat(nlp: Language, words: list[list[str]]) -> list[list[str]]:
    threshold = nlp.get_pipe("textcat_multilabel").cfg["threshold"]
    docs = nlp.pipe(Doc(nlp.vocab, words=w) for w in words)
    return [[t for t in TYPES if doc.cats[t] >= threshold] for doc in docs]


def predict_tfidf(
    train_texts: list[str], train_gold: list[list[str]], texts: list[str], seed: int
) -> list[list[str]]:
    return ObligationBaseline(seed=seed).fit(train_texts, train_gold).predict(texts)


def with_rule_types(texts: list[str], rules: list[list[str]]) -> list[str]:
    """The sentence text followed by the rules' types as marker words: the hybrid typer learns from the words
    and from what the rules (and the document structure they read) concluded."""
    return [f"{text} " + " ".join(f"⟦{t}⟧" for t in types) for text, types in zip(texts, rules, strict=True)]


def paired_difference(
    gold: list[list[str]],
    first: list[list[str]],
    second: list[list[str]],
    groups: list[str],
    samples: int = 1000,
    seed: int = 0,
) -> tuple[float, float, float]:
    """Macro-F1 of ``first`` minus ``second`` on the same sentences, with its 95% interval from resampling whole
    documents (sentences of one statement are not independent): a lead whose interval holds 0 is no win."""
    by_document: dict[str, list[int]] = {}
    for index, group in enumerate(groups):
        by_document.setdefault(group, []).append(index)
    documents = list(by_document)
    rng = np.random.default_rng(seed)
    differences = []
    for _ in range(samples):
        drawn = [i for d in rng.choice(len(documents), len(documents)) for i in by_document[documents[d]]]
        picked = np.array(drawn)
        differences.append(
            scores(_pick(gold, picked), _pick(first, picked))["macro_f1"]
            - scores(_pick(gold, picked), _pick(second, picked))["macro_f1"]
        )
    observed = scores(gold, first)["macro_f1"] - scores(gold, second)["macro_f1"]
    low, high = np.percentile(differences, [2.5, 97.5])
    return observed, float(low), float(high)


def table(rows: dict[str, dict[str, float]]) -> str:
    columns = ["macro_f1", "micro_f1", "exact_set", *TYPES]
    lines = ["| typer | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    for name, row in rows.items():
        lines.append(f"| {name} | " + " | ".join(f"{row[c]:.3f}" for c in columns) + " |")
    return "\n".join(lines)


@app.command()
def main(
    documents: Path = typer.Option(Path("corpus/documents"), help="Corpus JSONL folder."),
    splits: Path = typer.Option(Path("corpus/splits.json"), help="Split file."),
    model: Path | None = typer.Option(
        None, help="Pipeline whose rules and tokenizer to use (default: bundled)."
    ),
    folds: int = typer.Option(5, help="GroupKFold folds over train+dev documents."),
    epochs: int = typer.Option(15, help="Text-classifier epochs per fold."),
    seed: int = typer.Option(0),
    output: Path = typer.Option(Path("evaluation/obligation-comparison.md"), help="Markdown table."),
) -> None:
    pipeline = load_pipeline(model)
    trained = [
        name for name in pipeline.pipe_names if name in ("tok2vec", "ner") or name.startswith("textcat")
    ]
    pipeline.select_pipes(disable=trained)  # the rules alone, as a typer to compare
    rules = Extractor(nlp=pipeline)
    split_ids = json.loads(splits.read_text(encoding="utf-8"))
    pool = collect(split_ids["train"] + split_ids["dev"], documents, pipeline, rules)
    test = collect(split_ids["test"], documents, pipeline, rules)

    cv_predictions: dict[str, list[list[str]]] = {"rules": pool.rules, "tfidf": [[]] * len(pool.texts)}
    cv_predictions["textcat"] = [[]] * len(pool.texts)
    cv_predictions["tfidf+rules"] = [[]] * len(pool.texts)
    pool_hybrid = with_rule_types(pool.texts, pool.rules)
    for train_index, held_index in GroupKFold(n_splits=folds).split(pool.texts, groups=pool.doc_ids):
        tfidf = predict_tfidf(
            _pick(pool.texts, train_index), _pick(pool.gold, train_index), _pick(pool.texts, held_index), seed
        )
        hybrid = predict_tfidf(
            _pick(pool_hybrid, train_index),
            _pick(pool.gold, train_index),
            _pick(pool_hybrid, held_index),
            seed,
        )
        textcat = train_textcat(_pick(pool.words, train_index), _pick(pool.gold, train_index), epochs, seed)
        spacy_guess = predict_textcat(textcat, _pick(pool.words, held_index))
        for position, index in enumerate(held_index):
            cv_predictions["tfidf"][index] = tfidf[position]
            cv_predictions["tfidf+rules"][index] = hybrid[position]
            cv_predictions["textcat"][index] = spacy_guess[position]
    cv = {name: scores(pool.gold, guesses) for name, guesses in cv_predictions.items()}

    textcat = train_textcat(pool.words, pool.gold, epochs, seed)
    test_guesses = {
        "rules": test.rules,
        "tfidf": predict_tfidf(pool.texts, pool.gold, test.texts, seed),
        "textcat": predict_textcat(textcat, test.words),
        "tfidf+rules": predict_tfidf(pool_hybrid, pool.gold, with_rule_types(test.texts, test.rules), seed),
    }
    held_out = {name: scores(test.gold, guesses) for name, guesses in test_guesses.items()}
    sealed_ids = set(split_ids.get("sealed", []))
    sealed_index = [i for i, doc_id in enumerate(test.doc_ids) if doc_id in sealed_ids]
    sealed = {
        name: scores(_pick(test.gold, sealed_index), _pick(guesses, sealed_index))
        for name, guesses in test_guesses.items()
    }
    best = max(cv, key=lambda name: cv[name]["macro_f1"])
    if best == "rules":
        verdict = "**rules**: no learned typer leads them in cross-validation; they stay the typer."
    else:
        lead, low, high = paired_difference(
            pool.gold, cv_predictions[best], pool.rules, pool.doc_ids, seed=seed
        )
        interval = f"{lead:+.3f} macro-F1 [95% interval {low:+.3f}, {high:+.3f}, resampling documents]"
        verdict = (
            f"**{best}** leads the rules by {interval}: a win, so it should become the typer."
            if low > 0
            else f"**{best}** leads the rules by {interval}; the interval holds 0, so no typer wins on dev and the "
            "rules stay the typer: they are as accurate within the noise and give a trigger as the evidence for "
            "every type they assign, which a learned typer cannot."
        )
    report = "\n".join(
        [
            "# Obligation typers compared",
            "",
            "Generated by `python -m communique.training.compare_obligations`. Per-sentence multi-label scores "
            "(F1 per type, macro and micro F1 over the six types, exact-set accuracy).",
            "",
            f"## {folds}-fold cross-validation grouped by document (train + dev: "
            f"{len(set(pool.doc_ids))} documents, {len(pool.texts)} sentences)",
            "",
            table(cv),
            "",
            f"## Test split, trained on train + dev ({len(set(test.doc_ids))} documents, "
            f"{len(test.texts)} sentences)",
            "",
            table(held_out),
            "",
            f"## The sealed statements of the test split ({len({test.doc_ids[i] for i in sealed_index})} documents, "
            f"{len(sealed_index)} sentences)",
            "",
            table(sealed),
            "",
            f"Best by cross-validated macro-F1 (the choice is made there, never on test): {verdict}",
            "",
        ]
    )
    output.write_text(report, encoding="utf-8")
    typer.echo(report)


if __name__ == "__main__":
    app()
