"""The extraction API: documents in, records out, one failure never stopping the rest."""

from __future__ import annotations

import sys
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from communique.language import load_pipeline
from communique.reader import (
    DEFAULT_MAX_BYTES,
    DocumentError,
    SourceDocument,
    Unsupported,
    expand_paths,
    read_path,
)
from communique.record import build_record
from communique.script import ScriptLexicons
from communique.sections import SECTION_CHARS, analyse
from spacy.language import Language

SCRIPT_COMPONENT = "communique_script"


@dataclass(frozen=True)
class Failure:
    source: str
    problem: str

    def __str__(self) -> str:
        return f"{self.source}: {self.problem}"


def pipeline_version(nlp: Language) -> str:
    """``NAME-VERSION+communique-VERSION``: the saved pipeline's meta and the installed package (rules live in
    code, so both decide what a record holds)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        package = version("communique")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree that is not installed
        package = "unknown"
    return f"{nlp.meta.get('name', 'pipeline')}-{nlp.meta.get('version', '0.0.0')}+communique-{package}"


def script_lexicons(nlp: Language) -> ScriptLexicons:
    """The lexicons the pipeline converts text to simplified script with: its own copy, saved with it."""
    if SCRIPT_COMPONENT not in nlp.component_names:
        raise ValueError(
            f"the pipeline has no {SCRIPT_COMPONENT} component (the script lexicons); "
            "rebuild it with `python -m communique.training.assemble` or `package_rules`"
        )
    return nlp.get_pipe(SCRIPT_COMPONENT).lexicons


class Extractor:
    """Holds one loaded pipeline; ``extract_text`` is the single place a text becomes a record."""

    def __init__(
        self, nlp: Language | None = None, model: str | Path | None = None, section_chars: int = SECTION_CHARS
    ) -> None:
        self.nlp = nlp or load_pipeline(model)
        # longer texts are analysed section by section (communique.sections): no E088, bounded NER memory
        self.section_chars = section_chars
        self.pipeline_version = pipeline_version(self.nlp)
        self.script = script_lexicons(self.nlp)

    def extract_document(self, document: SourceDocument) -> dict[str, Any]:
        analysis = self.script.analysis_text(document.text)
        doc = analyse(self.nlp, analysis.text, self.section_chars)
        record = build_record(document, analysis, doc)
        # the resume key travels with the record, so that a later run can tell what is already done
        record["sha256"] = document.sha256
        # which pipeline and code produced it, so that a store can tell records of different versions apart
        record["pipeline"] = self.pipeline_version
        return record

    def extract_or_failure(self, document: SourceDocument) -> dict[str, Any] | Failure:
        """A record, or a Failure naming the document: one bad document never ends a batch."""
        try:
            return self.extract_document(document)
        except Exception as error:  # noqa: BLE001 - a bad document must not end the batch
            return Failure(document.source, f"extraction failed ({type(error).__name__}: {error})")

    def extract_text(self, text: str, doc_id: str = "text", source: str = "<text>") -> dict[str, Any]:
        return self.extract_document(SourceDocument(doc_id, source, text))


def print_warning(source: str, warning: str) -> None:
    """One line on stderr, through tqdm so that it lands above a progress bar instead of inside it."""
    from tqdm import tqdm

    tqdm.write(f"communique: warning: {source}: {warning}", file=sys.stderr)


def read_documents(
    paths: Iterable[str],
    max_bytes: int = DEFAULT_MAX_BYTES,
    exclude: Collection[Path] = (),
    warn: Callable[[str, str], None] = print_warning,
) -> Iterator[SourceDocument | Failure]:
    """Every document under ``paths`` in input order (but the files in ``exclude``), or a Failure for what
    cannot be read (a file, a JSONL line, a directory). What was repaired on the way goes to ``warn``."""
    for path in expand_paths(list(paths), exclude):
        if isinstance(path, DocumentError):
            yield Failure(path.source, path.problem)
            continue
        if isinstance(path, Unsupported):
            yield Failure(str(path.path), path.problem)
            continue
        try:
            items = read_path(path, max_bytes)
        except DocumentError as error:
            yield Failure(error.source, error.problem)
            continue
        for item in items:
            if isinstance(item, DocumentError):
                yield Failure(item.source, item.problem)
                continue
            for warning in item.warnings:
                warn(item.source, warning)
            yield item


def extract_paths(
    extractor: Extractor, paths: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[dict[str, Any] | Failure]:
    """Records (or failures) in input order, one document at a time."""
    for item in read_documents(paths, max_bytes):
        yield item if isinstance(item, Failure) else extractor.extract_or_failure(item)
