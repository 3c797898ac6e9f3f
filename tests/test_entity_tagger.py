"""The trained entity recogniser (communique_entity_tagger): BILUO decoding, the rule entities kept, the probability
threshold, and training through spaCy's own loop."""

import random

import numpy
import pytest
import spacy
from communique.components.entity_tagger import biluo_tags, decode, join_places
from spacy.tokens import Doc, Span
from spacy.training import Example

TAGS = biluo_tags(["LOC", "DATE"])


@pytest.fixture(scope="module")
def pipeline_nlp(extractor):
    """The shipped pipeline (its ``ner`` is the entity tagger)."""
    return extractor.nlp


def ids(*tags: str) -> numpy.ndarray:
    return numpy.asarray([TAGS.index(tag) for tag in tags])


def test_tag_set_is_outside_then_biluo_per_label():
    assert TAGS == ["O", "B-DATE", "I-DATE", "L-DATE", "U-DATE", "B-LOC", "I-LOC", "L-LOC", "U-LOC"]


@pytest.mark.parametrize(
    ("tags", "spans"),
    [
        (("O", "B-LOC", "I-LOC", "L-LOC", "O", "U-DATE"), [(1, 4, "LOC"), (5, 6, "DATE")]),
        # two single-token entities side by side stay two
        (("U-LOC", "U-LOC"), [(0, 1, "LOC"), (1, 2, "LOC")]),
        # a stray I or L (no B before it) still makes an entity: the tagger breaks the grammar at times
        (("O", "I-LOC", "L-LOC"), [(1, 3, "LOC")]),
        (("O", "L-DATE", "O"), [(1, 2, "DATE")]),
        # a change of label ends the entity, as does a new B
        (("B-LOC", "I-DATE", "L-DATE"), [(0, 1, "LOC"), (1, 3, "DATE")]),
        (("B-LOC", "B-LOC", "L-LOC"), [(0, 1, "LOC"), (1, 3, "LOC")]),
        # after an L, the next I starts anew
        (("B-LOC", "L-LOC", "I-LOC"), [(0, 2, "LOC"), (2, 3, "LOC")]),
        (("O", "O"), []),
    ],
)
def test_decode(tags, spans):
    assert decode(TAGS, ids(*tags)) == spans


@pytest.mark.parametrize(
    ("words", "entities", "predicted", "places"),
    [
        # a province the rules found and its city the model found are one place, either way round
        (["在", "江西省", "景德镇市", "举办"], [(1, 2), (2, 3)], {2}, ["江西省景德镇市"]),
        (["在", "安大略省", "多伦多", "举办"], [(1, 2), (2, 3)], {1}, ["安大略省多伦多"]),
        # two places the rules found stay as the rules left them; places apart stay apart
        (["在", "江西省", "景德镇市", "举办"], [(1, 2), (2, 3)], set(), ["江西省", "景德镇市"]),
        (["江西省", "和", "景德镇市"], [(0, 1), (2, 3)], {2}, ["江西省", "景德镇市"]),
    ],
)
def test_a_predicted_place_next_to_a_place_joins_it(words, entities, predicted, places):
    doc = Doc(spacy.blank("zh").vocab, words=words, spaces=[False] * len(words))
    doc.ents = [Span(doc, start, end, label="LOC") for start, end in entities]
    join_places(doc, predicted)
    assert [ent.text for ent in doc.ents] == places


def test_predicted_entities_never_replace_the_rule_entities(pipeline_nlp):
    tagger = pipeline_nlp.get_pipe("ner")
    words = ["中方", "在", "拉巴斯", "和", "苏克雷", "开设", "学院"]
    doc = Doc(pipeline_nlp.vocab, words=words, spaces=[False] * len(words))
    doc.ents = [Span(doc, 2, 3, label="LOC")]
    tags = list(tagger.labels)
    # the model's guesses: 拉巴斯和 as one DATE (overlaps the rule's LOC: dropped), 苏克雷 a LOC (added)
    guess = numpy.asarray([0, 0, tags.index("B-DATE"), tags.index("L-DATE"), tags.index("U-LOC"), 0, 0])
    tagger.set_annotations([doc], [(guess, numpy.ones(len(words)))])
    assert [(ent.text, ent.label_) for ent in doc.ents] == [("拉巴斯", "LOC"), ("苏克雷", "LOC")]


def test_an_entity_is_kept_only_when_every_token_is_sure_enough(pipeline_nlp):
    """One unsure token drops its whole entity (never leaves a part of it behind)."""
    tagger = pipeline_nlp.get_pipe("ner")
    words = ["在", "圣", "克鲁斯", "和", "科恰班巴", "举办"]
    tags = list(tagger.labels)
    guess = numpy.asarray([0, tags.index("B-LOC"), tags.index("L-LOC"), 0, tags.index("U-LOC"), 0])
    confidence = numpy.asarray([1.0, 0.95, tagger.threshold / 2, 1.0, 0.95, 1.0])
    doc = Doc(pipeline_nlp.vocab, words=words, spaces=[False] * len(words))
    tagger.set_annotations([doc], [(guess, confidence)])
    assert [(ent.text, ent.label_) for ent in doc.ents] == [("科恰班巴", "LOC")]


