"""Custom attributes the components write, registered in one place so every module sees the same ones."""

from spacy.tokens import Doc, Span


def register_extensions() -> None:
    """Idempotent: components call it from their constructors."""
    if not Doc.has_extension("parties"):
        Doc.set_extension("parties", default=[])
    if not Doc.has_extension("relationship"):
        # the partnership designation (dict, see components/relationship.py) or None
        Doc.set_extension("relationship", default=None)
    if not Span.has_extension("norm"):
        Span.set_extension("norm", default=None)
    for name in ("types", "actors", "recipients", "triggers", "acts"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=[])


register_extensions()
