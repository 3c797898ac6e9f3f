"""The systems an evaluation compares: the saved pipeline, the same pipeline with its trained components off, and
the off-the-shelf baselines (jieba part-of-speech tags, JioNLP time and money extraction).

Each system turns gold texts into records of the extractor's shape, so ``scoring`` treats them all alike. A baseline
whose library is not installed is reported as skipped rather than failing the evaluation: the libraries are an
optional extra (``pip install -e ".[baselines]"``). Baselines see the same simplified text as the pipeline.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from communique.evaluation.scoring import LABELS, Record
from spacy.language import Language

# pipes that are learned rather than written: "rules alone" switches these off
TRAINED_FACTORIES = frozenset(
    {"tok2vec", "transformer", "ner", "spancat", "textcat", "textcat_multilabel", "tagger", "parser"}
)


@dataclass
class System:
    """A named source of predicted records and the entity labels it can produce (obligations only when typed)."""

    name: str
    description: str
    labels: tuple[str, ...]
    scores_obligations: bool
    predict: Callable[[list[Record]], list[Record]] | None = None
    skipped: str | None = None
    notes: list[str] = field(default_factory=list)


def trained_pipe_names(nlp: Language) -> list[str]:
    """Names of the pipes that hold trained weights: by name (tok2vec, ner, textcat*) or by factory."""
    names = []
    for name in nlp.pipe_names:
        factory = nlp.get_pipe_meta(name).factory
        if name in ("tok2vec", "ner") or name.startswith("textcat") or factory in TRAINED_FACTORIES:
            names.append(name)
    return names


# Progress bars on the pipeline's passes over the gold (the slow part of ``communique evaluate``): set by the
# command when stderr is a terminal or --progress asks for them.
SHOW_PROGRESS = {"enabled": False}


def pipeline_predict(
    nlp: Language, disable: list[str] | None = None, name: str = "model"
) -> Callable[[list[Record]], list[Record]]:
    """Records from the extractor's own path (``Extractor.extract_text``) for every gold text."""
    from communique.extract import Extractor
    from tqdm import tqdm

    extractor = Extractor(nlp=nlp)

    def run(gold: list[Record]) -> list[Record]:
        bar = tqdm(gold, desc=f"{name}", unit="doc", disable=not SHOW_PROGRESS["enabled"], leave=False)
        return [extractor.extract_text(g["text"], doc_id=g["doc_id"], source=g["source"]) for g in bar]

    def predict(gold: list[Record]) -> list[Record]:
        if not disable:
            return run(gold)
        with nlp.select_pipes(disable=disable):
            return run(gold)

    return predict


def model_system(nlp: Language, model_name: str) -> System:
    return System(
        name="model",
        description=f"the pipeline `{model_name}` ({', '.join(nlp.pipe_names)})",
        labels=LABELS,
        scores_obligations=True,
        predict=pipeline_predict(nlp),
    )


def rules_system(nlp: Language) -> System:
    """The pipeline with every trained pipe disabled; when it has none, the same predictions as the model."""
    trained = trained_pipe_names(nlp)
    system = System(
        name="rules",
        description="rules alone: the same pipeline with "
        + (f"{', '.join(trained)} disabled" if trained else "no trained pipes to disable"),
        labels=LABELS,
        scores_obligations=True,
        predict=pipeline_predict(nlp, disable=trained, name="rules") if trained else None,
    )
    if not trained:
        system.notes.append("the model has no trained pipes, so rules alone is the model itself")
    return system


# ---------------------------------------------------------------------------------------------------------------
# jieba.posseg: ns (place) → STATE when the knowledge base knows it as a state, else LOC; nt → ORG; nr → PERSON.
# Flags are matched by prefix, since jieba also tags people nrfg/nrt; the sub-tags are still the same classes.


def jieba_system() -> System:
    labels = ("STATE", "LOC", "ORG", "PERSON")
    description = (
        "jieba.posseg tags: ns* → STATE if a knowledge-base state form else LOC, nt* → ORG, nr* → PERSON"
    )
    try:
        import jieba
        import jieba.posseg
    except ImportError:
        return System(
            "jieba", description, labels, False, skipped="jieba is not installed (extra `baselines`)"
        )
    jieba.setLogLevel(60)  # its dictionary-loading chatter goes to stderr otherwise
    return System("jieba", description, labels, False, predict=_jieba_predict)


def _jieba_entities(text: str) -> list[dict[str, Any]]:
    import jieba.posseg
    from communique.kb import load_kb

    kb = load_kb()
    entities = []
    offset = 0
    for pair in jieba.posseg.cut(text, HMM=True):
        word, flag = pair.word, pair.flag
        start, offset = offset, offset + len(word)
        label = norm = None
        if flag.startswith("ns"):
            known = kb.forms.get(word)
            if known and known[0] == "STATE":
                label, norm = "STATE", known[1][0] if len(known[1]) == 1 else None
            else:
                label = "LOC"
        elif flag.startswith("nt"):
            label = "ORG"
        elif flag.startswith("nr"):  # nr, nrfg (习近平), nrt (transliterated)
            label = "PERSON"
        if label:
            entities.append({"start": start, "end": offset, "label": label, "text": word, "norm": norm})
    return entities


