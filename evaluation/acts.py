"""Act-level scores against the hand-coded acts of ``corpus/acts/<doc_id>.tsv``.

Why a separate gold: the corpus annotates types, actors and recipients per sentence, but which amount or date belongs
to which predicate, and which PLOVER category an act is, are properties of acts. Annotators who never saw the code
coded them by the PLOVER codebook for a sample of sentences (every typed sentence holding a MONEY or DATE entity,
and every fourth typed sentence); the format is in ``corpus/acts/README.md``.

A gold act is found again in the record by place, not by wording: the predicted act whose trigger overlaps the gold
predicate (its ``occurrence``-th appearance in the sentence; for an item under a lead-in, ``同意@S12``, in the
lead-in sentence) and whose sentence overlaps the gold sentence. Three scores, each with a bootstrap interval over
the scored units:

- attachment: for every MONEY and DATE entity of a coded sentence, the act it belongs to (or none: a date that only
  qualifies a noun) — right when the record puts it in the act that matches the gold one, or in no act when the gold
  leaves it out;
- PLOVER category: for every gold act, the category ``pipeline/plover.sentence_events`` gives the matched act (no event
  for a stated view) against the coder's; an act the record lacks counts as wrong;
- context: for every matched act, whether the record's contexts include the coder's main (first) context.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from communique.evaluation.scoring import BOOTSTRAP_SAMPLES, accuracy_interval, offsets_overlap
from communique.language import REPO_ROOT
from communique.plover import sentence_events

Record = dict[str, Any]
ACTS_DIR = REPO_ROOT / "corpus" / "acts"
FIELDS = (
    "sentence",
    "predicate",
    "occurrence",
    "type",
    "event",
    "mode",
    "contexts",
    "amounts",
    "dates",
    "note",
)


@dataclass(frozen=True)
class GoldAct:
    """One hand-coded act: where its predicate is (sentence and character span of the gold record) and its codes."""

    sentence: int
    start: int
    end: int
    inherited: bool
    type: str
    event: str | None
    contexts: tuple[str, ...]
    attached: tuple[str, ...]


class ActGoldError(ValueError):
    """A gold act file line that cannot be read or placed; the message names file and line."""


def _split(cell: str | None, sep: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in (cell or "").split(sep) if part.strip())


def _find(text: str, needle: str, occurrence: int) -> int:
    index = -1
    for _ in range(occurrence):
        index = text.find(needle, index + 1)
        if index < 0:
            return -1
    return index


def read_act_gold(path: Path, gold: Record) -> list[GoldAct]:
    """The acts of one TSV file, placed in the gold record's text (a predicate not found is an error)."""
    sentences = gold["sentences"]
    acts = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        for line, row in enumerate(reader, start=2):
            try:
                number = int(row["sentence"].strip().lstrip("S"))
                predicate, _, lead_in = row["predicate"].strip().partition("@")
                home = int(lead_in.lstrip("S")) if lead_in else number
                sentence = sentences[home]
                text = gold["text"][sentence["start"] : sentence["end"]]
                at = _find(text, predicate, int(row.get("occurrence") or 1) if not lead_in else 1)
            except (KeyError, ValueError, IndexError, AttributeError) as error:
                raise ActGoldError(f"{path}:{line}: unreadable act ({error})") from None
            if at < 0:
                raise ActGoldError(f"{path}:{line}: predicate {predicate!r} not in sentence S{home}")
            event = (row.get("event") or "").strip().upper()
            acts.append(
                GoldAct(
                    sentence=number,
                    start=sentence["start"] + at,
                    end=sentence["start"] + at + len(predicate),
                    inherited=bool(lead_in),
                    type=(row.get("type") or "").strip(),
                    event=None if event in ("", "NONE") else event,
                    contexts=_split(row.get("contexts"), ","),
                    attached=_split(row.get("amounts"), "|") + _split(row.get("dates"), "|"),
                )
            )
    return acts


