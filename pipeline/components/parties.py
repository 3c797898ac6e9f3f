"""Party detection: which states issue the statement, read from its title or, failing that, its opening.

Every later step needs the parties: ``X方`` designators and 双方/两国 resolve against them, and sentence actors are
drawn from them. Titles name the parties in full (中华人民共和国和乌兹别克斯坦共和国…联合声明), so matching the
knowledge base's state names in the first lines is reliable; a multilateral title may name a group (中亚五国).
"""

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import communique.scorers  # noqa: F401  (registers the scorers)
import srsly
from communique.extensions import register_extensions
from communique.kb import DEFAULT_KB_DIR, load_kb
from communique.spans import text_head
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example

_TITLE_WORDS = re.compile(r"联合声明|联合宣言|联合公报|宣言|声明|公报|纪要")


class PartyDetector:
    """Sets ``doc._.parties`` to the alpha-3 codes of the issuing states, in the order the title names them, or to
    China and a group's stable id (ASEAN, LAS, …) when the title names China with a group as a whole."""

    def __init__(
        self,
        name: str,
        *,
        kb_dir: str | None,
        title_chars: int,
        opening_chars: int,
        home_state: str,
        min_named_members: int = 3,
        scorer: Callable | None = None,
    ) -> None:
        # the spaCy scorer (communique.scorers): the same functions as `communique evaluate`
        self.scorer = scorer
        register_extensions()
        self.name = name
        self.title_chars = title_chars
        self.opening_chars = opening_chars
        self.home_state = home_state
        self.kb_dir = kb_dir
        # a title that names a group and an opening that names this many states besides China: the states issue it
        self.min_named_members = min_named_members
        # read at `initialize` (or first use) from the knowledge base, or by `from_disk` from a saved pipeline
        self.names: dict[str, list[str]] | None = None
        self.group_parties: dict[str, str] = {}
        self.group_sizes: dict[str, int] = {}
        self.longest_first: list[str] = []
        self.groups_longest_first: list[str] = []

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        """State and group names from the knowledge base in ``kb_dir`` (the bundled one by default)."""
        kb = load_kb(self.kb_dir or DEFAULT_KB_DIR)
        names: dict[str, list[str]] = {}
        for state_id, state_names in kb.state_names.items():
            for state_name in state_names:
                if len(state_name) >= 2:
                    names.setdefault(state_name, []).append(state_id)
        for group_name, members in kb.groups.items():
            names.setdefault(group_name, []).extend(members)
        self.set_names(names, dict(kb.group_parties), dict(kb.group_sizes))

    def set_names(
        self, names: dict[str, list[str]], group_parties: dict[str, str], group_sizes: dict[str, int]
    ) -> None:
        """The names to look for, sorted longest first once here rather than for every document."""
        self.names = names
        self.group_parties = group_parties
        self.group_sizes = group_sizes
        self.longest_first = sorted((name for name in names if name), key=len, reverse=True)
        self.groups_longest_first = sorted(group_parties, key=len, reverse=True)

    def find_states(self, text: str) -> list[str]:
        """States named in ``text``, in order of first mention, longest names first (中华人民共和国 over 中国)."""
        taken = [False] * len(text)
        found: list[tuple[int, list[str]]] = []
        for state_name in self.longest_first:
            # every occurrence, left to right, without overlaps among themselves
            start = text.find(state_name)
            while start != -1:
                end = start + len(state_name)
                if not any(taken[start:end]):
                    taken[start:end] = [True] * len(state_name)
                    found.append((start, self.names[state_name]))
                start = text.find(state_name, end)
        ordered: list[str] = []
        for _, ids in sorted(found, key=lambda item: item[0]):
            for state_id in ids:
                if state_id not in ordered:
                    ordered.append(state_id)
        return ordered

    def title_region(self, text: str) -> str:
        head = text[: self.title_chars]
        match = _TITLE_WORDS.search(head)
        if match:
            return head[: match.end()]
        return head.split("\n\n", 1)[0]

    def group_in(self, text: str) -> str | None:
        """The id of the group a title names as a whole (the longest name found), if any."""
        for group_name in self.groups_longest_first:
            if group_name in text:
                return self.group_parties[group_name]
        return None

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        """The scores of ``communique.scorers`` (``spacy evaluate``, ``spacy train``)."""
        return self.scorer(examples, **kwargs) if self.scorer else {}

    def __call__(self, doc: Doc) -> Doc:
        if self.names is None:
            self.initialize()
        # only the opening is read (the title and the first sentences name the parties)
        head = text_head(doc, max(self.title_chars, self.opening_chars))
        title = self.title_region(head)
        parties = self.find_states(title)
        group = self.group_in(title) if all(p == self.home_state for p in parties) else None
        if group is not None:
            # the group as one party, unless the opening names the participating states (at least half of the
            # group's members: a chair or a host named alone does not make the statement theirs)
            opening = head[len(title) : self.opening_chars]
            named = [s for s in self.find_states(opening) if s != self.home_state]
            needed = max(self.min_named_members, -(-self.group_sizes.get(group, 0) // 2))
            members = named if len(named) >= needed else [group]
            doc._.parties = [self.home_state, *members]
            return doc
        if len(parties) < 2:
            for state_id in self.find_states(head[: self.opening_chars]):
                if state_id not in parties:
                    parties.append(state_id)
        if len(parties) == 1 and parties[0] != self.home_state:
            parties.insert(0, self.home_state)
        doc._.parties = parties
        return doc

    def to_disk(self, path: str | Path, exclude: tuple = ()) -> None:
        if self.names is None:
            self.initialize()
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "names.json", self.names)
        srsly.write_json(
            path / "group_parties.json", {"names": self.group_parties, "sizes": self.group_sizes}
        )

    def from_disk(self, path: str | Path, exclude: tuple = ()) -> "PartyDetector":
        groups = Path(path) / "group_parties.json"
        # pipelines saved before group parties existed have none
        saved = srsly.read_json(groups) if groups.exists() else {}
        self.set_names(
            srsly.read_json(Path(path) / "names.json"), saved.get("names", {}), saved.get("sizes", {})
        )
        return self


@Language.factory(
    "communique_parties",
    default_config={
        "scorer": {"@scorers": "communique.party_scorer.v1"},
        "kb_dir": None,
        "title_chars": 400,
        "opening_chars": 600,
        "home_state": "CHN",
        "min_named_members": 3,
    },
    default_score_weights={"parties_acc": 1.0},
)
def make_party_detector(
    nlp: Language,
    name: str,
    kb_dir: str | None,
    title_chars: int,
    opening_chars: int,
    home_state: str,
    min_named_members: int,
    scorer: Callable | None = None,
) -> PartyDetector:
    return PartyDetector(
        name,
        kb_dir=kb_dir,
        title_chars=title_chars,
        opening_chars=opening_chars,
        home_state=home_state,
        min_named_members=min_named_members,
        scorer=scorer,
    )
