"""Relationship level: the partnership designation a statement establishes, upgrades, deepens or reaffirms.

China ranks its bilateral relationships by a small vocabulary of designations (战略伙伴关系 < 全面战略伙伴关系 <
全天候全面战略伙伴关系 …, with 命运共同体 above them); statements name the designation in the title and in a
sentence with a verb that says what happens to it (建立, 提升为, 确认, 深化). The ranking lives in
``kb/relationships.jsonl`` so that an upgrade can be recognised from the data rather than from code; the action
verbs come from the config because they are wording, not knowledge.

Choice of the one relationship per document: a designation in the title wins (the title names what the statement
is about); otherwise the highest-ranked designation that a verb acts on; otherwise the highest-ranked mention.

Mentions in a history clause (…2017年建立全面战略合作伙伴关系以来) are what happened before, so their verbs do
not count. The action, in order:
- "upgrade" when a verb says so (提升为, 升级为) or a lower-ranked designation is the basis (在全面战略伙伴关系基础上
  发展永久全面战略伙伴关系);
- otherwise the title's own verb (关于深化…, 关于建立…), the statement's headline;
- otherwise "upgrade" when the statement also names a lower-ranked designation of the same kind, history clauses
  included (the earlier level it moves up from: 自2013年建立战略伙伴关系以来 … 建立全面战略伙伴关系);
- otherwise the strongest verb in the body (establish > deepen > reaffirm), and "reaffirm" when there is none.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import communique.scorers  # noqa: F401  (registers the scorers)
import srsly
from communique.extensions import register_extensions
from communique.spans import doc_text
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example

DEFAULT_RELATIONSHIPS = Path(__file__).parent.parent / "kb" / "relationships.jsonl"
ACTION_PRIORITY = ("upgrade", "establish", "deepen", "reaffirm")
DEFAULT_ACTIONS = {
    "upgrade": ["提升为", "提升至", "升级为", "升格为", "提升", "升级", "升格"],
    "establish": ["宣布建立", "正式建立", "建立", "构建", "打造", "结成", "共建"],
    "deepen": ["深化", "发展", "推进", "推动", "加强", "巩固", "强化", "充实", "丰富", "拓展"],
    "reaffirm": ["确认", "重申", "保持", "坚持", "珍视", "致力于"],
}
# 中乌, 中非, 中国－中亚, 中国—东盟: the pair abbreviation inside a community designation. Kept short so that
# 人类命运共同体 and other global "communities" (中方提出的人类命运共同体) never match.
PAIR_PATTERN = r"中(?:[\u4e00-\u9fff]{1,2}|国[－—–\-][\u4e00-\u9fff]{2,6})"
_TITLE_WORDS = re.compile(r"联合声明|联合宣言|联合公报|宣言|声明|公报")
_CLAUSE_END = re.compile(r"[。；！？\n，,;]")
_YEAR = re.compile(r"[0-9０-９]{4}年|[〇零一二三四五六七八九]{4}年")
_HISTORY_AFTER = ("以来", "周年", "週年")
_BASIS_AFTER = "基础上"


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    entry: dict[str, Any]
    action: str | None
    past: bool
    basis: bool


def form_pattern(form: str) -> str:
    """A surface form as a regular expression: literal text, ``{pair}`` standing for the 中X abbreviation."""
    return PAIR_PATTERN.join(re.escape(part) for part in form.split("{pair}"))


class RelationshipDetector:
    """Sets ``doc._.relationship`` to a dict (designation, canonical, kind, rank, start, end, action) or None."""

    def __init__(
        self,
        name: str,
        *,
        relationships_path: str | None,
        actions: dict[str, list[str]],
        title_chars: int,
        verb_window: int,
        scorer: Callable | None = None,
    ) -> None:
        register_extensions()
        # the spaCy scorer (communique.scorers): the same function as `communique evaluate`
        self.scorer = scorer
        self.name = name
        self.title_chars = title_chars
        self.verb_window = verb_window
        self.actions = {action: list(words) for action, words in actions.items()}
        self.relationships_path = relationships_path
        self._check_actions()
        # the ranking is read at `initialize` (or first use), or by `from_disk` from a saved pipeline
        self.entries: list[dict] | None = None

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        """The designations and their ranks from ``relationships_path`` (the bundled ranking by default)."""
        self.entries = list(srsly.read_jsonl(self.relationships_path or DEFAULT_RELATIONSHIPS))
        self._compile()

    def _check_actions(self) -> None:
        unknown = set(self.actions) - set(ACTION_PRIORITY)
        if unknown:
            raise ValueError(f"communique_relationship: unknown actions {sorted(unknown)}")

    def _compile(self) -> None:
        self._check_actions()
        self.forms = [
            (re.compile(form_pattern(form)), entry) for entry in self.entries for form in entry["forms"]
        ]
        verbs = {word: action for action in ACTION_PRIORITY for word in self.actions.get(action, [])}
        self.verbs = verbs
        self.verb_pattern = re.compile("|".join(map(re.escape, sorted(verbs, key=len, reverse=True))))

    # --- finding ---------------------------------------------------------------------------------------------
    def mentions(self, text: str) -> list[Mention]:
        """Every designation in ``text``, longest match first, never overlapping."""
        found = []
        for pattern, entry in self.forms:
            for match in pattern.finditer(text):
                found.append((match.start(), match.end(), entry))
        found.sort(key=lambda item: (-(item[1] - item[0]), item[0]))
        taken = [False] * len(text)
        mentions = []
        for start, end, entry in found:
            if any(taken[start:end]):
                continue
            taken[start:end] = [True] * (end - start)
            clause = self.clause_before(text, start)
            after = text[end : end + 8]
            after = after[: _CLAUSE_END.search(after).start()] if _CLAUSE_END.search(after) else after
            past = bool(_YEAR.search(clause)) or any(word in after for word in _HISTORY_AFTER)
            mentions.append(
                Mention(start, end, entry, self.action_in(clause), past, after.startswith(_BASIS_AFTER))
            )
        return sorted(mentions, key=lambda mention: mention.start)

    def clause_before(self, text: str, start: int) -> str:
        """The text before ``start`` back to the clause boundary (at most ``verb_window`` characters)."""
        window = text[max(0, start - self.verb_window) : start]
        boundary = max((m.end() for m in _CLAUSE_END.finditer(window)), default=0)
        return window[boundary:]

    def action_in(self, clause: str) -> str | None:
        """The action of the verb nearest the end of ``clause`` (the one acting on the designation after it)."""
        nearest = None
        for match in self.verb_pattern.finditer(clause):
            nearest = match
        return self.verbs[nearest.group()] if nearest else None

    def title_end(self, text: str) -> int:
        """End of the title: the first non-empty line when it reads as one (…联合声明, …宣言), else 0."""
        head = text[: self.title_chars]
        stripped = head.lstrip()
        line_end = stripped.find("\n")
        first_line = stripped if line_end < 0 else stripped[:line_end]
        match = _TITLE_WORDS.search(first_line)
        return len(head) - len(stripped) + match.end() if match else 0

    # --- choosing --------------------------------------------------------------------------------------------
    def choose(self, text: str) -> dict[str, Any] | None:
        mentions = self.mentions(text)
        if not mentions:
            return None
        title_end = self.title_end(text)
        in_title = [m for m in mentions if m.end <= title_end]
        acted_on = [m for m in mentions if m.action and not m.past]
        pool = in_title or acted_on or mentions
        chosen = max(pool, key=lambda m: m.entry["rank"]).entry
        same = [m for m in mentions if m.entry is chosen]
        body = [m for m in same if m.start >= title_end and not m.past]
        span = ([m for m in body if m.action] or body or same)[0]
        # a lower level counts even in a history clause: that is where the earlier level is usually named
        lower = [
            m for m in mentions if m.entry["kind"] == chosen["kind"] and m.entry["rank"] < chosen["rank"]
        ]
        title_actions = [m.action for m in same if m.end <= title_end and m.action]
        body_actions = {m.action for m in body if m.action}
        if "upgrade" in body_actions or "upgrade" in title_actions or any(m.basis for m in lower):
            action = "upgrade"
        elif title_actions:
            action = title_actions[0]
        elif lower:
            action = "upgrade"
        else:
            action = next((a for a in ACTION_PRIORITY if a in body_actions), "reaffirm")
        return {
            "designation": text[span.start : span.end],
            "canonical": chosen["canonical"],
            "kind": chosen["kind"],
            "rank": chosen["rank"],
            "start": span.start,
            "end": span.end,
            "action": action,
        }

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        """The scores of ``communique.scorers`` (``spacy evaluate``, ``spacy train``)."""
        return self.scorer(examples, **kwargs) if self.scorer else {}

    def __call__(self, doc: Doc) -> Doc:
        if self.entries is None:
            self.initialize()
        doc._.relationship = self.choose(doc_text(doc))
        return doc

    # --- serialisation: the saved pipeline carries its own copy of the ranking -----------------------------
    def to_disk(self, path: str | Path, exclude: tuple = ()) -> None:
        if self.entries is None:
            self.initialize()
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_jsonl(path / "relationships.jsonl", self.entries)
        srsly.write_json(path / "actions.json", self.actions)

    def from_disk(self, path: str | Path, exclude: tuple = ()) -> "RelationshipDetector":
        path = Path(path)
        self.entries = list(srsly.read_jsonl(path / "relationships.jsonl"))
        self.actions = srsly.read_json(path / "actions.json")
        self._compile()
        return self


@Language.factory(
    "communique_relationship",
    default_config={
        "relationships_path": None,
        "actions": DEFAULT_ACTIONS,
        "title_chars": 400,
        "verb_window": 30,
        "scorer": {"@scorers": "communique.relationship_scorer.v1"},
    },
    default_score_weights={"relationship_designation_acc": 1.0, "relationship_action_acc": 0.5},
)
def make_relationship_detector(
    nlp: Language,
    name: str,
    relationships_path: str | None,
    actions: dict[str, list[str]],
    title_chars: int,
    verb_window: int,
    scorer: Callable | None = None,
) -> RelationshipDetector:
    return RelationshipDetector(
        name,
        relationships_path=relationships_path,
        actions=actions,
        title_chars=title_chars,
        verb_window=verb_window,
        scorer=scorer,
    )
