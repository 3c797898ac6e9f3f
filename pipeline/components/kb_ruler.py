"""Knowledge-base ruler: every surface form of the knowledge base, matched on word boundaries.

Forms are matched on the text with a character trie, but a match only counts when it starts and ends on pkuseg
token boundaries: that keeps 中方 out of 集中方式 and 华 out of 访华 without a list of exceptions, while a name that
pkuseg splits into several words (乌兹别克斯坦/共和国) still matches as one. ``X方`` designators shared by several
states (土方) resolve against the statement's parties, and one that names no party is not taken (南方 is South
Africa only in a statement South Africa issues).

The ruler owns the knowledge base's surface forms and the bilateral partners in a saved pipeline (``forms.json``,
``partners.json``): the normaliser needs the same two tables and reads them from this component rather than saving
a second copy (see ``components/normaliser.py``).
"""

from pathlib import Path

import srsly
from communique.extensions import register_extensions
from communique.kb import DEFAULT_KB_DIR, load_kb, resolve_bilateral
from communique.spans import add_entities, doc_text, make_spans
from spacy.attrs import IDX, IS_SPACE, LENGTH
from spacy.language import Language
from spacy.tokens import Doc

_END = ""  # trie key marking the end of a form
_GLUED_CONJUNCTIONS = "和与同及"
# prepositions and verbs of place pkuseg glues to the name after them (经里海, 赴喀什): a name may start after them
_GLUED_PREPOSITIONS = "经在赴至于从"
# common nouns pkuseg glues to the name before them (拉美和加勒比国家 as one token): a name may end before them
_GLUED_NOUNS = ("国家",)


