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
from communique.extensions import register_extensions
from communique.kb import DEFAULT_KB_DIR, load_kb, resolve_bilateral
from communique.normalise import DATE_PATTERN, normalise_date, normalise_money
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example


class Normaliser:
    def __init__(
        self,
        name: str,
        *,
        kb_dir: str | None,
        scorer: Callable | None = None,
    ) -> None:
        # the spaCy scorer (communique.scorers): the same functions as `communique evaluate`
        self.scorer = scorer
        register_extensions()
        self.name = name
        self.kb_dir = kb_dir
        # surface form -> [label, ids] and id -> canonical name: read from the knowledge base at `initialize` (or
        # first use), or by `from_disk` from a saved pipeline
        self.forms: dict[str, list] | None = None
        self.names: dict[str, str] = {}
        # bilateral entry id -> its partner (CSF-PAK -> PAK), for ids resolved against the parties
        self.partners: dict[str, str] = {}

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        """Forms and names from the knowledge base in ``kb_dir`` (the bundled one by default)."""
        kb = load_kb(self.kb_dir or DEFAULT_KB_DIR)
        self.forms = {form: [label, list(ids)] for form, (label, ids) in kb.forms.items()}
        self.names = {entry_id: entry.name for entry_id, entry in kb.entries.items()}
        self.partners = dict(kb.partners)

    def to_disk(self, path: str | Path, exclude: tuple = ()) -> None:
        if self.forms is None:
            self.initialize()
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "forms.json", self.forms)
        srsly.write_json(path / "names.json", self.names)
        srsly.write_json(path / "partners.json", self.partners)

    def from_disk(self, path: str | Path, exclude: tuple = ()) -> "Normaliser":
        path = Path(path)
        if (path / "forms.json").exists():  # pipelines saved before this carry none: read at first use
            self.forms = srsly.read_json(path / "forms.json")
            self.names = srsly.read_json(path / "names.json")
        if (path / "partners.json").exists():
            self.partners = srsly.read_json(path / "partners.json")
        return self

    def state_code(self, text: str, kb_id: str, parties: list[str]) -> str | None:
        if kb_id:
            return kb_id
        known = self.forms.get(text)
        if known is None or known[0] != "STATE":
            return None
        ids = known[1]
        return next((i for i in ids if i in parties), ids[0])

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        """The scores of ``communique.scorers`` (``spacy evaluate``, ``spacy train``)."""
        return self.scorer(examples, **kwargs) if self.scorer else {}

    def __call__(self, doc: Doc) -> Doc:
        if self.forms is None:
            self.initialize()
        year: int | None = None
        for ent in doc.ents:
            label = ent.label_
            if label == "DATE":
                value = normalise_date(ent.text, year)
                match = DATE_PATTERN.fullmatch(ent.text)
                if year is None and value and match and match["ay"]:
                    year = int(value["start"][:4])
                ent._.norm = value
            elif label == "MONEY":
                ent._.norm = normalise_money(ent.text, tuple(doc._.parties))
            elif label == "STATE":
                ent._.norm = self.state_code(ent.text, ent.kb_id_, doc._.parties)
            else:
                entry_id = ent.kb_id_ or resolve_bilateral(
                    self.forms.get(ent.text, (None, ("",)))[1][0],
                    ent.text,
                    doc._.parties,
                    self.partners,
                    self.forms,
                )
                # a bilateral name composed for this statement's partner (CSF-BRA) is named as written
                name = self.names.get(entry_id) or (ent.text if entry_id else None)
                ent._.norm = {"id": entry_id, "name": name} if name and entry_id else None
        return doc


@Language.factory(
    "communique_normaliser",
    default_config={"kb_dir": None, "scorer": {"@scorers": "communique.normalisation_scorer.v1"}},
    default_score_weights={"norm_acc": 1.0},
)
def make_normaliser(
    nlp: Language, name: str, kb_dir: str | None, scorer: Callable | None = None
) -> Normaliser:
    return Normaliser(name, kb_dir=kb_dir, scorer=scorer)
