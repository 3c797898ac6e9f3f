"""Acts: one per typed predicate, read from the clause structure the obligation typer has already found.

The typer (``components/obligations.py``) reads each sentence once and keeps, for every trigger, the actors of its
clause and the subject it came from; this module turns those triggers into acts without reading the document
again: the object the predicate commits to (its complement inside its clause), the recipients it is directed at
(the sentence's recipients, each given to the predicate it follows, or the one it is addressed before), the amounts,
dates, documents, initiatives and events of its scope, and the PLOVER contexts of its section and clause.

A sentence is split among its acts: an act's scope runs from the start of its clause (the first act's from the
start of the sentence, so that a leading 到2025年， belongs to it) to the start of the next act's clause;
predicates coordinated inside one clause (欢迎并支持…) share it. An item that takes its lead-in's trigger
(``inherited``) is one act whose scope and object are the item itself.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_CONTEXTS = Path(__file__).parent / "lexicons" / "plover_contexts.json"

CLAUSE_SPLIT = re.compile(r"[，；：:;,]")
# an item's own mark (——, （一）, 1.) is not part of what it commits to
_ITEM_MARK = re.compile(
    r"^\s*(?:[—－-]{1,2}|[（(][一二三四五六七八九十\d]+[）)]|\d+(?:\.\d+)+\s*|\d+[、.．]\s*|[一二三四五六七八九十]+、|[①-⑳])"
)
_TRIM = "，；：:;,。！？ \n\t、"

# which entity labels an act keeps, and under which key
ATTACHED = {
    "MONEY": "amounts",
    "DATE": "dates",
    "DOC": "documents",
    "INITIATIVE": "initiatives",
    "EVENT": "events",
}

# how a date times an act: a deadline (2025年前, 到2030年), a period (2024年至2026年, 2025年期间, a range), a start
# (自2024年起); a date that only qualifies a noun (2019年签署的协定, 2023年的峰会) does not time the act
_DEADLINE_AFTER = re.compile(r"^(?:年底|年末|底)?(?:前|之前|以前)")
_DEADLINE_BEFORE = ("到", "至", "截至")
_PERIOD_AFTER = re.compile(r"^(?:期间|内|之内|年内|以来)")
_START_AFTER = re.compile(r"^(?:起|开始)")
_START_BEFORE = ("自", "从")
# (a bare 的 only right after the date: a place between 在 and the verb may hold one, 在蒙得维的亚举行)
_ATTRIBUTIVE_AFTER = re.compile(
    r"^(?:的|(?:在[^，。；、]{0,8})?(?:签署|签订|发表|举行|通过|建立|成立|启动|召开|提出)(?:的|了))"
)
# what an act builds on (在已提供的四亿元人民币援助基础上, 在2021年隆重庆祝建交70周年的基础上) is past: an amount or a
# date inside it belongs to no act
_FOUNDATION = re.compile(r"在[^，。；：在]{1,40}?基础上")  # from the 在 that opens it, not an earlier one
_RANGE = re.compile(r"[至到－—–-]")
# a date inside the name of an event the act takes part in or hosts (出席2023年6月在巴黎举行的峰会, 办好2025年在天津
# 举行的峰会) times the act: the act happens then. Elsewhere such a date only qualifies a noun.
_TAKES_PART = ("出席", "参加", "参与", "办好", "举办", "主办", "承办", "共同办好", "参赛", "参展")
# a date in an 作为/担任 phrase qualifies the role (作为2022年轮值主席国), not the act
_ROLE_BEFORE = ("作为", "担任")
# CAMEO 013 "make optimistic comment" (which PLOVER drops): satisfaction with how things stand (满意地指出…,
# 表示满意) and hopes for how an event will go (期待…峰会取得丰硕成果); neither promises nor praises an act
_SATISFACTION = "满意"
_HOPES = ("期待", "期望", "希望", "祝愿")
_GOOD_OUTCOME = re.compile(
    r"(?:取得|获得)[^，。；]{0,8}(?:成果|成功|进展)$|(?:圆满|顺利)(?:成功|举行|召开)?$|成功$"
)
# only acts that commit to something in the future are timed by a date (its deadline, period, start or point:
# ``date_role``); a date under a support, an appraisal, a hope or a view dates what is supported or appraised
# (支持哥方于2024年主办…大会, 欢迎2018年举行的会议), not the act. A date before the statement's own day recalls history
# (在2021年隆重庆祝建交70周年的基础上) and times no act at all.
TIMED_TYPES = ("COMMITMENT", "INTENTION")
# an amount belongs to what an act pledges, targets or welcomes (欢迎…总值约65亿新元的项目); a figure a stated
# view or an appraisal of praise or satisfaction reports (双方满意地指出，2022年双边贸易额达到65亿美元) is history
_WELCOME = ("欢迎",)  # the analysed text is simplified


def _any_word(contexts: dict[str, tuple[str, ...]]) -> dict[str, re.Pattern | None]:
    """For each context, a pattern that finds any of its words (None for a context without words)."""
    return {
        name: re.compile("|".join(map(re.escape, words))) if words else None
        for name, words in contexts.items()
    }


@dataclass(frozen=True)
class ContextLexicon:
    """PLOVER contexts by keyword, for a section heading and for a clause (``lexicons/plover_contexts.json``)."""

    clause: dict[str, tuple[str, ...]]
    heading: dict[str, tuple[str, ...]]
    default: str | None
    # each context's words as one pattern, built once: a search per context, not a substring test per word
    clause_patterns: dict[str, re.Pattern | None] = field(init=False, repr=False, compare=False)
    heading_patterns: dict[str, re.Pattern | None] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "clause_patterns", _any_word(self.clause))
        object.__setattr__(self, "heading_patterns", _any_word(self.heading))

    @classmethod
    def load(cls, path: str | Path | None = None) -> ContextLexicon:
        return cls.from_data(json.loads(Path(path or DEFAULT_CONTEXTS).read_text(encoding="utf-8")))

    @classmethod
    def from_data(cls, data: dict) -> ContextLexicon:
        """From the lexicon's JSON content (a saved pipeline carries it: ``communique_obligations/``)."""
        return cls(
            clause={name: tuple(words) for name, words in data["clause"].items()},
            heading={name: tuple(words) for name, words in data["heading"].items()},
            default=data.get("default"),
        )

    def predict(self, heading: str | None, clause: str) -> list[str]:
        """The contexts whose words the clause names; else its section's; else the default (diplomatic: what a
        joint statement between states is when it names no field)."""
        found = [name for name, words in self.clause_patterns.items() if words and words.search(clause)]
        if not found and heading:
            found = [name for name, words in self.heading_patterns.items() if words and words.search(heading)]
        if not found and self.default:
            found = [self.default]
        return found


