"""PLOVER event records from a record's acts (``communique extract --format plover``).

One event per act that PLOVER counts as an event, with PLOVER's field names (the manual's data fields, JSON
Lines). Which category, mode and CAMEO root code an act gets is ``event_of``; why each choice, from the PLOVER
codebook, is in docs/plover-mapping.md. A stated view (POSITION: 认为, 强调, 指出) is CAMEO 01 "make public
statement", which PLOVER drops: no event is written for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from communique.acts import is_optimistic_comment

CODEBOOK = "PLOVER"
LANGUAGE = "zh"


@dataclass(frozen=True)
class PloverEvent:
    """An act's PLOVER category, its modes (lists, as PLOVER has them) and the CAMEO root code it comes from."""

    event: str
    mode: tuple[str, ...]
    cameo: str


# the trigger families whose category differs from their type's (docs/plover-mapping.md)
_SIGNING = ("签署",)  # signing or ratifying an agreement: SUPPORT (CAMEO 057)
_CONDEMN = ("谴责",)  # CAMEO 111 criticise or denounce
_REFUSE = ("不接受",)  # refusing a proposal: REJECT (CAMEO 12)
_RESTRAINT = ("不干涉", "不允许", "不参与", "重申不")  # a promise not to act: AGREE (CAMEO 03)
# deciding to establish diplomatic relations grants recognition: SUPPORT (CAMEO 054), not a promise; celebrating
# the anniversary of having done so (庆祝建立外交关系50周年) is not
_RECOGNITION = re.compile(r"(?<!庆祝)(?<!纪念)建立[^，。；]{0,6}外交关系(?![^，。；]{0,4}(?:周年|以来))")

BY_TYPE: dict[str, PloverEvent | None] = {
    "COMMITMENT": PloverEvent("AGREE", (), "03"),
    "INTENTION": PloverEvent("AGREE", (), "03"),
    "SUPPORT": PloverEvent("SUPPORT", (), "05"),
    "APPRAISAL": PloverEvent("SUPPORT", (), "05"),
    "OPPOSITION": PloverEvent("ACCUSE", ("disapprove",), "11"),
    "POSITION": None,
}


def event_of(act_type: str, trigger: str, object_text: str = "", future: bool = False) -> PloverEvent | None:
    """The PLOVER category of an act from its type, trigger word and object; None for a stated view or an
    optimistic comment (no event). ``future``: the act continues a promise or intention of its sentence
    (双方将扩大…，支持…): "future-tense SUPPORT is coded AGREE"."""
    if is_optimistic_comment(act_type, trigger, object_text):
        return None
    if act_type == "SUPPORT" and future:
        return BY_TYPE["COMMITMENT"]
    if act_type == "COMMITMENT" and (trigger in _SIGNING or _RECOGNITION.search(object_text)):
        return PloverEvent("SUPPORT", (), "05")
    if act_type == "OPPOSITION":
        if trigger in _CONDEMN:
            return PloverEvent("ACCUSE", ("disapprove",), "11")
        if trigger in _REFUSE:
            return PloverEvent("REJECT", (), "12")
        if trigger in _RESTRAINT:
            return PloverEvent("AGREE", (), "03")
    return BY_TYPE.get(act_type)


def sentence_events(acts: list[dict[str, Any]], text: str) -> list[PloverEvent | None]:
    """The event of each act of one sentence, in order (``text``: the record's text, for the objects). A SUPPORT act
    under the subject of an earlier COMMITMENT or INTENTION act of the sentence (双方将扩大…，支持…) continues that
    promise: support promised, which PLOVER codes AGREE; with a subject of its own (…，乌方支持…) it is support given."""
    events: list[PloverEvent | None] = []
    promise: dict[str, Any] | None = None
    for act in acts:
        obj = act.get("object") or {}
        object_text = text[obj["start"] : obj["end"]] if obj else ""
        future = (
            promise is not None
            and act["type"] == "SUPPORT"
            and act.get("subject") in (None, promise.get("subject"))
        )
        events.append(event_of(act["type"], act["trigger"]["text"], object_text, future))
        if act["type"] in ("COMMITMENT", "INTENTION"):
            promise = act
    return events


def _party_text(record: dict[str, Any], sentence: dict[str, Any], code: str) -> str | None:
    """How the sentence names a state (its first STATE entity with that code), else None."""
    for entity in record["entities"]:
        if entity["start"] >= sentence["end"]:
            break
        if entity["start"] >= sentence["start"] and entity.get("norm") == code:
            return entity["text"]
    return None


def plover_events(record: dict[str, Any], coder: dict[str, str]) -> Iterator[dict[str, Any]]:
    """The record's events in text order. ``id`` is ``DOC_ID-S-A`` (sentence S, act A within it): stable for a
    statement's text, so a re-run writes the same ids."""
    date = record.get("date") or {}
    text = record["text"]
    for s_index, sentence in enumerate(record["sentences"]):
        acts = sentence.get("acts", [])
        for a_index, (act, found) in enumerate(zip(acts, sentence_events(acts, text), strict=True)):
            if found is None:
                continue
            subject = (act.get("subject") or {}).get("text")
            actors = [
                {"code": code, "entity_text": subject or _party_text(record, sentence, code)}
                for code in act["actors"]
            ]
            recipients = [
                {"code": code, "entity_text": _party_text(record, sentence, code)}
                for code in act["recipients"]
            ]
            yield {
                "id": f"{record['doc_id']}-{s_index}-{a_index}",
                "has_event": True,
                "date": date.get("start"),
                "actor": actors,
                "recipient": recipients,
                "event": [found.event],
                "mode": list(found.mode),
                "context": list(act.get("contexts", [])),
                "event_text": text[sentence["start"] : sentence["end"]],
                "text_info": {"sequence": s_index, "start": sentence["start"], "end": sentence["end"]},
                "cite_info": {"language": LANGUAGE, "codebook": CODEBOOK, "source": record.get("source")},
                "coder": coder,
                # the project's own fields: its type, the CAMEO root code, the trigger and the object
                "communique_type": act["type"],
                "cameo": found.cameo,
                "trigger": act["trigger"],
                "object": act.get("object"),
                "doc_id": record["doc_id"],
            }


def coder_info() -> dict[str, str]:
    """The coder's name and version (the installed package's)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return {"name": "communique", "version": version("communique")}
    except PackageNotFoundError:
        return {"name": "communique", "version": "unknown"}
