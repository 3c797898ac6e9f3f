"""Normalisers for DATE and MONEY spans: Chinese surface forms to ISO 8601 ranges and ISO 4217 amounts.

They are plain functions of the span text (plus, for dates without a year, the year in force at that point of the
document), so that the pipeline component, the evaluation and the tests all use the same code. Chinese numerals go
through cn2an rather than hand-written tables.

A normaliser gives a value or no value (None), never an exception: a span the rules or the model found is whatever
the text held (二〇二四年十〇月, a day number of 2150000000, 两两美元), and one unreadable span must not fail the whole
document. Numbers are checked before they reach ``datetime`` (years 1-9999, months 1-12, days 1-31) and amounts
above ``MAX_AMOUNT`` are absurd, so they get no value either.
"""

from __future__ import annotations

import calendar
import csv
import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import cn2an
import pycountry
from babel import Locale
from babel.numbers import get_currency_name, get_territory_currencies

KB_DIR = Path(__file__).parent / "kb"

# ○ (U+25CB) stands for 〇 in older and typed statements (二○○○年)
CN_DIGITS = "〇○零一二两三四五六七八九十百千"
# what joins the two amounts of a range that names its currency once (10亿至15亿美元)
MONEY_RANGE_JOINERS = "至到—－~～-"
# A month or day number. It starts only where a run of numerals starts, and is taken whole (possessive): what
# follows it (月, 日, 号) is never a numeral, so giving characters back could not help, and without these two
# bounds every position of a long run of digits would rescan the rest of the run (quadratic in its length).
NUMBER = rf"(?:(?<!\d)\d++|(?<![{CN_DIGITS}])[{CN_DIGITS}]++)"
YEAR = r"(?:\d{4}|[〇○零一二三四五六七八九]{4})"
_RANGE_SEP = r"(?:至|到|—|－|-|–|~|～)"

# A date: year with optional month and day, month-day, or day; ranges join two of them.
_POINT = rf"(?:(?P<@y>{YEAR})年)?(?:(?P<@m>{NUMBER})月)?(?:(?P<@d>{NUMBER})[日号])?"
DATE_PATTERN = re.compile(
    # a date starts with a numeral: without this, 到一九九〇年 matched as an empty first point, the range mark 到
    # and a second point, and the year inside was lost
    rf"(?=[\d{CN_DIGITS}])"
    "(?P<first>"
    # 2019—2020年: the first year of a range of years may leave its 年 to the second
    + _POINT.replace("@", "a").replace(")年)?", rf")(?:年|(?={_RANGE_SEP}{YEAR}年)))?", 1)
    + ")(?:"
    + _RANGE_SEP
    # …and so does its second point (截至2005年12月31日到期: 到 is no range mark there)
    + rf"(?=[\d{CN_DIGITS}])"
    + "(?P<second>"
    + _POINT.replace("@", "b")
    + "))?"
)

MAGNITUDES = {"十": 10, "百": 100, "千": 1_000, "万": 10_000, "亿": 100_000_000}
# 10^18 (百亿亿) in any currency: beyond every budget, debt or GDP a statement can name, even in rupiah or dong
MAX_AMOUNT = Decimal(10) ** 18
# at most this many digits or numeral characters are read as one number (a longer run is not an amount or a date)
MAX_NUMBER_LENGTH = 30


class NormalisationError(ValueError):
    """The text is not a date or amount this normaliser understands."""


def parse_chinese_number(text: str) -> Decimal:
    """Arabic or Chinese numerals with magnitude suffixes: 100亿, 1.5万亿, 五十亿, 二〇二四, 3,000万."""
    # 3,000 and 3，000 (a full-width thousands separator); 两个亿 (two hundred million: 个 before the magnitude)
    text = re.sub("个(?=[万亿])", "", text.replace(",", "").replace("，", "").replace("○", "〇").strip())
    text = text.replace("．", ".")
    if len(text) > MAX_NUMBER_LENGTH:
        raise NormalisationError(f"not a number: {text[:20]!r}… ({len(text)} characters)")
    if re.search("两(?![百千万亿])", text):
        raise NormalisationError(f"not a number: {text!r} (两 counts only hundreds, thousands and up)")
    if text and text[0] in "百千万亿":
        text = "一" + text  # 千亿美元: a magnitude alone counts one of it
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([十百千万亿]*)", text)
    if match:
        value = Decimal(match[1])  # exact: 73.4亿 is 7340000000, not 7340000000.000001
        for char in match[2]:
            value *= MAGNITUDES[char]
        return value
    # digit by digit (二〇二四, 一〇〇万): numerals without 十百千 inside, magnitudes only at the end
    match = re.fullmatch(r"([〇零一二三四五六七八九]{2,})([万亿]*)", text)
    if match:
        value = Decimal("".join(str("〇一二三四五六七八九".index(c.replace("零", "〇"))) for c in match[1]))
        for char in match[2]:
            value *= MAGNITUDES[char]
        return value
    try:
        return Decimal(str(cn2an.cn2an(text, "smart")))
    except Exception as error:  # noqa: BLE001 - cn2an raises ValueError, KeyError, IndexError … on odd input
        raise NormalisationError(f"not a number: {text!r}") from error


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    value = parse_chinese_number(text)
    if value != value.to_integral_value():
        raise NormalisationError(f"not a whole number: {text!r}")
    return int(value)


