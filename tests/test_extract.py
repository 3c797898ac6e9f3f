"""The extractor on the example statement: the facts the issue names, checked through the real pipeline."""

from __future__ import annotations

import json

import opencc
import pytest


def entities(record, label=None, text=None):
    return [
        e
        for e in record["entities"]
        if (label is None or e["label"] == label) and (text is None or e["text"] == text)
    ]


def sentence_with(record, fragment):
    for sentence in record["sentences"]:
        if fragment in record["text"][sentence["start"] : sentence["end"]]:
            return sentence
    raise AssertionError(f"no sentence contains {fragment!r}")


def assert_offsets_valid(record):
    text = record["text"]
    for entity in record["entities"]:
        assert 0 <= entity["start"] < entity["end"] <= len(text)
        assert text[entity["start"] : entity["end"]] == entity["text"]
    spans = sorted((e["start"], e["end"]) for e in record["entities"])
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert end <= start, "entities overlap"
    for sentence in record["sentences"]:
        assert 0 <= sentence["start"] < sentence["end"] <= len(text)
        for trigger in sentence["triggers"]:
            assert text[trigger["start"] : trigger["end"]] == trigger["text"]


def test_parties(example_record):
    assert example_record["parties"] == ["CHN", "UZB"]


@pytest.mark.parametrize(
    "surface, code",
    [("乌兹别克斯坦共和国", "UZB"), ("乌方", "UZB"), ("中方", "CHN"), ("中华人民共和国", "CHN")],
)
def test_states_normalised(example_record, surface, code):
    found = entities(example_record, "STATE", surface)
    assert found, surface
    assert {e["norm"] for e in found} == {code}


def test_money(example_record):
    (money,) = entities(example_record, "MONEY", "100亿美元")
    assert money["norm"] == {"amount": 10_000_000_000, "currency": "USD"}


@pytest.mark.parametrize(
    "surface, start, end, grain",
    [
        ("2024年1月23日至25日", "2024-01-23", "2024-01-25", "day"),
        ("二〇二四年一月二十四日", "2024-01-24", "2024-01-24", "day"),
        ("2023年7月", "2023-07-01", "2023-07-31", "month"),
    ],
)
def test_dates(example_record, surface, start, end, grain):
    (date,) = entities(example_record, "DATE", surface)
    assert date["norm"] == {"start": start, "end": end, "grain": grain}


@pytest.mark.parametrize(
    "surface, label",
    [
        ("上海合作组织", "ORG"),
        ("“一带一路”倡议", "INITIATIVE"),
        ("中华人民共和国和乌兹别克斯坦共和国联合声明", "DOC"),
    ],
)
def test_named_entities(example_record, surface, label):
    assert entities(example_record, label, surface), f"{surface} not labelled {label}"


def test_doc_span_excludes_title_brackets(example_record):
    text = example_record["text"]
    for doc in entities(example_record, "DOC", "中华人民共和国和乌兹别克斯坦共和国联合声明"):
        if text[doc["start"] - 1] == "《":
            assert text[doc["end"]] == "》"
            break
    else:
        raise AssertionError("the 《》 title is not a DOC")


def test_no_entities_inside_compounds(example_record):
    text = example_record["text"]
    for entity in example_record["entities"]:
        assert entity["text"] not in {"中乌", "中", "乌", "华"}
    position = text.index("中乌关系")
    assert not any(e["start"] <= position < e["end"] for e in example_record["entities"])


@pytest.mark.parametrize(
    "fragment, expected",
    [
        ("双方将继续开展各层级定期会晤", {"COMMITMENT"}),
        ("双方愿继续扩大投资合作", {"INTENTION"}),
        ("乌方坚定支持一个中国原则", {"SUPPORT"}),
        ("双方反对第三国或任何组织", {"OPPOSITION"}),
        ("双方高度评价中乌政府间合作委员会", {"APPRAISAL"}),
        ("双方强调不干涉内政原则具有重要意义", {"POSITION"}),
        ("双方欢迎这一积极态势", {"APPRAISAL", "COMMITMENT"}),
    ],
)
def test_sentence_types(example_record, fragment, expected):
    sentence = sentence_with(example_record, fragment)
    assert expected <= set(sentence["types"])


