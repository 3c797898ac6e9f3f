"""The trained entity recogniser: one BILUO tag per token from the tok2vec output, decoded into entities.

Why a tagger and not spaCy's transition-based ``ner``: the greedy parse of ``ner`` takes one step per token, each
a few tiny BLAS calls, and cost 0.68x the tokenizer on the example statement, the largest stage after the
tokenizer (issue 13 asks the pipeline to keep half its tokenizer's speed). A tagger scores every token of the Doc
in one matrix product over the tok2vec output. The trained model only adds what the rule components before it do
not find (LOC, EVENT and DATE; about 3% of the entities on the corpus), so its accuracy against its cost is
measured in evaluation/ner-sizes.md, where the choice is made.

It is spaCy's ``Tagger`` with three changes: its labels are the BILUO tags of the entity labels in the training
data, its loss reads the gold entities (``Example.get_aligned_ner``) instead of gold tags, and it writes entities,
never ``Token.tag``. Entities already on the Doc (the rule components') are kept: a predicted entity that overlaps
one is dropped, and a predicted place next to a place on the Doc joins it (a province and its city). An entity is
kept only when the model gives every one of its tokens' tags at least ``threshold`` probability: the tagger has no
view of the tags around a token, and its least sure guesses are mostly wrong (the value is chosen on dev in
evaluation/ner-sizes.md).
"""

import re
from collections.abc import Callable, Iterable
from typing import Any

import numpy
from spacy.attrs import ENT_IOB
from spacy.language import Language
from spacy.pipeline import Tagger
from spacy.scorer import get_ner_prf
from spacy.tokens import Doc, Span
from spacy.training import Example
from thinc.api import Model, SequenceCategoricalCrossentropy

OUTSIDE = "O"
_PREFIXES = ("B", "I", "L", "U")
_IOB_INSIDE, _IOB_BEGIN = 1, 3


# a name holds at least one letter or digit, and two characters: a head alone (港, 州) names no place of its own
NAME_TEXT = re.compile(r"[\w]")
SHORTEST_NAME = 2
# words the guidelines leave out of LOC (地区, 本地区, 境内, 两岸, a direction's part: 西北部): the model's guess of one
# alone is dropped, and it never joins the place before it (南亚|地区 shared with 东南亚 stays 南亚, 英格兰|西北部)
NOT_PLACE_NAMES = re.compile("本?地[区區]|境[内內]|[两兩]岸|[东西南北中東]{1,2}部")


def biluo_tags(entity_labels: Iterable[str]) -> list[str]:
    """The tag set of ``entity_labels``: O first, then B-, I-, L- and U- of each label (sorted)."""
    return [OUTSIDE, *(f"{prefix}-{label}" for label in sorted(set(entity_labels)) for prefix in _PREFIXES)]


def decode(tags: list[str], tag_ids: numpy.ndarray) -> list[tuple[int, int, str]]:
    """``(start, end, label)`` token ranges from one tag id per token. Lenient, as a tagger's argmax may break the
    BILUO grammar: an entity continues into the next token when that token is I or L of the same label and the
    previous one was B or I; any other tagged token starts a new entity (a stray I or L included)."""
    spans: list[tuple[int, int, str]] = []
    open_label, previous_prefix, previous_index = None, OUTSIDE, -2
    for index in numpy.flatnonzero(tag_ids).tolist():  # id 0 is O
        prefix, label = tags[tag_ids[index]].split("-", 1)
        continues = (
            index == previous_index + 1
            and label == open_label
            and previous_prefix in ("B", "I")
            and prefix in ("I", "L")
        )
        if continues:
            start = spans[-1][0]
            spans[-1] = (start, index + 1, label)
        else:
            spans.append((index, index + 1, label))
        open_label, previous_prefix, previous_index = label, prefix, index
    return spans