def _check_point(year: int | None, month: int | None, day: int | None) -> None:
    """Numbers outside a calendar's range are no date (and would overflow ``datetime``)."""
    if year is not None and not 1 <= year <= 9999:
        raise NormalisationError(f"year out of range: {year}")
    if month is not None and not 1 <= month <= 12:
        raise NormalisationError(f"month out of range: {month}")
    if day is not None and not 1 <= day <= 31:
        raise NormalisationError(f"day out of range: {day}")


def _point(match: re.Match, prefix: str) -> tuple[int | None, int | None, int | None]:
    return _int(match[prefix + "y"]), _int(match[prefix + "m"]), _int(match[prefix + "d"])


def _bounds(year: int, month: int | None, day: int | None) -> tuple[date, date, str]:
    if month is None:
        return date(year, 1, 1), date(year, 12, 31), "year"
    if day is None:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month"
    return date(year, month, day), date(year, month, day), "day"


def normalise_date(text: str, context_year: int | None = None) -> dict | None:
    """See ``_normalise_date``; None for anything that is not a real date, never an exception."""
    try:
        return _normalise_date(text, context_year)
    except (ValueError, OverflowError):  # NormalisationError is a ValueError
        return None


def _normalise_date(text: str, context_year: int | None) -> dict | None:
    """``2024年1月23日至25日`` → ``{"start": "2024-01-23", "end": "2024-01-25", "grain": "day"}``.

    The second half of a range inherits the year and month it omits from the first half; a date without any year
    takes ``context_year`` (the statement's year, chosen by the normaliser component), and is left unnormalised without one.
    """
    match = DATE_PATTERN.fullmatch(text.strip())
    if not match or not match["first"]:
        return None
    year, month, day = _point(match, "a")
    if year is None:
        year = context_year
    if year is None or (month is None and day is not None):
        return None
    _check_point(year, month, day)
    start, end, grain = _bounds(year, month, day)
    if match["second"]:
        year_b, month_b, day_b = _point(match, "b")
        if year_b is None and month_b is None and day_b is None:
            return None
        if year_b is None:
            year_b = year
            if month_b is None and day_b is not None:
                month_b = month
        _check_point(year_b, month_b, day_b)
        _, end, grain_b = _bounds(year_b, month_b, day_b)
        if end < start:
            return None
        grain = grain if grain == grain_b else min(grain, grain_b, key=["day", "month", "year"].index)
    return {"start": start.isoformat(), "end": end.isoformat(), "grain": grain}


# CLDR name remainders that are not currency names people write (资金, 单位, 群岛磅 …)
_NOT_SHORT_NAMES = re.compile(r"单位|联盟|指数|群岛|资金|主权|金元")


