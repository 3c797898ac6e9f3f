"""Obligation typing: which party commits, intends, supports, opposes, appraises or states a position.

Rules over clauses (split at ，；：). A clause that opens with a party (双方, 两国元首, 中方, 乌兹别克斯坦共和国总统…)
sets the sentence's subject, and the first trigger in it is a main predicate; a clause without a subject counts only
when it opens with a trigger (…，并商定…). After a POSITION predicate (认为, 强调…), clauses with a new subject are the
content of that position, not predicates of their own. A sentence with no subject of its own continues the previous
sentence's actors. Trigger words come from ``lexicons/obligation_triggers.json``.
"""

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import communique.scorers  # noqa: F401  (registers the scorers)
import srsly
from communique.acts import DEFAULT_CONTEXTS, ContextLexicon, build_acts
from communique.dating import statement_day
from communique.extensions import register_extensions
from communique.kb import DEFAULT_KB_DIR, load_kb
from communique.labels import OBLIGATION_TYPES as TYPES
from communique.spans import doc_text
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.training import Example

DEFAULT_TRIGGERS = Path(__file__).parent.parent / "lexicons" / "obligation_triggers.json"

_CLAUSE_SPLIT = re.compile(r"[，；：:;,]")
_SECTION_NUMBER = re.compile(
    r"^(?:[一二三四五六七八九十百]+、|\d+(?:\.\d+)+\s*|\d+[、.．]\s*|（[一二三四五六七八九十]+）|[①-⑳])"
)
# between a state and the person it introduces: a title (中华人民共和国主席习近平, 斐济共和国总理兼外交部长…)
_TITLE_GAP = re.compile(r"[^\s，。；：、,;:“”《》（）()]{0,10}")
# joint bodies (中国－东盟中心) are no party's own organ
_JOINT_MARK = re.compile(r"[－—\-–]")
_CONNECTORS = ("并且", "并", "同时", "此外", "而且", "还", "也", "均", "都", "亦", "以及")
_ADVERBS = (
    "坚定",
    "始终",
    "积极",
    "继续",
    "进一步",
    "一致",
    "共同",
    "再次",
    "高度",
    "全力",
    "充分",
    "愿意",
    "均",
    "都",
    "也",
    "还",
    "将",
    "一贯",
    "坚决",
    "同样",
)
_BA_OBJECTS = ("其", "此", "该", "这", "上述", "它", "双边贸易")
# a list item under a lead-in (双方同意：⏎——…⏎（一）…⏎1.…); section numbers double as item marks
_ITEM_MARK = re.compile(
    r"^(?:[—－-]{1,2}|[（(][一二三四五六七八九十\d]+[）)]|\d+(?:\.\d+)+\s*|\d+[、.．]\s*|[一二三四五六七八九十]+、|[①-⑳])"
)
# a heading: a short line without sentence punctuation (一、政治领域, 二、务实合作, 附件)
_HEADING_MAX_CHARS = 20
_SENTENCE_PUNCTUATION = re.compile(r"[。！？；，：:;,]")
# narrative past: 签署了, 宣布了 report what happened during the visit; they commit no one
_PAST_MARKERS = ("了",)
# a trigger followed by 的 modifies a noun (两国央行签署的互换协议, 中方提出的倡议): no predicate
_ATTRIBUTIVE = "的"
# 表示 + a manner word + an appraisal noun (表示衷心感谢, 表示热烈欢迎, 对…表示高度赞赏) is an appraisal like 表示感谢
_EXPRESSED_APPRAISAL = re.compile(
    r"(?:衷心|诚挚|真诚|由衷|热烈|高度|深切|深深|诚挚的|衷心的|崇高|最)+(?:感谢|谢意|欢迎|祝贺|赞赏|满意|敬意)"
)
# a trigger that begins a noun is no predicate: 愿望 (a wish), 愿景 (a vision: 共同愿景)
_NOUN_ENDINGS = {"愿": ("望", "景")}