class EntityTagger(Tagger):
    """See the module docstring."""

    def __init__(
        self,
        vocab: Any,
        model: Model,
        name: str = "ner",
        *,
        scorer: Callable | None = get_ner_prf,
        label_smoothing: float = 0.0,
        threshold: float = 0.0,
    ) -> None:
        super().__init__(vocab, model, name, overwrite=False, scorer=scorer, label_smoothing=label_smoothing)
        self.threshold = threshold

    @property
    def entity_labels(self) -> tuple[str, ...]:
        """The entity labels it predicts (its ``labels`` are their BILUO tags)."""
        return tuple(sorted({tag.split("-", 1)[1] for tag in self.labels if tag != OUTSIDE}))

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Example]],
        *,
        nlp: Language | None = None,
        labels: list[str] | None = None,
    ) -> None:
        """The tags of the entity labels of the gold data (or ``labels``, as tags), then spaCy's initialisation."""
        if labels is None:
            labels = biluo_tags(ent.label_ for example in get_examples() for ent in example.reference.ents)
        if not labels or labels[0] != OUTSIDE:
            raise ValueError(
                f"{self.name}: the first label must be {OUTSIDE!r} (tag id 0 is read as outside)"
            )
        super().initialize(get_examples, nlp=nlp, labels=labels)

    def predict(self, docs: list[Doc]) -> list[tuple[numpy.ndarray, numpy.ndarray]]:
        """For every Doc, the most probable tag of each token and its probability (the model's output must be
        probabilities: ``normalize = true`` in its config)."""
        if not any(len(doc) for doc in docs):
            return [(numpy.zeros((0,), dtype="int32"), numpy.zeros((0,), dtype="float32")) for _ in docs]
        guesses = []
        for scores in self.model.predict(docs):
            scores = numpy.asarray(scores.get() if hasattr(scores, "get") else scores)
            guesses.append((scores.argmax(axis=1), scores.max(axis=1)))
        return guesses

    def get_loss(self, examples: Iterable[Example], scores: list) -> tuple[float, list]:
        """Cross-entropy against the gold entities as BILUO tags; a token without gold annotation (missing,
        misaligned, or of a label this model does not predict) adds no loss."""
        known = set(self.labels)
        truths = [
            [tag if tag in known else None for tag in example.get_aligned_ner()] for example in examples
        ]
        loss_function = SequenceCategoricalCrossentropy(
            names=self.labels, normalize=False, label_smoothing=self.cfg["label_smoothing"]
        )
        gradients, loss = loss_function(scores, truths)
        return float(loss), gradients

    def set_annotations(self, docs: Iterable[Doc] | Doc, batch_tag_ids: list) -> None:
        """Decoded entities, sure enough (``threshold``), added to each Doc where no entity is yet."""
        if isinstance(docs, Doc):
            docs = [docs]
        tags = list(self.labels)
        for doc, (tag_ids, confidence) in zip(docs, batch_tag_ids, strict=True):
            if not len(doc):
                continue
            iob = doc.to_array([ENT_IOB]).ravel()
            taken = (iob == _IOB_INSIDE) | (iob == _IOB_BEGIN)
            spans = [
                Span(doc, start, end, label=label)
                for start, end, label in decode(tags, numpy.asarray(tag_ids))
                if not taken[start:end].any()
                and confidence[start:end].min() >= self.threshold
                and NAME_TEXT.search(doc[start:end].text)  # a bracket alone (…年）) names nothing
                and len(doc[start:end].text) >= SHORTEST_NAME
                and not (label == "LOC" and NOT_PLACE_NAMES.fullmatch(doc[start:end].text))
            ]
            if spans:
                doc.set_ents(spans, default="unmodified")
                join_places(doc, {span.start for span in spans if span.label_ == "LOC"})


def join_places(doc: Doc, predicted: set[int]) -> None:
    """A place the model found right after or before a place on the Doc is one place with it (a province found by
    the rules and its city by the model: 江西省景德镇市, as the guidelines' 安徽屯溪), as the rules join two places
    they found; ``predicted``: the first tokens of the model's places."""
    entities = list(doc.ents)
    joined: list[Span] = []
    for entity in entities:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and entity.label_ == previous.label_ == "LOC"
            and previous.end == entity.start
            and (entity.start in predicted or previous.start in predicted)
        ):
            joined[-1] = Span(doc, previous.start, entity.end, label="LOC")
        else:
            joined.append(entity)
    if len(joined) < len(entities):
        doc.ents = joined


@Language.factory(
    "communique_entity_tagger",
    assigns=["doc.ents", "token.ent_iob", "token.ent_type"],
    default_config={
        "model": {
            "@architectures": "spacy.Tagger.v2",
            "normalize": True,
            "tok2vec": {
                "@architectures": "spacy.Tok2VecListener.v1",
                "width": 96,
                "upstream": "*",
            },
        },
        "label_smoothing": 0.0,
        "threshold": 0.0,
        # scored as spaCy's ner is (entity P/R/F), so that spacy train keeps the best model by entities, not tags
        "scorer": {"@scorers": "spacy.ner_scorer.v1"},
    },
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None},
)
def make_entity_tagger(
    nlp: Language, name: str, model: Model, label_smoothing: float, threshold: float, scorer: Callable | None
) -> EntityTagger:
    return EntityTagger(
        nlp.vocab, model, name, scorer=scorer, label_smoothing=label_smoothing, threshold=threshold
    )