def test_a_span_of_punctuation_alone_is_no_entity(pipeline_nlp):
    tagger = pipeline_nlp.get_pipe("ner")
    words = ["行动", "计划", "（", "2004", "年", "）", "即将", "完成"]
    tags = list(tagger.labels)
    guess = numpy.asarray([0, 0, 0, tags.index("B-DATE"), tags.index("L-DATE"), tags.index("U-LOC"), 0, 0])
    doc = Doc(pipeline_nlp.vocab, words=words, spaces=[False] * len(words))
    tagger.set_annotations([doc], [(guess, numpy.ones(len(words)))])
    assert [(ent.text, ent.label_) for ent in doc.ents] == [("2004年", "DATE")]


def test_a_single_character_is_no_entity(pipeline_nlp):
    tagger = pipeline_nlp.get_pipe("ner")
    words = ["提升", "清盛", "港", "和", "景洪", "港口", "的", "能力"]
    tags = list(tagger.labels)
    guess = numpy.asarray([0, 0, tags.index("U-LOC"), 0, tags.index("U-LOC"), 0, 0, 0])
    doc = Doc(pipeline_nlp.vocab, words=words, spaces=[False] * len(words))
    tagger.set_annotations([doc], [(guess, numpy.ones(len(words)))])
    assert [(ent.text, ent.label_) for ent in doc.ents] == [("景洪", "LOC")]


@pytest.mark.parametrize(
    ("words", "place", "guessed"),
    [
        (["东南亚", "和", "南亚", "地区", "的", "建设"], (2, 3), 3),
        (["广东省", "与", "英格兰", "西北部", "的", "交流"], (2, 3), 3),
    ],
)
def test_a_word_the_guidelines_leave_out_is_no_place_and_joins_none(pipeline_nlp, words, place, guessed):
    tagger = pipeline_nlp.get_pipe("ner")
    tags = list(tagger.labels)
    guess = numpy.zeros(len(words), dtype="int64")
    guess[guessed] = tags.index("U-LOC")
    doc = Doc(pipeline_nlp.vocab, words=words, spaces=[False] * len(words))
    doc.ents = [Span(doc, 0, 1, label="LOC"), Span(doc, *place, label="LOC")]
    tagger.set_annotations([doc], [(guess, numpy.ones(len(words)))])
    assert [ent.text for ent in doc.ents] == [words[0], words[place[0]]]


def test_threshold_above_every_probability_adds_nothing_to_the_rules(pipeline_nlp):
    # places no list holds, where the shipped model's guesses add to the rules
    example_text = "两国元首还访问了圣克鲁斯和科恰班巴。双方欢迎在纳沃伊和布哈拉建设工业园。"
    tagger = pipeline_nlp.get_pipe("ner")
    with pipeline_nlp.select_pipes(disable=["tok2vec", "ner"]):
        rules_only = [(ent.start_char, ent.end_char, ent.label_) for ent in pipeline_nlp(example_text).ents]
    saved = tagger.threshold
    try:
        tagger.threshold = 0.0
        argmax = [(ent.start_char, ent.end_char, ent.label_) for ent in pipeline_nlp(example_text).ents]
        tagger.threshold = 1.01
        strict = [(ent.start_char, ent.end_char, ent.label_) for ent in pipeline_nlp(example_text).ents]
    finally:
        tagger.threshold = saved
    # the test holds only while the model's plain guesses add something to this statement
    assert set(argmax) - set(rules_only), "the shipped model adds nothing here even at threshold 0"
    assert strict == rules_only


def test_trains_with_spacy_and_learns_its_entities():
    """spaCy's own training loop (initialize, update, predict) on a toy task: capitalised place names. Seeded, so
    every run trains the same weights."""
    spacy.util.fix_random_seed(0)
    nlp = spacy.blank("en")
    nlp.add_pipe("tok2vec")
    nlp.add_pipe(
        "communique_entity_tagger",
        name="ner",
        config={"model": {"tok2vec": {"width": 96}}},
    )
    sentences = [
        ("We met in Paris today", [(10, 15, "LOC")]),
        ("They flew to Lima and Quito", [(13, 17, "LOC"), (22, 27, "LOC")]),
        ("The talks in Rome ended", [(13, 17, "LOC")]),
        ("Nothing happened here", []),
    ]
    examples = [Example.from_dict(nlp.make_doc(text), {"entities": spans}) for text, spans in sentences]
    optimizer = nlp.initialize(lambda: examples)
    assert nlp.get_pipe("ner").entity_labels == ("LOC",)
    shuffler = random.Random(0)
    for _ in range(60):
        shuffler.shuffle(examples)
        nlp.update(examples, sgd=optimizer)
    scores = nlp.evaluate(examples)
    assert scores["ents_f"] == 1.0
