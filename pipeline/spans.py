"""Placing character-offset matches on a ``Doc``: token boundaries and the no-overlap rule for entities.

Rules find names, dates and amounts on the text, but spaCy spans need token boundaries. Where a match ends inside a
pkuseg token (``2024年1月23日至25日`` glued to a neighbour), the token is split there rather than the match dropped
or stretched, so the entity text is always exactly what was matched.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

import numpy
from spacy.attrs import (
    ENT_ID,
    ENT_IOB,
    ENT_KB_ID,
    ENT_TYPE,
    IDX,
    LEMMA,
    LENGTH,
    MORPH,
    NORM,
    POS,
    SENT_START,
    SPACY,
    TAG,
)
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

# token attributes a split keeps (the same ones spaCy's retokenizer keeps); NORM and LEMMA go back to the pieces'
# own lexemes, as in spaCy's Retokenizer.split
_KEPT = [TAG, POS, MORPH, ENT_TYPE, ENT_KB_ID, ENT_ID]
_IOB_B, _IOB_I = 3, 1


# where ``doc_text`` keeps a Doc's text: ``Doc.text`` joins every token of the Doc on each access, and five
# components read it (a tenth of the pipeline's time on the corpus statements)
_TEXT_KEY = "communique.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per Doc. No spaCy operation changes a Doc's text (the retokenizer and
    ``ensure_boundaries`` only move token boundaries, and carry ``user_data`` over), so the first reading stays true;
    the length check catches a Doc whose user data was copied from another."""
    cached = doc.user_data.get(_TEXT_KEY)
    if cached is not None and len(doc) and len(cached) == doc[-1].idx + len(doc[-1].text_with_ws):
        return cached
    text = doc.text
    remember_text(doc, text)
    return text


def remember_text(doc: Doc, text: str) -> Doc:
    """``doc`` with ``text`` (its text, as the tokenizer was given it) kept for ``doc_text``: the caller that
    tokenised a text has it already, and the Doc need never join its tokens."""
    doc.user_data[_TEXT_KEY] = text
    return doc


def text_head(doc: Doc, chars: int) -> str:
    """The first ``chars`` characters of the Doc's text (``doc_text``: joined at most once per Doc)."""
    return doc_text(doc)[:chars]


def ensure_boundaries(doc: Doc, offsets: Iterable[int]) -> Doc:
    """The Doc with every character offset in ``offsets`` a token boundary: ``doc`` itself when it already is,
    otherwise a new Doc with the tokens split there (use the returned Doc).

    All splits are made in one pass that builds a new Doc, not with ``Doc.retokenize``: spaCy's retokenizer shifts
    every later token and rescans the whole Doc for each token it splits, which is quadratic in document length
    when the number of splits grows with it (a long statement of dates glued to their neighbours)."""
    text = doc_text(doc)
    # token starts, lengths and trailing spaces as arrays: no Token objects, which cost more than the rest here
    starts, lengths, spaces = (column.tolist() for column in doc.to_array([IDX, LENGTH, SPACY]).T)
    cuts: dict[int, list[int]] = {}
    for offset in set(offsets):
        if offset <= 0 or offset >= len(text):
            continue
        index = bisect_right(starts, offset) - 1
        if index >= 0 and starts[index] < offset < starts[index] + lengths[index]:
            cuts.setdefault(index, []).append(offset)
    if not cuts:
        return doc
    return _split_tokens(doc, text, starts, lengths, spaces, cuts)


def _split_tokens(
    doc: Doc, text: str, starts: list[int], lengths: list[int], spaces: list[int], cuts: dict[int, list[int]]
) -> Doc:
    """A new Doc with token ``i`` split at the offsets ``cuts[i]``; entities, sentence starts, tags, the tensor,
    span groups and custom attributes carried over."""
    words: list[str] = []
    new_spaces: list[bool] = []
    source: list[int] = []  # for every new token, the old token it comes from
    first: list[bool] = []  # whether it is the first piece of that token
    for index, (start, length, space) in enumerate(zip(starts, lengths, spaces, strict=True)):
        points = cuts.get(index)
        if not points:
            words.append(text[start : start + length])
            new_spaces.append(bool(space))
            source.append(index)
            first.append(True)
            continue
        edges = [start, *sorted(points), start + length]
        pieces = [text[a:b] for a, b in zip(edges, edges[1:], strict=False) if b > a]
        for number, piece in enumerate(pieces):
            words.append(piece)
            new_spaces.append(bool(space) if number == len(pieces) - 1 else False)
            source.append(index)
            first.append(number == 0)
    new = Doc(doc.vocab, words=words, spaces=new_spaces, user_data=dict(doc.user_data))
    rows = numpy.asarray(source)
    is_first = numpy.asarray(first)
    kept = doc.to_array(_KEPT)[rows]
    # an entity's B stays on its first piece, the other pieces continue it (I); other IOB values are inherited
    iob = doc.to_array([ENT_IOB])[rows]
    iob[(~is_first) & (iob == _IOB_B)] = _IOB_I
    # a sentence start stays on the first piece; the others are inside the sentence when starts are annotated
    sent_start = doc.to_array([SENT_START]).astype("int64")[rows]
    sent_start[(~is_first) & (sent_start != 0)] = -1
    # NORM and LEMMA: the old token's value on unsplit tokens, the piece's own lexeme (0) on split ones
    whole = numpy.asarray([not cuts.get(index) for index in source])
    lexical = doc.to_array([NORM, LEMMA])[rows]
    lexical[~whole] = 0
    new.from_array(_KEPT, kept)
    new.from_array([ENT_IOB], iob)
    new.from_array([SENT_START], sent_start.astype("uint64"))
    new.from_array([NORM, LEMMA], lexical)
    if doc.tensor is not None and getattr(doc.tensor, "size", 0):
        tensor = doc.tensor[rows].copy()
        tensor[~whole] = 0  # as spaCy's retokenizer does for split tokens
        new.tensor = tensor
    new.cats = dict(doc.cats)
    for key, group in doc.spans.items():
        new.spans[key] = [
            new.char_span(span.start_char, span.end_char, label=span.label, kb_id=span.kb_id, span_id=span.id)
            for span in group
        ]
    return new


def make_spans(doc: Doc, matches: Iterable[tuple[int, int, str, str]]) -> tuple[Doc, list[Span]]:
    """``(start_char, end_char, label, kb_id)`` → the Doc (with tokens split where a match needs it; use it in place
    of ``doc``) and the spans on it."""
    matches = [m for m in matches if m[1] > m[0]]
    doc = ensure_boundaries(doc, (offset for start, end, _, _ in matches for offset in (start, end)))
    spans = []
    for start, end, label, kb_id in matches:
        span = doc.char_span(start, end, label=label, kb_id=kb_id)
        if span is not None:
            spans.append(span)
    return doc, spans


def add_entities(doc: Doc, spans: Iterable[Span]) -> None:
    """Merge new spans into ``doc.ents``: no overlaps, the longest (outermost) span wins, earlier on ties."""
    doc.ents = filter_spans([*doc.ents, *spans])
