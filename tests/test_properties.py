"""Property-based tests: the normalisers and the extractor on arbitrary text never raise and keep their contract.

Every strategy builds only inputs its test can take, so that a failure always means the code under test is wrong:
text is text without lone surrogates (a ``str`` the reader could have produced), and bytes are bytes — including
encoded surrogates, produced the way a file holds them. How many examples and whether they are random is the
profile's business (``tests/conftest.py``), not each test's.
"""

from __future__ import annotations

from datetime import date

import pytest
from communique.normalise import normalise_date, normalise_money
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# Text that looks like what the rules look for: digits (both widths), Chinese numerals, date and money words,
# sentence ends and quotes, mixed with anything else Unicode has.
STATEMENT_ALPHABET = st.sampled_from(
    list("0123456789０１２３４５６７８９〇○零一二两三四五六七八九十百千万亿个，年月日号至到—－-~～")
    + [
        "美元",
        "港币",
        "港元",
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
# any character a decoded file can hold: every category but Cs (lone surrogates exist only inside Python)
CHARACTERS = st.characters(exclude_categories=("Cs",))
STATEMENT_TEXT = st.lists(st.one_of(STATEMENT_ALPHABET, CHARACTERS), max_size=60).map("".join)
ANY_TEXT = st.one_of(st.text(CHARACTERS, max_size=40), STATEMENT_TEXT)
# what a file can hold: any bytes, text in UTF-8, and text with encoded surrogates (ED A0 80 for U+D800), which
# is how a surrogate reaches the reader from a file written by a careless encoder
FILE_BYTES = st.one_of(
    st.binary(max_size=300),
    ANY_TEXT.map(lambda text: text.encode("utf-8")),
    st.lists(st.one_of(ANY_TEXT, st.characters(categories=("Cs",))), max_size=8).map(
        lambda parts: "".join(parts).encode("utf-8", "surrogatepass")
    ),
)
# the pipeline tests load spaCy and run it on every example: fewer examples than the cheap tests
PIPELINE_EXAMPLES = max(10, settings.default.max_examples * 6 // 10)


@given(ANY_TEXT, st.one_of(st.none(), st.integers(min_value=1, max_value=9999)))
def test_normalise_date_gives_valid_ranges(text, context_year):
    value = normalise_date(text, context_year)
    if value is None:
        return
    start, end = date.fromisoformat(value["start"]), date.fromisoformat(value["end"])
    assert start <= end
    assert value["grain"] in ("day", "month", "year")


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


# Numbers as a careless or hostile text writes them: any run of digits and numerals, any length.
NUMERAL = st.text(
    st.sampled_from(list("0123456789〇○零一二两三四五六七八九十百千万亿个,，")), min_size=1, max_size=40
)
HUGE = st.integers(min_value=-(10**12), max_value=10**12).map(str)


@given(
    st.one_of(
        st.tuples(NUMERAL | HUGE, NUMERAL | HUGE, NUMERAL | HUGE).map(lambda p: f"{p[0]}年{p[1]}月{p[2]}日"),
        st.tuples(NUMERAL | HUGE, NUMERAL | HUGE).map(lambda p: f"{p[0]}月{p[1]}日至{p[1]}日"),
        ANY_TEXT,
    ),
    st.one_of(st.none(), st.integers()),
)
def test_normalise_date_never_raises_on_any_numbers(text, context_year):
    """A normaliser gives a value or None: no number, however large or ill-formed, raises."""
    value = normalise_date(text, context_year)
    if value is not None:
        assert date.fromisoformat(value["start"]) <= date.fromisoformat(value["end"])


@given(st.one_of(NUMERAL, HUGE), st.sampled_from(["美元", "元", "人民币", "欧元", "卢比", "港币", "港元"]))
def test_normalise_money_never_raises_and_stays_below_the_clamp(amount, currency):
    from communique.normalise import MAX_AMOUNT

    value = normalise_money(amount + currency, ("IND",))
    if value is not None:
        assert 0 < value["amount"] <= MAX_AMOUNT


@pytest.mark.parametrize(
    "text",
    [
        "二〇二四年十〇月",
        "0月〇十日",
        "2024年1月2150000000日",
        "2024年13月1日",
        "99999年1月1日",
        "2024年2月30日",
    ],
)
def test_dates_the_normaliser_cannot_read_get_no_value(text):
    assert normalise_date(text, 2024) is None


@pytest.mark.parametrize(
    "text, amount",
    [
        ("两两美元", None),
        ("1" * 500 + "美元", None),
        ("两千万美元", 20_000_000),
        ("两百亿元", 20_000_000_000),
    ],
)
def test_money_that_is_no_number_or_absurd_gets_no_value(text, amount):
    value = normalise_money(text)
    assert (value and value["amount"]) == amount


@given(ANY_TEXT)
def test_normalise_money_never_raises(text):
    value = normalise_money(text)
    if value is not None:
        assert value["amount"] > 0
        assert len(value["currency"]) == 3 and value["currency"].isupper()


@settings(max_examples=PIPELINE_EXAMPLES, suppress_health_check=[HealthCheck.function_scoped_fixture])
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


@given(
    FILE_BYTES,
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
        if isinstance(document, DocumentError):
            assert "\n" not in str(document) and document.source.startswith("file:")
            continue
        assert document.text.strip()
        # what was read can be written: no lone surrogate reaches a record
        document.text.encode("utf-8")
        assert len(document.sha256) == 64


@given(
    st.lists(st.one_of(STATEMENT_ALPHABET, CHARACTERS, st.sampled_from(["\u200e", "\u2f49", "①", "ﬁ"]))).map(
        "".join
    )
)
def test_analysis_text_maps_every_character_back(text):
    """The analysed text (NFKC compatibility forms, invisible characters removed, simplified script) maps each of
    its characters to the original character it came from, in order."""
    from communique.script import to_analysis_text

    analysis = to_analysis_text(text)
    mapping = analysis.to_original or tuple(range(len(text) + 1))
    assert len(mapping) == len(analysis.text) + 1
    assert mapping[-1] == len(text)
    assert list(mapping) == sorted(mapping)
    assert all(0 <= position < len(text) for position in mapping[:-1])
    for start in range(len(analysis.text)):
        begin, end = analysis.original_span(start, start + 1)
        assert 0 <= begin < end <= len(text)


@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=0, max_value=40), st.booleans())
def test_month_numbers_outside_1_to_12_get_no_value(year, month, chinese):
    """A month is 1-12 whatever numerals write it (十三月, 0月); the range is a whole month of that year."""
    import cn2an

    written = cn2an.an2cn(str(month)) if chinese else str(month)
    value = normalise_date(f"{year:04d}年{written}月")
    if not 1 <= month <= 12:
        assert value is None
        return
    assert value is not None and value["grain"] == "month"
    start, end = date.fromisoformat(value["start"]), date.fromisoformat(value["end"])
    assert start.month == end.month == month and start.day == 1 and start <= end
