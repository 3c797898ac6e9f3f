"""What ``communique annotate setup|serve|push|pull`` do; cli.py only parses options and calls these."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from communique.annotate.client import call_bridge
from communique.annotate.environment import (
    AnnotateError,
    credentials_from_env,
    ensure_client_venv,
    ensure_server_venv,
)
from communique.annotate.examples import (
    CATEGORY_LABELS,
    SPAN_LABELS,
    baseline_cache_dir,
    corpus_meta_of,
    order_least_sure_first,
    record_examples,
    train_baseline,
)
from communique.annotate.merge import MergeReport, merge_into_corpus
from communique.annotate.server import DoccanoServer, default_data_dir

Echo = Callable[[str], Any]


def setup(echo: Echo = print) -> None:
    """Create both doccano venvs if they are missing (CI calls this before the tests)."""
    echo(f"doccano server: {ensure_server_venv(echo)}")
    echo(f"doccano client: {ensure_client_venv(echo)}")


def serve(data_dir: Path | None, workers: int, echo: Echo = print) -> None:
    """Run doccano in the foreground until Ctrl-C."""
    server = DoccanoServer(credentials_from_env(), data_dir or default_data_dir())
    server.start(workers=workers, echo=echo)
    echo(f"doccano is up at {server.credentials.url} (web server and task worker; logs in {server.data_dir})")
    echo("log in with DOCCANO_USERNAME / DOCCANO_PASSWORD; Ctrl-C stops it")
    try:
        server.wait()
    except KeyboardInterrupt:
        echo("stopped")


def source_documents(items: list[str], documents_dir: Path) -> list[Any]:
    """Files (any format the reader takes) or document ids of ``corpus/documents``."""
    from communique.evaluation.gold import read_corpus_document
    from communique.extract import Failure, read_documents
    from communique.reader import SourceDocument

    documents = []
    for item in items:
        corpus_file = documents_dir / f"{item}.jsonl"
        if Path(item).exists():
            for document in read_documents([item]):
                if isinstance(document, Failure):
                    raise AnnotateError(str(document))
                documents.append(document)
        elif corpus_file.exists():
            try:
                record = read_corpus_document(corpus_file)
            except (ValueError, KeyError) as error:
                raise AnnotateError(f"{corpus_file}: {error}") from None
            documents.append(SourceDocument(record["doc_id"], str(corpus_file), record["text"]))
        else:
            raise AnnotateError(f"{item}: neither a file nor a document id in {documents_dir}")
    return documents


def push(
    project: str, items: list[str], documents_dir: Path, splits: Path, model: Path | None, echo: Echo = print
) -> dict[str, Any]:
    """Pre-annotate the documents with the pipeline and upload them, least sure sentence first."""
    from communique.extract import Extractor

    credentials_from_env()
    documents = source_documents(items, documents_dir)
    extractor = Extractor(model=model)
    examples = []
    for document in documents:
        record = extractor.extract_document(document)
        examples.extend(record_examples(record, corpus_meta_of(documents_dir, document.doc_id)))
    examples = order_least_sure_first(examples, train_baseline(documents_dir, splits, baseline_cache_dir()))
    reply = call_bridge(
        {
            "op": "push",
            "project": project,
            "spans": SPAN_LABELS,
            "categories": CATEGORY_LABELS,
            "examples": examples,
        },
        echo,
    )
    echo(
        f"{project}: {reply['created']} sentences uploaded, {reply['skipped']} already there "
        f"({len(documents)} documents; least sure first by the train-split obligation baseline)"
    )
    return reply


def norm_resolver() -> Callable[[str, str, list[str]], Any]:
    """Normalised values for entities an annotator added: the same normalisers and KB the pipeline uses."""
    from communique.kb import load_kb
    from communique.normalise import normalise_date, normalise_money

    kb = load_kb()

    def resolve(label: str, text: str, parties: list[str]) -> Any:
        if label == "DATE":
            return normalise_date(text)
        if label == "MONEY":
            return normalise_money(text)
        known = kb.forms.get(text)
        if known is None or known[0] != "STATE":
            return None
        return next((code for code in known[1] if code in parties), known[1][0])

    return resolve


def pull(project: str, documents_dir: Path, force: bool, echo: Echo = print) -> MergeReport:
    """Fetch every pushed sentence from doccano and merge it into the corpus; report what happened."""
    reply = call_bridge({"op": "pull", "project": project}, echo)
    report = merge_into_corpus(reply["examples"], documents_dir, force, norm_resolver())
    for line in report.new_documents:
        echo(f"new document {line}")
    for line in report.changed:
        echo(f"changed {line}")
    for line in report.conflicts:
        echo(f"CONFLICT {line}")
    for line in report.unmerged:
        echo(f"NOT MERGED {line}")
    for line in report.missing_norms:
        echo(f"needs a normalised value: {line}")
    echo(
        f"{project}: {len(reply['examples'])} sentences pulled, {len(report.changed)} changed, "
        f"{len(report.conflicts)} conflicts, {len(report.new_documents)} new documents"
    )
    if report.conflicts:
        echo(
            "conflicting sentences were left as they are locally; rerun with --force to take doccano's version"
        )
    return report