def _jieba_predict(gold: list[Record]) -> list[Record]:
    return [_entity_record(g, _on_analysis_text(g["text"], _jieba_entities)) for g in gold]


# ---------------------------------------------------------------------------------------------------------------
# JioNLP: extract_time → DATE, extract_money → MONEY, with its own parsed values mapped onto the record's norms


def jionlp_system() -> System:
    labels = ("DATE", "MONEY")
    description = (
        "JioNLP `extract_time` (→ DATE) and `extract_money` (→ MONEY), with its parsed values as norms"
    )
    try:
        # jionlp prints a banner on stdout when imported; keep the command's stdout clean
        with contextlib.redirect_stdout(io.StringIO()):
            import jionlp  # noqa: F401
    except ImportError as error:
        return System("jionlp", description, labels, False, skipped=f"jionlp cannot be imported ({error})")
    system = System("jionlp", description, labels, False, predict=_jionlp_predict)
    system.notes.append(
        "relative dates (今年) are resolved against the date in the document id (the pipeline leaves them "
        "unnormalised), so the report does not depend on the day it is run"
    )
    return system


_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _date_norm(detail: dict[str, Any]) -> dict[str, str] | None:
    """JioNLP's ``detail.time`` [start, end] datetimes → ``{"start", "end", "grain"}`` of the gold's form."""
    times = detail.get("time")
    if not isinstance(times, list | tuple) or len(times) != 2:
        return None
    bounds = [_DAY.match(str(value)) for value in times]
    if not all(bounds):
        return None
    start, end = (date(*map(int, match.groups())) for match in bounds)  # type: ignore[union-attr]
    if start == end:
        grain = "day"
    elif start.day == 1 and start.month == 1 and (end.month, end.day) == (12, 31) and start.year == end.year:
        grain = "year"
    elif start.day == 1 and (start.year, start.month) == (end.year, end.month) and (end.day >= 28):
        grain = "month"
    else:
        grain = "day"
    return {"start": start.isoformat(), "end": end.isoformat(), "grain": grain}


def _money_norm(detail: dict[str, Any]) -> dict[str, Any] | None:
    """JioNLP's ``{"num", "case"}`` → ``{"amount", "currency"}`` with the currency's ISO code."""
    from communique.normalise import currency_names

    try:
        amount = float(str(detail.get("num", "")).replace(",", ""))
    except ValueError:
        return None
    case = detail.get("case")
    codes = (("CNY",) if case in ("元", "人民币") else None) or currency_names().get(case)
    if not codes or len(codes) > 1:  # a shared short name (卢比) is not guessed
        return None
    code = codes[0]
    return {"amount": int(amount) if amount.is_integer() else amount, "currency": code}


_DOC_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})$")
# time base for documents whose id carries no date: fixed, so that results stay reproducible
FALLBACK_TIME_BASE = {"year": 2024, "month": 1, "day": 1}


def _time_base(doc_id: str) -> dict[str, int]:
    match = _DOC_DATE.search(doc_id)
    if not match:
        return FALLBACK_TIME_BASE
    year, month, day = map(int, match.groups())
    return {"year": year, "month": month, "day": day}


def _jionlp_entities(text: str, doc_id: str = "") -> list[dict[str, Any]]:
    import jionlp

    entities = []
    # JioNLP logs a full traceback at ERROR for every phrase it fails to parse (and then skips it): keep the
    # evaluation's output readable
    logging.disable(logging.ERROR)
    try:
        times = jionlp.ner.extract_time(text, time_base=_time_base(doc_id), with_parsing=True)
    finally:
        logging.disable(logging.NOTSET)
    for item in times:
        start, end = item["offset"]
        norm = _date_norm(item.get("detail") or {})
        entities.append({"start": start, "end": end, "label": "DATE", "text": text[start:end], "norm": norm})
    for item in jionlp.ner.extract_money(text, with_parsing=True):
        start, end = item["offset"]
        norm = _money_norm(item.get("detail") or {})
        entities.append({"start": start, "end": end, "label": "MONEY", "text": text[start:end], "norm": norm})
    return entities


def _jionlp_predict(gold: list[Record]) -> list[Record]:
    return [
        _entity_record(g, _on_analysis_text(g["text"], lambda text, g=g: _jionlp_entities(text, g["doc_id"])))
        for g in gold
    ]


def _on_analysis_text(text: str, find: Callable[[str], list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Run a baseline on the text the pipeline sees (simplified script, half-width digits) and map its spans back
    to the original, so that the baselines are not penalised for traditional script the pipeline converts."""
    from communique.script import to_analysis_text

    analysis = to_analysis_text(text)
    entities = []
    for entity in find(analysis.text):
        start, end = analysis.original_span(entity["start"], entity["end"])
        entities.append({**entity, "start": start, "end": end, "text": text[start:end]})
    return entities


def _entity_record(gold: Record, entities: list[dict[str, Any]]) -> Record:
    return {
        "doc_id": gold["doc_id"],
        "source": gold["source"],
        "text": gold["text"],
        "entities": entities,
        "sentences": [],
    }


def baseline_systems() -> list[System]:
    return [jieba_system(), jionlp_system()]