@lru_cache(maxsize=1)
def currency_names() -> dict[str, tuple[str, ...]]:
    """Chinese currency names → candidate ISO 4217 codes.

    Every ISO currency's CLDR name via Babel (马来西亚林吉特), the short name statements use once the country is
    clear (林吉特, 索尔, 基那: the CLDR name less its territory name), and curated aliases (元, 人民币, 印尼盾) from
    ``kb/currency_aliases.tsv``, which also settle short names several currencies share (第纳尔). A short name that
    stays shared (比索, 卢比, 法郎) keeps all its codes and is resolved against the statement's parties."""
    names: dict[str, tuple[str, ...]] = {}
    territories = sorted(set(Locale.parse("zh_Hans").territories.values()), key=len, reverse=True)
    short: dict[str, set[str]] = {}
    for currency in pycountry.currencies:
        name = get_currency_name(currency.alpha_3, locale="zh_Hans")
        if not name or name == currency.alpha_3:
            continue
        names[name] = (currency.alpha_3,)
        territory = next((t for t in territories if name.startswith(t)), None)
        rest = name[len(territory) :] if territory else ""
        if (
            2 <= len(rest) <= 5
            and re.fullmatch(r"[\u4e00-\u9fff]+", rest)
            and not _NOT_SHORT_NAMES.search(rest)
        ):
            short.setdefault(rest, set()).add(currency.alpha_3)
    for name, codes in short.items():
        names.setdefault(name, tuple(sorted(codes)))
    with (KB_DIR / "currency_aliases.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            names[row["name"]] = (row["code"],)
    return names


@lru_cache(maxsize=256)
def _party_currencies(parties: tuple[str, ...]) -> set[str]:
    codes: set[str] = set()
    for alpha3 in parties:
        country = pycountry.countries.get(alpha_3=alpha3)
        if country is not None:
            codes.update(get_territory_currencies(country.alpha_2))
    return codes


def _money_pattern(names: Iterable[str]) -> re.Pattern:
    """An amount followed by a currency name, or a currency name followed by an amount (人民币100亿元)."""
    currency = "(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + ")"
    # an amount starts only where a run of numerals starts (a match from inside the run would also match from its
    # start, so nothing is lost), which keeps long runs of digits linear; [\d,]*+ and \d++ are possessive because
    # nothing after them starts with a digit or comma. The Chinese numerals stay backtracking: 五百慕大元 is
    # 五 + 百慕大元 (Bermuda dollars).
    # A thousands separator is a comma, half- or full-width, before exactly three digits (3，000万美元; the
    # full-width comma is also a clause mark, so 3，5亿 is no amount). 两个亿: a numeral, 个 and 万 or 亿. The decimal
    # point may be full-width (１１．８億美元: the script step makes the digits ASCII but keeps punctuation).
    amount = (
        rf"(?:(?<!\d)\d++(?:[,，]\d{{3}}(?!\d))*+(?:[.．]\d++)?[十百千万亿]*"
        rf"|(?<![{CN_DIGITS}万亿])[{CN_DIGITS}万亿]+(?:个[万亿]++)?)"
    )
    return re.compile(
        rf"(?P<amount>{amount})多?(?P<currency>{currency})"
        rf"|(?P<currency2>人民币|美元|欧元|港币|港元)(?P<amount2>{amount})(?P<unit2>元)?"
    )


class Currencies:
    """Currency names → candidate ISO 4217 codes, and the money pattern they make. The normaliser component
    carries its own copy in a saved pipeline (``currencies.json``); ``bundled_currencies()`` builds it from Babel,
    pycountry and ``kb/currency_aliases.tsv`` for everything that runs without a pipeline."""

    def __init__(self, names: dict[str, Iterable[str]]) -> None:
        self.names = {name: tuple(codes) for name, codes in names.items()}
        self.pattern = _money_pattern(self.names)

    def normalise(self, text: str, parties: tuple[str, ...] = ()) -> dict | None:
        """See ``normalise_money``."""
        try:
            return self._normalise(text, parties)
        except (ValueError, ArithmeticError):  # NormalisationError, decimal and float overflow
            return None

    def _normalise(self, text: str, parties: tuple[str, ...]) -> dict | None:
        match = self.pattern.fullmatch(text.strip())
        if not match:
            return None
        amount_text = match["amount"] or match["amount2"]
        name = match["currency"] or match["currency2"]
        try:
            amount = parse_chinese_number(amount_text)
        except NormalisationError:
            return None
        if amount <= 0 or amount > MAX_AMOUNT:
            return None
        codes = self.names[name]
        if len(codes) > 1:
            codes = tuple(code for code in codes if code in _party_currencies(tuple(parties)))
            if len(codes) != 1:
                return None
        number = int(amount) if amount == amount.to_integral_value() else float(amount)
        return {"amount": number, "currency": codes[0]}


@lru_cache(maxsize=1)
def bundled_currencies() -> Currencies:
    """The currency table of the source tree and the installed Babel and pycountry."""
    return Currencies(currency_names())


def money_pattern() -> re.Pattern:
    """The money pattern of the bundled currency table."""
    return bundled_currencies().pattern


def normalise_money(text: str, parties: tuple[str, ...] = ()) -> dict | None:
    """``100亿美元`` → ``{"amount": 10000000000, "currency": "USD"}``; None when no amount with currency, when
    a currency name several currencies share (卢比) is not the currency of one of ``parties``, or when the amount
    is no number or an absurd one (above ``MAX_AMOUNT``). Never an exception. With the bundled currency table (the
    normaliser component uses its own copy, ``Currencies.normalise``)."""
    return bundled_currencies().normalise(text, parties)
