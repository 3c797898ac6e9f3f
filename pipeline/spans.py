"""Placing character-offset matches on a ``Doc``: token boundaries and the no-overlap rule for entities.

Rules find names, dates and amounts on the text, but spaCy spans need token boundaries. Where a match ends inside a
pkuseg token (``2024年1月23日至25日`` glued to a neighbour), the token is split there rather than the match dropped
or stretched, so the entity text is always exactly what was matched.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span
from spacy.util import filter_spans


def ensure_boundaries(doc: Doc, offsets: Iterable[int]) -> None:
    """Split tokens so that every character offset in ``offsets`` is a token boundary."""
    # Doc.text is rebuilt from every token on each access: read it once, not once per offset
    text = doc.text
    cuts: dict[int, list[int]] = {}
    for offset in set(offsets):
        if offset <= 0 or offset >= len(text):
            continue
        index = _token_index_at(doc, offset)
        if index is not None and doc[index].idx != offset:
            cuts.setdefault(index, []).append(offset)
    if not cuts:
        return
    with doc.retokenize() as retokenizer:
        for index, points in cuts.items():
            token = doc[index]
            edges = [token.idx, *sorted(points), token.idx + len(token.text)]
            orths = [text[a:b] for a, b in zip(edges, edges[1:], strict=False) if b > a]
            if len(orths) < 2:
                continue
            retokenizer.split(token, orths, heads=[(token, 0)] * len(orths))


def _token_index_at(doc: Doc, offset: int) -> int | None:
    """Index of the token containing character ``offset`` (binary search over token starts)."""
    low, high = 0, len(doc) - 1
    while low <= high:
        middle = (low + high) // 2
        token = doc[middle]
        if offset < token.idx:
            high = middle - 1
        elif offset >= token.idx + len(token.text):
            low = middle + 1
        else:
            return middle
    return None


def make_spans(doc: Doc, matches: Iterable[tuple[int, int, str, str]]) -> list[Span]:
    """``(start_char, end_char, label, kb_id)`` → spans, splitting tokens where a match needs it."""
    matches = [m for m in matches if m[1] > m[0]]
    ensure_boundaries(doc, (offset for start, end, _, _ in matches for offset in (start, end)))
    spans = []
    for start, end, label, kb_id in matches:
        span = doc.char_span(start, end, label=label, kb_id=kb_id)
        if span is not None:
            spans.append(span)
    return spans


def add_entities(doc: Doc, spans: Iterable[Span]) -> None:
    """Merge new spans into ``doc.ents``: no overlaps, the longest (outermost) span wins, earlier on ties."""
    doc.ents = filter_spans([*doc.ents, *spans])
