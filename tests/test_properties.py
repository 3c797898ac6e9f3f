"""Property-based tests: the normalisers and the extractor on arbitrary text never raise and keep their contract."""

from __future__ import annotations

from datetime import date

from communique.normalise import normalise_date, normalise_money
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# Text that looks like what the rules look for: digits (both widths), Chinese numerals, date and money words,
# sentence ends and quotes, mixed with anything else Unicode has.
STATEMENT_ALPHABET = st.sampled_from(
    list("0123456789０１２３４５６７８９〇零一二两三四五六七八九十百千万亿年月日号至到—－-~～")
    + [
        "美元",
        "人民币",
        "元",
        "欧元",
        "卢布",
        "双方",
        "中方",
        "乌方",
        "将",
        "愿",
        "支持",
        "反对",
        "。",
        "；",
        "\n",
    ]
    + [
        "“一带一路”倡议",
        "上海合作组织",
        "《",
        "》",
        "「",
        "」",
        "中华人民共和国",
        "乌兹别克斯坦共和国",
        "\u200b",
    ]
)
STATEMENT_TEXT = st.lists(st.one_of(STATEMENT_ALPHABET, st.characters()), max_size=60).map("".join)
ANY_TEXT = st.one_of(st.text(max_size=40), STATEMENT_TEXT)


@settings(max_examples=100, deadline=None)
@given(ANY_TEXT, st.one_of(st.none(), st.integers(min_value=1, max_value=9999)))
def test_normalise_date_gives_valid_ranges(text, context_year):
    value = normalise_date(text, context_year)
    if value is None:
        return
    start, end = date.fromisoformat(value["start"]), date.fromisoformat(value["end"])
    assert start <= end
    assert value["grain"] in ("day", "month", "year")


@settings(max_examples=100, deadline=None)
@given(
    st.integers(min_value=1, max_value=2100),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=1, max_value=31),
)
def test_normalise_date_round_trips_real_dates(year, month, day):
    text = f"{year:04d}年{month}月{day}日"
    try:
        expected = date(year, month, day).isoformat()
    except ValueError:
        assert normalise_date(text) is None
        return
    assert normalise_date(text) == {"start": expected, "end": expected, "grain": "day"}


@settings(max_examples=100, deadline=None)
@given(ANY_TEXT)
def test_normalise_money_never_raises(text):
    value = normalise_money(text)
    if value is not None:
        assert value["amount"] > 0
        assert len(value["currency"]) == 3 and value["currency"].isupper()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(STATEMENT_TEXT)
def test_extract_text_keeps_its_offsets(extractor, text):
    record = extractor.extract_text(text)
    assert record["text"] == text
    for entity in record["entities"]:
        assert 0 <= entity["start"] < entity["end"] <= len(text)
        assert text[entity["start"] : entity["end"]] == entity["text"]
    previous_end = 0
    for sentence in record["sentences"]:
        assert previous_end <= sentence["start"] < sentence["end"] <= len(text)
        previous_end = sentence["end"]
        for trigger in sentence["triggers"]:
            assert text[trigger["start"] : trigger["end"]] == trigger["text"]


@settings(max_examples=100, deadline=None)
@given(
    st.one_of(st.binary(max_size=300), ANY_TEXT.map(lambda text: text.encode("utf-8"))),
    st.sampled_from([".txt", ".html", ".jsonl", ""]),
)
def test_reader_fails_only_with_a_one_line_document_error(data, suffix):
    """Whatever bytes a file holds, reading it gives documents or a DocumentError, never another exception."""
    from communique.reader import DocumentError, read_bytes

    try:
        documents = read_bytes(data, "file", "file", suffix)
    except DocumentError as error:
        assert "\n" not in str(error)
        return
    for document in documents:
        assert document.text.strip()