class ObligationTyper:
    """Sets ``types``, ``actors``, ``triggers``, ``recipients`` and ``acts`` (``pipeline/acts.py``) on every
    sentence span, from one reading of each sentence's clauses."""

    def __init__(
        self,
        name: str,
        *,
        triggers_path: str | None,
        all_parties: list[str],
        subject_suffixes: list[str],
        kb_dir: str | None = None,
        scorer: Callable | None = None,
    ) -> None:
        # the spaCy scorer (communique.scorers): the same functions as `communique evaluate`
        self.scorer = scorer
        register_extensions()
        self.name = name
        self.triggers_path = triggers_path
        self.kb_dir = kb_dir
        # recipients: 对/向/同/与/为 before a state addresses it; 人民 after one names a people, not the state
        self.addressee_markers = ("对", "向", "同", "与", "为", "给")
        self.people_words = ("人民",)
        # principles whose support is directed at the state that holds them (乌方坚定支持一个中国原则 -> CHN)
        self.initiative_holders = {"ONE-CHINA": "CHN"}
        self.all_parties = sorted(all_parties, key=len, reverse=True)
        self.subject_suffixes = sorted(subject_suffixes, key=len, reverse=True)
        # the trigger lexicon, the PLOVER contexts and the group and state names: read from the source files at
        # `initialize` (or first use), or by `from_disk` from a saved pipeline, which carries its own copy
        self.data: dict | None = None

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        """Triggers from ``triggers_path``, contexts from ``lexicons/``, names from the knowledge base."""
        kb = load_kb(self.kb_dir or DEFAULT_KB_DIR)
        self.set_data(
            {
                "triggers": json.loads(
                    Path(self.triggers_path or DEFAULT_TRIGGERS).read_text(encoding="utf-8")
                ),
                "contexts": json.loads(DEFAULT_CONTEXTS.read_text(encoding="utf-8")),
                "group_subjects": dict(kb.group_subjects),
                "groups": {name: list(members) for name, members in kb.groups.items()},
                "state_names": {state: list(names) for state, names in kb.state_names.items()},
            }
        )

    def set_data(self, data: dict) -> None:
        self.data = data
        lexicon = data["triggers"]
        self.triggers: dict[str, str] = {}
        for obligation_type in TYPES:
            for word in lexicon[obligation_type]:
                self.triggers.setdefault(word, obligation_type)
        self.item_actions = tuple(lexicon.get("ITEM_ACTIONS", ()))
        # acts' PLOVER contexts by keyword (pipeline/acts.py)
        self.contexts = ContextLexicon.from_data(data["contexts"])
        self.trigger_pattern = re.compile(
            "|".join(map(re.escape, sorted(self.triggers, key=len, reverse=True)))
        )
        # 东盟国家, 非方 … -> a group's id, a subject only in statements that group issues with China
        self.group_subjects = sorted(
            data["group_subjects"].items(), key=lambda item: len(item[0]), reverse=True
        )
        # 中亚国家, 湄公河国家 … -> member states, a subject naming those of them that are parties
        self.member_groups = sorted(
            ((name, tuple(members)) for name, members in data["groups"].items()),
            key=lambda item: len(item[0]),
            reverse=True,
        )
        # the names a party's own organs begin with (中国政府, 菲律宾外交部)
        self.state_names = {
            state: sorted(names, key=len, reverse=True) for state, names in data["state_names"].items()
        }

    def to_disk(self, path: str | Path, exclude: tuple = ()) -> None:
        if self.data is None:
            self.initialize()
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "data.json", self.data)

    def from_disk(self, path: str | Path, exclude: tuple = ()) -> "ObligationTyper":
        saved = Path(path) / "data.json"
        if saved.exists():  # pipelines saved before this carry none: read from the source files at first use
            self.set_data(srsly.read_json(saved))
        return self

    # --- subjects -------------------------------------------------------------------------------------------
    def subject_at(
        self,
        text: str,
        position: int,
        states: dict[int, tuple[int, str]],
        persons: dict[int, int],
        parties: list[str],
    ) -> tuple[list[str], int] | None:
        """Actors and end offset of a subject starting at ``position`` (sentence-relative), if one does."""
        for word in self.all_parties:
            if text.startswith(word, position):
                return list(parties), position + len(word)
        for form, group in self.group_subjects:
            if group in parties and text.startswith(form, position):
                return [group], position + len(form)
        for form, members in self.member_groups:
            named = [code for code in members if code in parties]
            if named and text.startswith(form, position):
                return named, position + len(form)
        actors: list[str] = []
        end = position
        while end in states:
            state_end, code = states[end]
            if code in parties and code not in actors:
                actors.append(code)
            end = state_end
            for suffix in self.subject_suffixes:
                if text.startswith(suffix, end):
                    end += len(suffix)
                    break
            end = persons.get(end, end)
            if text.startswith("和", end) or text.startswith("与", end):
                if end + 1 in states:
                    end += 1
                    continue
            break
        return (actors, end) if actors else None

    def predicate_at(self, text: str, position: int) -> re.Match | None:
        """A trigger at ``position``, after connectors and adverbs."""
        while True:
            for word in _CONNECTORS + _ADVERBS:
                if text.startswith(word, position) and not self.trigger_pattern.match(text, position):
                    position += len(word)
                    break
            else:
                break
        return self.trigger_pattern.match(text, position)

    def trigger_type(self, text: str, match: re.Match) -> str | None:
        word = match.group()
        obligation_type = self.triggers[word]
        if word == "将" and text.startswith(_BA_OBJECTS, match.end()):
            return None
        if text.startswith(_NOUN_ENDINGS.get(word, ()), match.end()):
            return None
        if obligation_type == "COMMITMENT" and text.startswith(_PAST_MARKERS, match.end()):
            return None
        if text.startswith(_ATTRIBUTIVE, match.end()):
            return None
        if word == "表示" and _EXPRESSED_APPRAISAL.match(text, match.end()):
            return "APPRAISAL"
        if word == "重申":
            following = self.trigger_pattern.match(text, match.end())
            if following and self.triggers[following.group()] != "POSITION":
                return self.triggers[following.group()]
        return obligation_type

    # --- sentences ------------------------------------------------------------------------------------------
    def type_sentence(
        self,
        sent: Span,
        parties: list[str],
        previous_actors: list[str],
        ents: list[Span] | None = None,
        text: str | None = None,
        subject_codes: dict[int, str] | None = None,
    ) -> tuple[list[str], list[str], list[dict], list[str] | None]:
        """Types, actors and triggers of one sentence, and the subject it names itself (None when it has none, so
        that the next sentence can continue it). ``ents``: the entities inside the sentence, when the caller has
        them (``Span.ents`` rebuilds every entity of the Doc on each call); ``text``: the sentence's text;
        ``subject_codes``: the party each PERSON or ORG entity stands for as a subject (by start offset)."""
        text = sent.text if text is None else text
        base = sent.start_char
        ents = sent.ents if ents is None else ents
        codes = subject_codes or {}
        states = {
            ent.start_char - base: (
                ent.end_char - base,
                ent._.norm if ent.label_ == "STATE" else codes[ent.start_char],
            )
            for ent in ents
            if ent.label_ == "STATE" or ent.start_char in codes
        }
        persons = {ent.start_char - base: ent.end_char - base for ent in ents if ent.label_ == "PERSON"}
        types: list[str] = []
        actors: list[str] = []
        triggers: list[dict] = []
        subject_seen = False
        inside_position = False
        current = previous_actors
        # the subject span the current actors come from (Doc offsets; None when carried from before): acts keep it
        subject_span: tuple[int, int] | None = None
        clause_start = 0
        for clause_end in [m.start() for m in _CLAUSE_SPLIT.finditer(text)] + [len(text)]:
            position = clause_start
            section = _SECTION_NUMBER.match(text, position)
            if section:
                position = section.end()
            for connector in _CONNECTORS:
                if text.startswith(connector, position):
                    position += len(connector)
                    break
            subject = self.subject_at(text, position, states, persons, parties)
            match = None
            if subject is not None:
                if inside_position and subject_seen:
                    clause_start = clause_end + 1
                    continue
                subject_span = (base + position, base + subject[1])
                current, position = subject
                subject_seen = True
                found = self.trigger_pattern.search(text, position, clause_end)
                match = found
            else:
                match = self.predicate_at(text, position)
                if match is not None and match.end() > clause_end:
                    match = None
            coordinated = False
            while match is not None and current:
                obligation_type = self.trigger_type(text, match)
                if obligation_type:
                    if obligation_type not in types:
                        types.append(obligation_type)
                    for code in current:
                        if code not in actors:
                            actors.append(code)
                    triggers.append(
                        {
                            "start": base + match.start(),
                            "end": base + match.end(),
                            "text": match.group(),
                            "type": obligation_type,
                            # internal (record.py keeps only the four keys above): what ``acts`` reads
                            "actors": list(current),
                            "subject": subject_span,
                            "coordinated": coordinated,
                        }
                    )
                    inside_position = inside_position or obligation_type == "POSITION"
                # coordinated predicates: 欢迎并支持, 积极支持并推动落实
                after = match.end()
                match = None
                if text.startswith("并", after) or text.startswith("和", after):
                    coordinated = True
                    match = self.predicate_at(text, after + 1)
                    if match is not None and match.end() > clause_end:
                        match = None
            clause_start = clause_end + 1
        own_subject = list(current) if subject_seen else None
        return [t for t in TYPES if t in types], actors, triggers, own_subject

    def subject_codes(self, ents: list[Span], text: str, parties: list[str]) -> dict[int, str]:
        """The party a PERSON or ORG entity stands for when it opens a clause, read once per document: a person is
        the party of the state that introduced them (中华人民共和国主席习近平 → CHN, also when later named
        by a part of the name: 莫拉莱斯总统 after 埃沃·莫拉莱斯·艾玛); an organ is the party whose name it
        begins with (中国政府, 菲律宾政府), a joint body (中国－东盟中心) none."""
        codes: dict[int, str] = {}
        introduced: dict[str, str] = {}
        previous_state: Span | None = None
        for ent in ents:
            if ent.label_ == "STATE":
                previous_state = ent
            elif ent.label_ == "PERSON":
                state = introduced.get(ent.text)
                if state is None and previous_state is not None and previous_state._.norm in parties:
                    gap = text[previous_state.end_char : ent.start_char]
                    if _TITLE_GAP.fullmatch(gap):
                        state = previous_state._.norm
                        introduced[ent.text] = state
                if state is None:
                    state = next((code for name, code in introduced.items() if ent.text in name), None)
                if state is not None:
                    codes[ent.start_char] = state
            elif ent.label_ == "ORG" and not _JOINT_MARK.search(ent.text):
                for party in parties:
                    if any(ent.text.startswith(name) for name in self.state_names.get(party, ())):
                        codes[ent.start_char] = party
                        break
        return codes

    # --- document structure ---------------------------------------------------------------------------------
    def recipient_positions(
        self,
        sent: Span,
        text: str,
        ents: list[Span],
        triggers: list[dict],
        actors: list[str],
        parties: list[str],
        subject_codes: dict[int, str],
    ) -> list[tuple[str, int]]:
        """The states (or group parties) the sentence's predicates are directed at (docs/annotation-guidelines.md,
        "Recipients"): a state named after a predicate that is not a stated view (支持乌方, 愿同中方, 感谢中方), or
        addressed before it (对中方…表示感谢); a party's organ or leader as such a state; the one-China principle
        as China's; never an actor, never a people (中国人民), never inherited from another sentence.
        Each with the sentence-relative position it was named at, so that ``acts`` can give it to its predicate."""
        own = [t for t in triggers if not t.get("inherited")]
        if not own:
            return []
        base = sent.start_char
        directed = [t for t in own if t["type"] != "POSITION"]
        first = min((t["start"] for t in directed), default=None)
        found: list[str] = []
        positions: list[int] = []
        if first is not None:
            # groups named after a predicate: 中方将向非洲国家提供…, 为湄公河国家培养… (a group party, or the member
            # states that are parties)
            tail = text[first - base :]
            for form, group in self.group_subjects:
                if group in parties and group not in actors and group not in found and form in tail:
                    found.append(group)
                    positions.append(first - base + tail.index(form))
            for form, members in self.member_groups:
                if form in tail:
                    for code in members:
                        if code in parties and code not in actors and code not in found:
                            found.append(code)
                            positions.append(first - base + tail.index(form))
        for ent in ents:
            start, end = ent.start_char - base, ent.end_char - base
            code = self.recipient_code(ent, parties, subject_codes)
            if code is None or code in actors or code in found:
                continue
            if text.startswith(self.people_words, end):
                continue
            after_predicate = first is not None and ent.start_char >= first
            # 对日本…表示关切, 向中方表示感谢: addressed before the predicate, whatever its type
            addressed = text[max(0, start - 1) : start] in self.addressee_markers and any(
                t["start"] >= ent.end_char for t in own
            )
            # the one-China principle is China's, whatever predicate (重申恪守, 承认, 支持) takes it
            held = ent.label_ == "INITIATIVE" and ent.start_char >= own[0]["start"]
            if after_predicate or addressed or held:
                found.append(code)
                positions.append(start)
        return list(zip(found, positions, strict=True))

    def recipient_code(self, ent: Span, parties: list[str], subject_codes: dict[int, str]) -> str | None:
        """The state or group an entity stands for as a recipient, if any."""
        norm = ent._.norm
        if ent.label_ == "STATE":
            return norm if isinstance(norm, str) else None
        if ent.label_ in ("PERSON", "ORG") and ent.start_char in subject_codes:
            return subject_codes[ent.start_char]
        if isinstance(norm, dict):
            entry = norm.get("id")
            if ent.label_ == "ORG" and entry in parties:
                return entry
            if ent.label_ == "INITIATIVE" and entry in self.initiative_holders:
                return self.initiative_holders[entry]
        return None

    def inherit_from_lead_in(
        self,
        text: str,
        base: int,
        lead_in: tuple[list[str], list[dict]],
        types: list[str],
        actors: list[str],
        triggers: list[dict],
    ) -> tuple[list[str], list[str], list[dict]]:
        """An item with no predicate of its own takes the lead-in's type (双方同意：⏎——加强… → COMMITMENT); under a
        lead-in without one (达成如下共识：), an item that opens with an action verb is a COMMITMENT."""
        lead_actors, lead_triggers = lead_in
        if types or not lead_actors:
            return types, actors, triggers
        if lead_triggers:
            return [lead_triggers[-1]["type"]], list(lead_actors), [{**lead_triggers[-1], "inherited": True}]
        body = _ITEM_MARK.sub("", text, count=1).lstrip()
        for verb in self.item_actions:
            if body.startswith(verb):
                start = base + len(text) - len(body)
                trigger = {
                    "start": start,
                    "end": start + len(verb),
                    "text": verb,
                    "type": "COMMITMENT",
                    "actors": list(lead_actors),
                    "subject": None,
                    "coordinated": False,
                }
                return ["COMMITMENT"], list(lead_actors), [trigger]
        return types, actors, triggers

    def is_heading(self, text: str) -> bool:
        """A section heading (一、政治领域): short, no sentence punctuation, no trigger of its own."""
        return (
            len(text) <= _HEADING_MAX_CHARS
            and not _SENTENCE_PUNCTUATION.search(text)
            and self.trigger_pattern.search(text) is None
        )

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        """The scores of ``communique.scorers`` (``spacy evaluate``, ``spacy train``)."""
        return self.scorer(examples, **kwargs) if self.scorer else {}

    def __call__(self, doc: Doc) -> Doc:
        """Type every sentence, reading the document's structure once, in order: a heading ends the carry-over of
        a subject; a sentence ending in a colon is a lead-in whose actors (and type, for items with no predicate of
        their own) its list items inherit; a sentence with no subject continues the last one named in its
        section, typed or not (the clause-list preamble: 中华人民共和国和X国（以下称“双方”），⏎回顾…；⏎强调…).
        The structure found is kept in ``doc.spans["structure"]`` (HEADING, LEAD_IN, ITEM)."""
        if self.data is None:
            self.initialize()
        parties = list(doc._.parties)
        previous: list[str] = []
        lead_in: tuple[list[str], list[dict]] | None = None
        structure: list[Span] = []
        heading: str | None = None  # the section an act is in: one of the clues to its PLOVER context
        # the Doc's entities once, walked alongside the sentences: ``Span.ents`` and ``Doc.text`` rebuild from the
        # whole Doc on every access, which made this stage quadratic in document length
        whole_text = doc_text(doc)
        # (amounts, dates, documents and events too: the acts take theirs from the same walk)
        ents = list(doc.ents)
        subject_codes = self.subject_codes(ents, whole_text, parties)
        # a date before the statement's own day recalls history: it never times an act
        day = statement_day(ents, whole_text)
        index = 0
        for sent in doc.sents:
            sent_text = whole_text[sent.start_char : sent.end_char]
            while index < len(ents) and ents[index].start < sent.start:
                index += 1
            inside = []
            while index < len(ents) and ents[index].end <= sent.end:
                inside.append(ents[index])
                index += 1
            text = sent_text.strip()
            if not text:
                continue
            item = lead_in is not None and _ITEM_MARK.match(text) is not None
            # a short numbered line is a heading even under a lead-in; a dash line there is always an item
            if not (item and text.startswith(("—", "－", "-"))) and self.is_heading(text):
                sent._.types, sent._.actors, sent._.triggers = [], [], []
                structure.append(Span(doc, sent.start, sent.end, label="HEADING"))
                sent._.recipients, sent._.acts = [], []
                heading = text
                # a heading ends the carry-over of a subject, not a list: an action plan's lead-in governs the
                # numbered items of every section under it
                previous = []
                continue
            if lead_in is not None and not item:
                lead_in = None
            carried = lead_in[0] if item else previous
            types, actors, triggers, subject = self.type_sentence(
                sent, parties, carried, inside, sent_text, subject_codes
            )
            if item:
                structure.append(Span(doc, sent.start, sent.end, label="ITEM"))
                types, actors, triggers = self.inherit_from_lead_in(
                    text,
                    sent.start_char + len(sent_text) - len(sent_text.lstrip()),
                    lead_in,
                    types,
                    actors,
                    triggers,
                )
            sent._.types = types
            sent._.actors = actors
            sent._.triggers = triggers
            recipients = self.recipient_positions(
                sent, sent_text, inside, triggers, actors, parties, subject_codes
            )
            sent._.recipients = [code for code, _ in recipients]
            sent._.acts = build_acts(
                sent_text, sent.start_char, triggers, recipients, inside, heading, self.contexts, day
            )
            if text.endswith(("：", ":")) and (actors or subject):
                structure.append(Span(doc, sent.start, sent.end, label="LEAD_IN"))
                lead_in = (actors or subject or [], [t for t in triggers if not t.get("inherited")])
            if not item:
                previous = actors or subject or previous
        doc.spans["structure"] = structure
        return doc