def test_actors(example_record):
    assert sentence_with(example_record, "乌方坚定支持一个中国原则")["actors"] == ["UZB"]
    assert set(sentence_with(example_record, "双方愿继续扩大投资合作")["actors"]) == {"CHN", "UZB"}


@pytest.mark.parametrize(
    "fragment", ["两国元首在热烈友好的气氛中举行会谈", "2023年中乌双边贸易额突破100亿美元"]
)
def test_narrative_sentences_are_untyped(example_record, fragment):
    sentence = sentence_with(example_record, fragment)
    assert sentence["types"] == [] and sentence["actors"] == []


def test_sentences_end_at_full_stops_not_semicolons(example_record):
    text = example_record["text"]
    for sentence in example_record["sentences"]:
        body = text[sentence["start"] : sentence["end"]]
        assert "\n" not in body
        assert not any(mark in body[:-1] for mark in "。！？"), body


def test_offsets_valid(example_record):
    assert_offsets_valid(example_record)


def test_traditional_script_copy(extractor, example_text, example_record):
    traditional = opencc.OpenCC("s2t").convert(example_text)
    assert traditional != example_text
    record = extractor.extract_text(traditional, doc_id="traditional")
    assert_offsets_valid(record)
    assert record["text"] == traditional
    assert record["parties"] == ["CHN", "UZB"]
    simplified_labels = [
        (e["start"], e["end"], e["label"], str(e["norm"])) for e in example_record["entities"]
    ]
    traditional_labels = [(e["start"], e["end"], e["label"], str(e["norm"])) for e in record["entities"]]
    assert traditional_labels == simplified_labels
    assert [s["types"] for s in record["sentences"]] == [s["types"] for s in example_record["sentences"]]


# The invisible characters the issue found hiding names: LRM, RLM, RLO (+PDF), LRI (+PDI), CGJ, VS16, MVS.
INVISIBLE = ["\u200e", "\u200f", "\u202e", "\u202c", "\u2066", "\u2069", "\u034f", "\ufe0f", "\u180e"]


def analysis_view(record):
    """Entities as labels and norms, in order: what must not change when only invisible or compatibility
    characters differ."""
    return [(e["label"], json.dumps(e["norm"], ensure_ascii=False)) for e in record["entities"]]


def test_invisible_characters_inside_names_hide_nothing(extractor, example_text, example_record):
    """Each name of the example with an invisible character after its first character; the record keeps the
    user's text (with the characters) and finds the same entities, with offsets into that text."""
    text = example_text
    for number, name in enumerate(["中华人民共和国", "乌兹别克斯坦共和国", "习近平", "米尔济约耶夫"]):
        text = text.replace(name, name[0] + INVISIBLE[number % len(INVISIBLE)] + name[1:])
    for char in INVISIBLE:  # and every one of them once more, inside 中华人民共和国's first occurrence
        text = text.replace("华人", "华" + char + "人", 1)
    assert text != example_text
    record = extractor.extract_text(text, doc_id="invisible")
    assert record["text"] == text
    assert_offsets_valid(record)
    assert record["parties"] == ["CHN", "UZB"]
    assert analysis_view(record) == analysis_view(example_record)
    assert any("\u200e" in e["text"] for e in entities(record, "STATE"))


def test_kangxi_radicals_from_pdf_copy_read_as_ordinary_characters(extractor, example_text, example_record):
    """PDF copy-paste gives Kangxi radicals (⽉ U+2F49, ⽇ U+2F47) for 月 and 日: the same dates and names."""
    text = example_text.replace("月", "\u2f49").replace("日", "\u2f47")
    record = extractor.extract_text(text, doc_id="kangxi")
    assert record["text"] == text
    assert_offsets_valid(record)
    assert analysis_view(record) == analysis_view(example_record)
    dates = {e["text"]: e["norm"] for e in entities(record, "DATE")}
    assert dates["2024年1\u2f4923\u2f47至25\u2f47"] == {
        "start": "2024-01-23",
        "end": "2024-01-25",
        "grain": "day",
    }