def is_optimistic_comment(act_type: str, trigger: str, object_text: str) -> bool:
    """Satisfaction or a hope for an outcome (CAMEO 013): a comment, not an act; it is neither timed nor an event."""
    if act_type == "APPRAISAL":
        return _SATISFACTION in trigger
    if act_type == "INTENTION" and trigger in _HOPES:
        return bool(_GOOD_OUTCOME.search(object_text.rstrip(_TRIM)))
    return False


def date_role(text: str, start: int, end: int, is_range: bool) -> str | None:
    """How the date at ``text[start:end]`` (sentence-relative) times its act, or None when it does not."""
    after = text[end : end + 16]
    before = text[max(0, start - 4) : start]
    if _DEADLINE_AFTER.match(after) or before.endswith(_DEADLINE_BEFORE):
        return "deadline"
    if _START_AFTER.match(after) or before.endswith(_START_BEFORE):
        return "start"
    if before.endswith(_ROLE_BEFORE):
        return None
    if _ATTRIBUTIVE_AFTER.match(after) and not before.endswith(_TAKES_PART):
        return None
    if is_range or _PERIOD_AFTER.match(after):
        return "period"
    return "point"


def _is_history(ent: Any, statement_day: str | None) -> bool:
    """Whether the date ``ent`` ends before the statement's day (it recalls history). Only a date that writes its
    year: the normaliser gives 3月 the statement's year, and in a June statement 于3月举行 is next March."""
    if "年" not in ent.text:
        return False
    norm = ent._.norm if ent.has_extension("norm") else None
    end = norm.get("end") if isinstance(norm, dict) else None
    return bool(statement_day and isinstance(end, str) and end < statement_day)


def _timing(
    act_type: str, comment: bool, text: str, ent: Any, base: int, statement_day: str | None
) -> str | None:
    """How the date ``ent`` times an act of ``act_type`` (see ``TIMED_TYPES``), or None when it does not."""
    if act_type not in TIMED_TYPES or comment or _is_history(ent, statement_day):
        return None
    return date_role(text, ent.start_char - base, ent.end_char - base, bool(_RANGE.search(ent.text)))


def _holds_amounts(act_type: str, trigger: str) -> bool:
    """Whether an act of ``act_type`` with ``trigger`` takes the amounts of its scope (see ``_WELCOME``)."""
    if act_type == "POSITION":
        return False
    return act_type != "APPRAISAL" or trigger.startswith(_WELCOME)


def clause_starts(text: str) -> list[int]:
    """Sentence-relative offsets where each clause begins."""
    return [0] + [match.end() for match in CLAUSE_SPLIT.finditer(text)]


def _clause_of(starts: list[int], position: int) -> int:
    """The start of the clause containing ``position``."""
    found = 0
    for start in starts:
        if start > position:
            break
        found = start
    return found


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return (start, end) if end > start else None