class KnowledgeBaseRuler:
    """Adds knowledge-base entities to ``doc.ents`` with their ids in ``kb_id_``."""

    def __init__(
        self,
        name: str,
        *,
        kb_dir: str | None,
        labels: list[str],
        not_before: dict[str, list[str]],
        designator_context: dict[str, list[str]],
    ) -> None:
        register_extensions()
        self.name = name
        self.not_before = not_before
        self.designator_context = designator_context
        self.kb_dir = kb_dir
        self.labels = labels
        # every surface form of the knowledge base -> [label, ids] (all labels: the normaliser reads them here too),
        # read from the knowledge base at `initialize` (or on first use), or from a saved pipeline by `from_disk`:
        # `spacy.load` never reads the source tree's knowledge base
        self.forms: dict[str, list] | None = None
        self.trie: dict = {}
        # bilateral entry id -> the partner it is named for (CSF-PAK -> PAK), carried like the forms
        self.partners: dict[str, str] = {}

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        """The forms of the knowledge base in ``kb_dir`` (the bundled one by default)."""
        kb = load_kb(self.kb_dir or DEFAULT_KB_DIR)
        self.partners = dict(kb.partners)
        self.set_forms({form: [label, list(ids)] for form, (label, ids) in kb.forms.items()})

    def set_forms(self, forms: dict[str, list]) -> None:
        """All the knowledge base's forms; only those of ``labels`` are matched."""
        self.forms = forms
        self.trie: dict = {}
        for form, (label, _ids) in forms.items():
            if label not in self.labels:
                continue
            node = self.trie
            for char in form:
                node = node.setdefault(char, {})
            node[_END] = form

    def longest_form(self, text: str, start: int, ends: set[int]) -> str | None:
        node, best = self.trie, None
        for position in range(start, len(text)):
            node = node.get(text[position])
            if node is None:
                break
            if _END in node and position + 1 in ends:
                best = node[_END]
        return best

    def is_designator(self, text: str, start: int, form: str, ids: list[str], parties: set[str]) -> bool:
        """An X方 form names a state only when that state is a party and the words around it do not make it a
        common noun (全球南方, 西方国家)."""
        if parties and not parties.intersection(ids):
            return False
        end = start + len(form)
        before = any(text.endswith(word, 0, start) for word in self.designator_context["not_after"])
        after = any(text.startswith(word, end) for word in self.designator_context["not_before"])
        return not (before or after)

    def resolve(self, ids: list[str], parties: list[str]) -> str:
        """One id for a form; a designator shared by several states takes the one that is a party."""
        for candidate in ids:
            if candidate in parties:
                return candidate
        return ids[0]

    def __call__(self, doc: Doc) -> Doc:
        if self.forms is None:
            self.initialize()
        text = doc_text(doc)
        # token offsets from one array: Token objects cost more than the matching here
        columns = doc.to_array([IDX, LENGTH, IS_SPACE]).tolist()
        ends = {idx + length for idx, length, _ in columns}
        # pkuseg sometimes glues a conjunction to the name before it (中华人民共和国和/蒙古国): a name may end
        # just before a token-final 和/与/同/及, or the first-named party of every such opening would be lost
        ends |= {end - 1 for end in ends if end > 1 and text[end - 1] in _GLUED_CONJUNCTIONS}
        # …and a common noun to the name before it (拉美和加勒比国家 is LOC 拉美和加勒比 and 国家)
        ends |= {
            idx + length - len(noun)
            for idx, length, _ in columns
            for noun in _GLUED_NOUNS
            if length > len(noun) and text.endswith(noun, idx, idx + length)
        }
        parties = set(doc._.parties)
        matches = []
        # …and glue one to the name after it (同/智利经济, 经/里海): a name may also start just after a token-initial
        # conjunction or preposition
        starts = [idx for idx, _, is_space in columns if not is_space]
        # (in a word of two the name runs on past it, as the knowledge base has no one-character form: 经里/海)
        starts += [
            idx + 1
            for idx, length, _ in columns
            if length >= 2 and text[idx] in _GLUED_CONJUNCTIONS + _GLUED_PREPOSITIONS
        ]
        trie = self.trie
        for start in sorted(starts):
            if text[start] not in trie:  # most tokens start no form: spare the call
                continue
            form = self.longest_form(text, start, ends)
            if form is None:
                continue
            label, ids = self.forms[form]
            if (
                label == "STATE"
                and form.endswith("方")
                and not self.is_designator(text, start, form, ids, parties)
            ):
                continue
            end = start + len(form)
            if any(text.startswith(word, end) for word in self.not_before.get(label, [])):
                continue
            entry_id = resolve_bilateral(
                self.resolve(ids, doc._.parties), form, doc._.parties, self.partners, self.forms
            )
            matches.append((start, end, label, entry_id))
        doc, spans = make_spans(doc, matches)
        add_entities(doc, spans)
        return doc

    def to_disk(self, path: str | Path, exclude: tuple = ()) -> None:
        if self.forms is None:
            self.initialize()
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "forms.json", self.forms)
        srsly.write_json(path / "partners.json", self.partners)

    def from_disk(self, path: str | Path, exclude: tuple = ()) -> "KnowledgeBaseRuler":
        path = Path(path)
        self.set_forms(srsly.read_json(path / "forms.json"))
        # pipelines saved before bilateral resolution carry no partners: their names keep the listed id
        self.partners = srsly.read_json(path / "partners.json") if (path / "partners.json").exists() else {}
        return self


@Language.factory(
    "communique_kb_ruler",
    default_config={
        "kb_dir": None,
        "labels": ["STATE", "ORG", "INITIATIVE", "LOC", "DOC", "PERSON"],
        # a state's name before these names its language (西班牙语, 用中文和西班牙文写成) or a style (中国式)
        "not_before": {
            "STATE": [
                "式",
                "语",
                "文写成",
                "文和",
                "文及",
                "文、",
                "文本",
                "文两",
                "文三",
                "文各",
                "文签",
                "文书",
                "文文本",
            ],
            # 太平洋岛国 are the island states, not the ocean
            "LOC": ["岛国"],
            # 银行间 is interbank: 中国银行间债券市场 is China's interbank bond market, not the Bank of China's
            "ORG": ["间债券", "间市场"],
            # 光明行 is the programme, 光明行动 an ordinary action
            "INITIATIVE": ["动"],
        },
        "designator_context": {"not_after": ["全球", "广大"], "not_before": ["国家", "世界", "阵营"]},
    },
)
def make_kb_ruler(
    nlp: Language,
    name: str,
    kb_dir: str | None,
    labels: list[str],
    not_before: dict[str, list[str]],
    designator_context: dict[str, list[str]],
) -> KnowledgeBaseRuler:
    return KnowledgeBaseRuler(
        name, kb_dir=kb_dir, labels=labels, not_before=not_before, designator_context=designator_context
    )