@Language.factory(
    "communique_obligations",
    default_config={
        "scorer": {"@scorers": "communique.obligation_scorer.v1"},
        "triggers_path": None,
        "all_parties": [
            "双方",
            "两国元首",
            "两国领导人",
            "两国",
            "各方",
            "双方领导人",
            "两国政府",
            "两党",
            # the multilateral voice (docs/annotation-guidelines.md, "Parties and groups")
            "与会各方",
            "我们各国领导人",
            "我们",
            "各方领导人",
            "与会领导人",
            "各国领导人",
        ],
        "kb_dir": None,
        "subject_suffixes": [
            "国家主席",
            "主席",
            "总统",
            "总理",
            "政府",
            "国王",
            "王储",
            "首相",
            "外长",
            "领导人",
            "人民",
        ],
    },
    default_score_weights={"cats_score": 1.0, "obligation_actor_acc": 0.5},
)
def make_obligation_typer(
    nlp: Language,
    name: str,
    triggers_path: str | None,
    all_parties: list[str],
    subject_suffixes: list[str],
    kb_dir: str | None,
    scorer: Callable | None = None,
) -> ObligationTyper:
    return ObligationTyper(
        name,
        triggers_path=triggers_path,
        all_parties=all_parties,
        subject_suffixes=subject_suffixes,
        kb_dir=kb_dir,
        scorer=scorer,
    )
