"""The statement's own date: which DATE entity dates the statement, read from the Doc once.

Two stages need it: the record (``record.statement_date``, with its evidence) and the acts (``acts.build_acts``),
where a date before the statement's day recalls history and never times an act. Both read it here, so they can
never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# a signature block dates the statement: 本公报于二〇一九年三月二十三日在罗马签订
_SIGNED = re.compile(r"^\s*在[^。，\n]{0,12}(签订|签署|发表|通过)|^\s*(签订|签署|发表|通过)")
OPENING_CHARS = 600


def statement_date_entity(ents: Iterable[Any], text: str, opening_chars: int = OPENING_CHARS) -> Any | None:
    """The DATE entity (a spaCy span with a normalised ``_.norm``) that dates the statement: a signature date
    (…于X年X月X日在X签订) when there is one, else the first day-grain date of the opening (the visit or meeting
    it reports); None when there is neither. ``text`` is the Doc's text."""
    dates = [ent for ent in ents if ent.label_ == "DATE" and isinstance(ent._.norm, dict)]
    signed = [ent for ent in dates if _SIGNED.match(text, ent.end_char)]
    opening = [ent for ent in dates if ent.start_char < opening_chars and ent._.norm.get("grain") == "day"]
    return signed[-1] if signed else (opening[0] if opening else None)


def statement_day(ents: Iterable[Any], text: str) -> str | None:
    """The statement's day as an ISO date (the last day of the dating entity), or None."""
    chosen = statement_date_entity(ents, text)
    return None if chosen is None else chosen._.norm.get("end")
