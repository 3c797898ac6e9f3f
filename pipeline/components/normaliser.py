"""Normaliser: the ``norm`` of every entity, whichever component (rule or model) found it.

STATE → ISO 3166-1 alpha-3 (knowledge-base id, X方 resolved against the parties); DATE → ISO 8601 range with grain,
a date without a year taking the statement's year (the first year it names: the visit's, in the opening line; a
later historical year such as 自2010年 does not change it); MONEY → amount and ISO 4217 code; other labels → the
knowledge-base id and canonical name when the entity is in the knowledge base.
"""

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import communique.scorers  # noqa: F401  (registers the scorers)
import srsly
from communique.components.kb_ruler import KnowledgeBaseRuler
from communique.extensions import register_extensions
from communique.kb import DEFAULT_KB_DIR, load_kb, resolve_bilateral
from communique.normalise import DATE_PATTERN, MONEY_RANGE_JOINERS, Currencies, normalise_date
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.training import Example


class Normaliser:
    """Sets ``ent._.norm``. Its own data in a saved pipeline: the knowledge base's canonical names (``names.json``).
    The other tables it needs belong to the rulers that match with them, and are read from those components of the
    same pipeline (one copy of each, owned by the component that finds spans with it; the normaliser only looks
    values up): the surface forms and bilateral partners from the knowledge-base ruler (``kb_ruler``), the currency
    table from the pattern ruler (``pattern_ruler``), which finds MONEY by its names."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        kb_dir: str | None,
        kb_ruler: str,
        pattern_ruler: str,
        scorer: Callable | None = None,
    ) -> None:
        # the spaCy scorer (communique.scorers): the same functions as `communique evaluate`
        self.scorer = scorer
        register_extensions()
        self.nlp = nlp
        self.name = name
        self.kb_dir = kb_dir
        self.kb_ruler = kb_ruler
        self.pattern_ruler = pattern_ruler
        # id -> canonical name: read at `initialize` (or first use), or by `from_disk` from a saved pipeline
        self.names: dict[str, str] | None = None

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        """Names from the knowledge base in ``kb_dir`` (the bundled one by default)."""
        kb = load_kb(self.kb_dir or DEFAULT_KB_DIR)
        self.names = {entry_id: entry.name for entry_id, entry in kb.entries.items()}

    def _component(self, name: str, holds: str) -> Any:
        if name not in self.nlp.component_names:
            raise ValueError(f"{self.name}: the pipeline has no {name!r} ({holds})")
        return self.nlp.get_pipe(name)

    def knowledge_base(self) -> KnowledgeBaseRuler:
        """The pipeline's knowledge-base ruler, whose forms and partners the normaliser looks up."""
        ruler = self._component(self.kb_ruler, "the knowledge-base forms")
        if ruler.forms is None:
            ruler.initialize()
        return ruler

    def currencies(self) -> Currencies:
        """The pipeline's pattern ruler's currency table (the names it finds MONEY by)."""
        ruler = self._component(self.pattern_ruler, "the currency table")
        if ruler.currencies is None:
            ruler.initialize()
        return ruler.currencies

    def to_disk(self, path: str | Path, exclude: tuple = ()) -> None:
        if self.names is None:
            self.initialize()
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "names.json", self.names)

    def from_disk(self, path: str | Path, exclude: tuple = ()) -> "Normaliser":
        path = Path(path)
        self.names = srsly.read_json(path / "names.json")
        return self

    def state_code(self, text: str, kb_id: str, parties: list[str], forms: dict[str, list]) -> str | None:
        if kb_id:
            return kb_id
        known = forms.get(text)
        if known is None or known[0] != "STATE":
            return None
        ids = known[1]
        return next((i for i in ids if i in parties), ids[0])

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        """The scores of ``communique.scorers`` (``spacy evaluate``, ``spacy train``)."""
        return self.scorer(examples, **kwargs) if self.scorer else {}

    @staticmethod
    def range_first(
        amount: Span, following: Span | None, currencies: Currencies, parties: tuple[str, ...]
    ) -> dict | None:
        """The first amount of a range that names its currency once (10亿至15亿美元): the currency of the amount
        after 至, 到 or a dash."""
        if following is None or following.label_ != "MONEY":
            return None
        if (
            following.start_char - amount.end_char != 1
            or amount.doc.text[amount.end_char] not in MONEY_RANGE_JOINERS
        ):
            return None
        second = currencies.pattern.fullmatch(following.text)
        name = second and (second["currency"] or second["currency2"])
        return currencies.normalise(amount.text + name, parties) if name else None

    def __call__(self, doc: Doc) -> Doc:
        if self.names is None:
            self.initialize()
        kb, currencies = self.knowledge_base(), self.currencies()
        year: int | None = None
        ents = list(doc.ents)  # once: ``Doc.ents`` builds every span anew on each access
        for index, ent in enumerate(ents):
            label = ent.label_
            if label == "DATE":
                value = normalise_date(ent.text, year)
                match = DATE_PATTERN.fullmatch(ent.text)
                if year is None and value and match and match["ay"]:
                    year = int(value["start"][:4])
                ent._.norm = value
            elif label == "MONEY":
                ent._.norm = currencies.normalise(ent.text, tuple(doc._.parties)) or self.range_first(
                    ent, ents[index + 1] if index + 1 < len(ents) else None, currencies, tuple(doc._.parties)
                )
            elif label == "STATE":
                ent._.norm = self.state_code(ent.text, ent.kb_id_, doc._.parties, kb.forms)
            else:
                entry_id = ent.kb_id_ or resolve_bilateral(
                    kb.forms.get(ent.text, (None, ("",)))[1][0],
                    ent.text,
                    doc._.parties,
                    kb.partners,
                    kb.forms,
                )
                # a bilateral name composed for this statement's partner (CSF-BRA) is named as written
                name = self.names.get(entry_id) or (ent.text if entry_id else None)
                ent._.norm = {"id": entry_id, "name": name} if name and entry_id else None
        return doc


@Language.factory(
    "communique_normaliser",
    default_config={
        "kb_dir": None,
        "kb_ruler": "communique_kb_ruler",
        "pattern_ruler": "communique_pattern_ruler",
        "scorer": {"@scorers": "communique.normalisation_scorer.v1"},
    },
    default_score_weights={"norm_acc": 1.0},
)
def make_normaliser(
    nlp: Language,
    name: str,
    kb_dir: str | None,
    kb_ruler: str,
    pattern_ruler: str,
    scorer: Callable | None = None,
) -> Normaliser:
    return Normaliser(nlp, name, kb_dir=kb_dir, kb_ruler=kb_ruler, pattern_ruler=pattern_ruler, scorer=scorer)
