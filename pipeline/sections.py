"""Running the pipeline on a document of any length, in time and memory that grow linearly with it.

spaCy refuses texts longer than ``nlp.max_length`` (E088), and the trained components hold arrays for every token
of the Doc they process at once (the NER's precomputed hidden layer alone is about 1.5 kB per token): a statement
of a million characters would need gigabytes. So a long text is cut into sections at paragraph boundaries (at
sentence ends inside a paragraph that is too long, and at the limit itself only in text without either), each
section is tokenised on its own, and the sections are joined into one Doc, so that every offset is an offset into
the whole text. The rule components then run on that Doc as usual (they are linear in its length), while the
trained components (tok2vec, ner) run section by section, which bounds their memory. Documents within the limit
take the path ``nlp(text)`` takes (tokenised first, so that the Doc keeps its text for ``spans.doc_text``).
"""

from __future__ import annotations

import re
import time
from bisect import bisect_right
from collections.abc import Iterator
from itertools import groupby

from communique.components.entity_tagger import EntityTagger
from communique.spans import remember_text
from spacy.attrs import IDX
from spacy.language import Language
from spacy.pipeline import EntityRecognizer, Tok2Vec, TrainablePipe
from spacy.tokens import Doc, Span

# Characters per section: far below spaCy's default max_length (1,000,000), and small enough that the NER's
# arrays for one section stay in tens of megabytes; large enough that nearly every statement is one section.
SECTION_CHARS = 50_000

_PARAGRAPH_END = re.compile(r"\n")
_SENTENCE_END = re.compile(r"[。！？!?][”’」』）)]*")


def section_starts(text: str, limit: int) -> list[int]:
    """Where the sections of ``text`` start (0 first), each section at most ``limit`` characters: cut after the
    last line break within the limit, else after the last sentence end, else at the limit."""
    if limit < 1:
        raise ValueError(f"section limit must be positive, not {limit}")
    starts = [0]
    while len(text) - starts[-1] > limit:
        start = starts[-1]
        window_end = start + limit
        cut = _last_end(_PARAGRAPH_END, text, start, window_end) or _last_end(
            _SENTENCE_END, text, start, window_end
        )
        starts.append(cut or window_end)
    return starts


def _last_end(pattern: re.Pattern, text: str, start: int, end: int) -> int | None:
    """The end of the last match of ``pattern`` in ``text[start:end]`` (None when there is none, or it is at
    ``start``, which would make an empty section)."""
    last = None
    for match in pattern.finditer(text, start, end):
        last = match.end()
    return last if last and last > start else None


def make_doc(nlp: Language, text: str, limit: int) -> Doc:
    """The tokenised Doc of ``text``, tokenised section by section when it is longer than ``limit``."""
    if len(text) <= limit:
        return nlp.make_doc(text)
    starts = section_starts(text, limit)
    parts = [nlp.make_doc(text[a:b]) for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    # ensure_whitespace=False: the Doc's text is the parts' texts joined, so offsets are offsets into ``text``
    return Doc.from_docs(parts, ensure_whitespace=False)


def analyse(
    nlp: Language, text: str, section_chars: int = SECTION_CHARS, timings: dict[str, float] | None = None
) -> Doc:
    """``nlp(text)`` for a text of any length (see the module docstring). ``timings``, when given, gets the CPU
    seconds of the tokenizer and of each component added to it (the benchmarks read it)."""
    limit = max(1, min(section_chars, nlp.max_length))
    if len(text) <= limit and timings is None:
        return nlp(remember_text(nlp.make_doc(text), text))
    clock = time.process_time()
    doc = remember_text(make_doc(nlp, text, limit), text)
    clock = _tick(timings, "tokenizer", clock)
    starts = section_starts(text, limit)
    # consecutive trained components (tok2vec feeding ner through its listener) run together, section by section
    for trained, group in groupby(nlp.pipeline, key=lambda item: isinstance(item[1], TrainablePipe)):
        group = list(group)
        if trained and len(starts) > 1:
            _run_by_section(doc, [component for _, component in group], starts)
            clock = _tick(timings, "+".join(name for name, _ in group), clock)
            continue
        for name, component in group:
            doc = component(doc)
            clock = _tick(timings, name, clock)
    return doc


def _tick(timings: dict[str, float] | None, name: str, since: float) -> float:
    now = time.process_time()
    if timings is not None:
        timings[name] = timings.get(name, 0.0) + now - since
    return now


def _token_ranges(doc: Doc, char_starts: list[int]) -> Iterator[tuple[int, int]]:
    """Token ranges of the sections; a range never ends inside an entity (the cut moves to the entity's end)."""
    token_starts = doc.to_array([IDX]).ravel().tolist()
    entity_end = {}
    for ent in doc.ents:
        for index in range(ent.start + 1, ent.end):
            entity_end[index] = ent.end
    begin = 0
    for char in char_starts[1:]:
        cut = bisect_right(token_starts, char) - 1  # the token at (or containing) the section start
        cut = entity_end.get(cut, cut)
        if cut > begin:
            yield begin, cut
            begin = cut
    if begin < len(doc):
        yield begin, len(doc)


def _run_by_section(doc: Doc, components: list[TrainablePipe], char_starts: list[int]) -> None:
    """Run ``components`` on each section as a Doc of its own and put the entities they set back on ``doc``
    (the sections' tensors are dropped: nothing after the NER reads them, and they would be the largest array)."""
    unsupported = [c.name for c in components if not isinstance(c, Tok2Vec | EntityRecognizer | EntityTagger)]
    if unsupported:
        raise ValueError(
            f"cannot run {', '.join(unsupported)} section by section (only tok2vec and an entity recogniser)"
        )
    entities = []
    for begin, end in _token_ranges(doc, char_starts):
        section = doc[begin:end].as_doc()
        for component in components:
            section = component(section)
        for ent in section.ents:
            entities.append(
                Span(
                    doc, begin + ent.start, begin + ent.end, label=ent.label, kb_id=ent.kb_id, span_id=ent.id
                )
            )
    doc.ents = entities
