"""The pattern ruler's families, one small matcher each: titles (documents and initiatives), institutions, places,
mechanisms, events, persons, dates and money. Each takes the text (and, where a family builds on names already
found, the Doc's entities) and yields ``(start, end, label, kb_id)`` matches; ``pattern_ruler`` only composes them.
Every regular expression here is bounded: no nested unbounded quantifiers, runs taken whole (possessive) or from the
start of a run only, so matching stays linear in the length of the text."""