def build_acts(
    text: str,
    base: int,
    triggers: list[dict[str, Any]],
    recipients: list[tuple[str, int]],
    ents: list[Any],
    heading: str | None,
    contexts: ContextLexicon,
    statement_day: str | None = None,
) -> list[dict[str, Any]]:
    """The acts of one sentence (``text`` starting at Doc offset ``base``). ``triggers``: the typer's, with their
    internal ``actors``/``subject``/``coordinated`` keys; ``recipients``: (code, sentence-relative position) as
    ``ObligationTyper.recipient_positions`` found them; ``ents``: the sentence's entities (spaCy spans);
    ``statement_day``: the statement's own date (ISO), when known. Offsets returned are Doc offsets; ``record.py``
    maps them back to the original text."""
    if not triggers:
        return []
    starts = clause_starts(text)
    foundations = [match.span() for match in _FOUNDATION.finditer(text)]
    own = [t for t in triggers if not t.get("inherited")]
    # scope start per act: its clause, the first act's from the sentence start, a coordinated one its head's
    scopes: list[int] = []
    for number, trigger in enumerate(triggers):
        if trigger.get("inherited"):
            scopes.append(len(text) - len(_ITEM_MARK.sub("", text, count=1)))
        elif number == 0:
            scopes.append(0)
        elif trigger.get("coordinated"):
            scopes.append(scopes[-1])
        else:
            scopes.append(_clause_of(starts, trigger["start"] - base))
    ends = []
    for number in range(len(triggers)):
        later = [s for s in scopes[number + 1 :] if s > scopes[number]]
        ends.append(later[0] if later else len(text))
    acts: list[dict[str, Any]] = []
    for number, trigger in enumerate(triggers):
        scope_start, scope_end = scopes[number], ends[number]
        if trigger.get("inherited"):
            obj = _trimmed(text, scope_start, len(text))
        else:
            # the complement: after the last predicate coordinated with this one, to the end of its clause
            after = trigger["end"] - base
            for other in triggers[number + 1 :]:
                if other.get("coordinated") and scopes[triggers.index(other)] == scope_start:
                    after = max(after, other["end"] - base)
            clause_end = next((m.start() for m in CLAUSE_SPLIT.finditer(text, after)), len(text))
            # a predicate that ends its clause (双方商定，2028年前建成…) takes the rest of its scope
            obj = _trimmed(text, after, clause_end) or _trimmed(text, after, max(scope_end, after))
        act: dict[str, Any] = {
            "type": trigger["type"],
            "trigger": {"start": trigger["start"], "end": trigger["end"]},
            "inherited": bool(trigger.get("inherited")),
            "actors": list(trigger.get("actors") or []),
            "subject": trigger.get("subject"),
            "recipients": [],
            "object": None if obj is None else {"start": base + obj[0], "end": base + obj[1]},
            **{key: [] for key in ATTACHED.values()},
        }
        trigger_text = text[trigger["start"] - base : trigger["end"] - base]
        object_text = "" if obj is None else text[obj[0] : obj[1]]
        comment = is_optimistic_comment(trigger["type"], trigger_text, object_text)
        for ent in ents:
            key = ATTACHED.get(ent.label_)
            start = ent.start_char - base
            if key is None or not scope_start <= start < scope_end:
                continue
            if key in ("amounts", "dates") and any(a <= start < b for a, b in foundations):
                continue
            found = {"start": ent.start_char, "end": ent.end_char}
            if key == "dates":
                role = _timing(trigger["type"], comment, text, ent, base, statement_day)
                if role is None:
                    continue
                found["role"] = role
            elif key == "amounts" and not _holds_amounts(trigger["type"], trigger_text):
                continue
            act[key].append(found)
        clause = text[scope_start:scope_end]
        act["contexts"] = contexts.predict(heading, clause)
        acts.append(act)
    _attach_recipients(acts, own, triggers, recipients, base)
    return acts


def _attach_recipients(
    acts: list[dict[str, Any]],
    own: list[dict[str, Any]],
    triggers: list[dict[str, Any]],
    recipients: list[tuple[str, int]],
    base: int,
) -> None:
    """Each recipient goes to the last directed predicate before it, or (addressed before any: 对中方…表示感谢)
    to the first predicate after it; the acts' recipients together are the sentence's."""
    if not own:
        return
    directed = [t for t in own if t["type"] != "POSITION"] or own
    for code, position in recipients:
        before = [t for t in directed if t["start"] - base <= position]
        chosen = before[-1] if before else next((t for t in own if t["start"] - base >= position), own[-1])
        act = acts[triggers.index(chosen)]
        if code not in act["recipients"]:
            act["recipients"].append(code)
