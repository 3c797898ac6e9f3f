"""Convert step: corpus JSONL → spaCy DocBins, one per split, whole documents kept together.

``<split>.spacy`` holds sentences (for training); ``<split>-documents.spacy`` whole documents with their gold
records (for ``spacy evaluate`` and the custom components' scorers, ``communique.scorers``).

Each gold sentence becomes one Doc carrying both its entities (for the NER) and its obligation types in ``cats``
(for the sentence text classifier), so one DocBin per split trains both components. Documents are tokenised
with the committed pipeline's pkuseg tokenizer and converted to simplified script exactly as at run time, so
training sees what the pipeline will see; a gold boundary inside a pkuseg token splits that token.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from communique.evaluation.gold import read_corpus_document
from communique.labels import ENTITY_LABELS
from communique.language import load_pipeline
from communique.scorers import GOLD_KEY
from communique.script import AnalysisText, to_analysis_text
from communique.spans import ensure_boundaries
from communique.training.obligation_baseline import TYPES
from communique.training.package_rules import user_dictionary
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.util import filter_spans

app = typer.Typer(add_completion=False)


def on_analysis_text(record: dict, analysis: AnalysisText) -> dict:
    """The gold record with its sentence and entity offsets moved onto the analysed (simplified) text: a Taiwan
    or Hong Kong phrase conversion can change the length (三蘭港 → 达累斯萨拉姆), and the Docs hold the analysed text."""
    if analysis.same_offsets:
        return record

    def moved(span: dict) -> dict:
        return {
            **span,
            "start": analysis.analysis_offset(span["start"]),
            "end": analysis.analysis_offset(span["end"]),
        }

    return {
        **record,
        "text": analysis.text,
        "entities": [moved(e) for e in record["entities"]],
        "sentences": [moved(s) for s in record["sentences"]],
    }


def sentence_docs(nlp: Language, record: dict, labels: tuple[str, ...] = ENTITY_LABELS) -> list[Doc]:
    """One Doc per gold sentence, simplified as at run time, with its gold entities and its obligation types
    in ``cats`` (0/1 over all six types).

    Sentences rather than whole documents: entities never cross a sentence, and a few hundred short examples train
    the NER far better than a dozen very long ones."""
    analysis = to_analysis_text(record["text"])
    record = on_analysis_text(record, analysis)
    docs = []
    for sentence in record["sentences"]:
        start, end = sentence["start"], sentence["end"]
        doc = nlp.make_doc(analysis.text[start:end])
        inside = [
            e for e in record["entities"] if start <= e["start"] and e["end"] <= end and e["label"] in labels
        ]
        doc = ensure_boundaries(doc, [offset - start for e in inside for offset in (e["start"], e["end"])])
        spans = [doc.char_span(e["start"] - start, e["end"] - start, label=e["label"]) for e in inside]
        doc.ents = [span for span in spans if span is not None]
        doc.cats = {t: float(t in sentence["types"]) for t in TYPES}
        docs.append(doc)
    return docs


def document_doc(nlp: Language, record: dict) -> Doc:
    """One Doc per gold document, for ``spacy evaluate``: the whole simplified text with every gold entity, and the
    gold record (parties, sentences with types, actors and recipients, entities with their norms) in
    ``user_data["communique_gold"]``, which the components' scorers (``communique.scorers``) compare against.

    Whole documents, because parties, actors and the carry-over of subjects are read from the statement's opening
    and structure: a sentence alone would not show what the pipeline does."""
    analysis = to_analysis_text(record["text"])
    record = on_analysis_text(record, analysis)
    doc = nlp.make_doc(analysis.text)
    entities = record["entities"]
    doc = ensure_boundaries(doc, [offset for e in entities for offset in (e["start"], e["end"])])
    spans = [doc.char_span(e["start"], e["end"], label=e["label"]) for e in entities]
    doc.ents = filter_spans([span for span in spans if span is not None])
    doc.user_data[GOLD_KEY] = {
        key: record[key] for key in ("doc_id", "parties", "entities", "sentences", "meta") if key in record
    }
    return doc


@app.command()
def main(
    documents: Path = typer.Option(Path("corpus/documents"), help="Corpus JSONL folder."),
    splits: Path = typer.Option(Path("corpus/splits.json"), help="Split file."),
    output: Path = typer.Option(Path("corpus/spacy"), help="Where to write <split>.spacy."),
    model: Path | None = typer.Option(
        None, help="Pipeline whose tokenizer to use (default: the committed one)."
    ),
    ner_labels: str = typer.Option(
        ",".join(ENTITY_LABELS),
        help="Entity labels the NER learns (comma-separated); the rest are left to the rules.",
    ),
) -> None:
    labels = tuple(label for label in ner_labels.split(",") if label)
    unknown = set(labels) - set(ENTITY_LABELS)
    if unknown:
        raise typer.BadParameter(f"unknown labels: {', '.join(sorted(unknown))}")
    nlp = load_pipeline(model)
    output.mkdir(parents=True, exist_ok=True)
    # the tokenizer settings `spacy train` initialises with (configs/*.cfg [initialize.tokenizer])
    (output / "user_dict.txt").write_text("\n".join(user_dictionary()) + "\n", encoding="utf-8")
    split_ids = json.loads(splits.read_text(encoding="utf-8"))
    for split in ("train", "dev", "test"):
        records = [read_corpus_document(documents / f"{doc_id}.jsonl") for doc_id in split_ids[split]]
        sentences = [doc for r in records for doc in sentence_docs(nlp, r, labels)]
        DocBin(docs=sentences, store_user_data=False).to_disk(output / f"{split}.spacy")
        # whole documents with their gold records, for `spacy evaluate` and the components' scorers
        documents_bin = DocBin(docs=[document_doc(nlp, r) for r in records], store_user_data=True)
        documents_bin.to_disk(output / f"{split}-documents.spacy")
        entities = sum(len(doc.ents) for doc in sentences)
        typer.echo(f"{split}: {len(records)} documents, {len(sentences)} sentences, {entities} entities")


if __name__ == "__main__":
    app()
