"""Normaliser: the ``norm`` of every entity, whichever component (rule or model) found it.

STATE → ISO 3166-1 alpha-3 (knowledge-base id, X方 resolved against the parties); DATE → ISO 8601 range with grain,
a date without a year taking the statement's year (the first year it names: the visit's, in the opening line; a
later historical year such as 自2010年 does not change it); MONEY → amount and ISO 4217 code; other labels → the
knowledge-base id and canonical name when the entity is in the knowledge base.
"""

from communique.extensions import register_extensions
from communique.kb import DEFAULT_KB_DIR, load_kb
from communique.normalise import DATE_PATTERN, normalise_date, normalise_money
from spacy.language import Language
from spacy.tokens import Doc


class Normaliser:
    def __init__(self, name: str, *, kb_dir: str | None) -> None:
        register_extensions()
        self.name = name
        self.kb = load_kb(kb_dir or DEFAULT_KB_DIR)

    def state_code(self, text: str, kb_id: str, parties: list[str]) -> str | None:
        if kb_id:
            return kb_id
        known = self.kb.forms.get(text)
        if known is None or known[0] != "STATE":
            return None
        ids = known[1]
        return next((i for i in ids if i in parties), ids[0])

    def __call__(self, doc: Doc) -> Doc:
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
                entry_id = ent.kb_id_ or self.kb.resolve_bilateral(
                    self.kb.forms.get(ent.text, (None, ("",)))[1][0], ent.text, doc._.parties
                )
                # a bilateral name composed for this statement's partner (CSF-BRA) is named as written
                name = self.kb.name_of(entry_id) or (ent.text if entry_id else None)
                ent._.norm = {"id": entry_id, "name": name} if name and entry_id else None
        return doc


@Language.factory("communique_normaliser", default_config={"kb_dir": None})
def make_normaliser(nlp: Language, name: str, kb_dir: str | None) -> Normaliser:
    return Normaliser(name, kb_dir=kb_dir)
