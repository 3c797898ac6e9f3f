"""spaCy components of the communique pipeline; importing this package registers their factories."""

from communique.components import (  # noqa: F401
    kb_ruler,
    normaliser,
    obligations,
    parties,
    pattern_ruler,
    relationship,
    script_lexicons,
    sentences,
)
