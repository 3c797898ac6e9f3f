"""spaCy components of the communique pipeline; importing this package registers their factories."""

from communique.components import (  # noqa: F401
    entity_tagger,
    kb_ruler,
    normaliser,
    obligations,
    parties,
    pattern_ruler,
    relationship,
    script_lexicons,
    sentences,
    tokenizer,
)