def _predicted_acts(record: Record, start: int, end: int) -> list[dict[str, Any]]:
    """The record's acts whose sentence overlaps the gold sentence [start, end)."""
    return [
        act
        for sentence in record["sentences"]
        if offsets_overlap(sentence["start"], sentence["end"], start, end)
        for act in sentence.get("acts", [])
    ]


def _events_by_act(record: Record, start: int, end: int) -> dict[int, Any]:
    """The PLOVER event of every act of the record's sentences overlapping [start, end), by the act's id()."""
    events: dict[int, Any] = {}
    for sentence in record["sentences"]:
        if offsets_overlap(sentence["start"], sentence["end"], start, end):
            acts = sentence.get("acts", [])
            events.update(zip(map(id, acts), sentence_events(acts, record["text"]), strict=True))
    return events


def _match(gold_act: GoldAct, candidates: list[dict[str, Any]]) -> dict[str, Any] | None:
    for act in candidates:
        trigger = act["trigger"]
        if act.get("inherited", False) == gold_act.inherited and offsets_overlap(
            trigger["start"], trigger["end"], gold_act.start, gold_act.end
        ):
            return act
    return None


def _holder(entity: Record, acts: list[dict[str, Any]]) -> int | None:
    """Index (in ``acts``) of the act whose amounts or dates overlap the entity, or None."""
    for index, act in enumerate(acts):
        for held in act.get("amounts", []) + act.get("dates", []):
            if offsets_overlap(held["start"], held["end"], entity["start"], entity["end"]):
                return index
    return None


def score_document(record: Record, gold: Record, acts: list[GoldAct]) -> dict[str, list[int]]:
    """Per-unit outcomes (1 right, 0 wrong) of one statement for attachment, category and context."""
    outcomes: dict[str, list[int]] = {"attachment": [], "category": [], "context": [], "found": []}
    by_sentence: dict[int, list[GoldAct]] = {}
    for act in acts:
        by_sentence.setdefault(act.sentence, []).append(act)
    for number, gold_acts in sorted(by_sentence.items()):
        sentence = gold["sentences"][number]
        candidates = _predicted_acts(record, sentence["start"], sentence["end"])
        matched = [_match(act, candidates) for act in gold_acts]
        events = _events_by_act(record, sentence["start"], sentence["end"])
        for act, found in zip(gold_acts, matched, strict=True):
            outcomes["found"].append(int(found is not None))
            predicted = events[id(found)] if found else None
            outcomes["category"].append(
                int(found is not None and (predicted.event if predicted else None) == act.event)
            )
            if found is not None and act.contexts:
                outcomes["context"].append(int(act.contexts[0] in found.get("contexts", [])))
        for entity in gold["entities"]:
            if (
                entity["label"] not in ("MONEY", "DATE")
                or not sentence["start"] <= entity["start"] < sentence["end"]
            ):
                continue
            owner = next((i for i, act in enumerate(gold_acts) if entity["text"] in act.attached), None)
            held = _holder(entity, candidates)
            if owner is None:
                right = held is None
            else:
                right = held is not None and matched[owner] is not None and candidates[held] is matched[owner]
            outcomes["attachment"].append(int(right))
    return outcomes


def score_acts(
    pairs: list[tuple[Record, Record]], acts_dir: Path = ACTS_DIR, samples: int = BOOTSTRAP_SAMPLES
) -> dict[str, Any] | None:
    """Act scores over the statements that have a gold act file; None when none has."""
    totals: dict[str, list[int]] = {"attachment": [], "category": [], "context": [], "found": []}
    documents = []
    for record, gold in pairs:
        path = acts_dir / f"{gold['doc_id']}.tsv"
        if not path.is_file():
            continue
        documents.append(gold["doc_id"])
        for name, values in score_document(record, gold, read_act_gold(path, gold)).items():
            totals[name].extend(values)
    if not documents:
        return None
    scores: dict[str, Any] = {"documents": len(documents)}
    for name, values in totals.items():
        scores[name] = {
            "n": len(values),
            "accuracy": round(sum(values) / len(values), 4) if values else None,
            "interval": accuracy_interval(values, samples),
        }
    return scores
