"""Convert annotated markup files into the corpus JSONL (one record per sentence, doccano's span+category form).

Usage: ``python -m communique.training.import_markup corpus/markup/*.ann.txt --out corpus/documents``
or ``--check`` to validate only. ``--expect-text`` compares the document text with a file (for the annotation of
an existing statement, whose text must come back exactly).
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from communique.training.markup import MarkupDocument, MarkupError, read_markup

app = typer.Typer(add_completion=False)


def document_to_records(document: MarkupDocument) -> list[dict]:
    """One corpus record per sentence; offsets in ``entities`` are relative to the sentence."""
    records = []
    previous_end = 0
    for index, sentence in enumerate(document.sentences):
        inside = [e for e in document.entities if sentence.start <= e.start and e.end <= sentence.end]
        records.append(
            {
                "text": document.text[sentence.start : sentence.end],
                "entities": [[e.start - sentence.start, e.end - sentence.start, e.label] for e in inside],
                "cats": sentence.types,
                "meta": {
                    "doc_id": document.doc_id,
                    "sentence": index,
                    "offset": sentence.start,
                    "gap": document.text[previous_end : sentence.start],
                    "actors": sentence.actors,
                    **({"recipients": sentence.recipients} if sentence.recipients is not None else {}),
                    "norms": [e.norm for e in inside],
                    "parties": document.header.get("partners", "").split(),
                    "script": document.header.get("script", "simplified"),
                    "synthetic": document.header.get("synthetic", "true").lower() == "true",
                    **{key: document.header[key] for key in ("kind", "date") if key in document.header},
                    # absent without the header: the statement's relationship is not annotated, so not scored
                    **({"relationship": document.relationship} if document.relationship is not None else {}),
                },
            }
        )
        previous_end = sentence.end
    return records


@app.command()
def main(
    files: list[Path],
    out: Path = typer.Option(Path("corpus/documents"), help="Folder for <doc_id>.jsonl files."),
    check: bool = typer.Option(False, help="Validate only; write nothing."),
    expect_text: Path | None = typer.Option(None, help="The document text must equal this file's content."),
) -> None:
    failed = 0
    for path in files:
        try:
            document = read_markup(path)
        except (MarkupError, OSError, UnicodeDecodeError) as error:
            typer.echo(f"{path}: {error}", err=True)
            failed += 1
            continue
        if expect_text is not None:
            expected = expect_text.read_text(encoding="utf-8")
            if expected != document.text:
                at = next(
                    (i for i, (a, b) in enumerate(zip(expected, document.text, strict=False)) if a != b), None
                )
                at = at if at is not None else min(len(expected), len(document.text))
                typer.echo(
                    f"{path}: text differs from {expect_text} at character {at}: "
                    f"expected {expected[at : at + 20]!r}, got {document.text[at : at + 20]!r}",
                    err=True,
                )
                failed += 1
                continue
        summary = f"{path}: {len(document.sentences)} sentences, {len(document.entities)} entities"
        if not check:
            out.mkdir(parents=True, exist_ok=True)
            target = out / f"{document.doc_id}.jsonl"
            with target.open("w", encoding="utf-8") as handle:
                for record in document_to_records(document):
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            summary += f" -> {target}"
        typer.echo(summary)
    raise typer.Exit(1 if failed else 0)


if __name__ == "__main__":
    app()
