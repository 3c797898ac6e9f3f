"""The named questions analysts ask across statements, each one SQL query over the store's tables.

A partner is a party of a statement other than China (``HOME``); a statement's date is ``statements.date``
(see ``records.statement_date``). Each function returns ``(sql, parameters)``; ``output`` prints the result.
"""

from __future__ import annotations

from typing import Any

HOME = "CHN"
Query = tuple[str, list[Any]]
# labels that name something (``mentions``): everything but dates and amounts
NAMED_LABELS = ("STATE", "ORG", "PERSON", "DOC", "INITIATIVE", "EVENT", "LOC")


def initiatives(name: str | None = None) -> Query:
    """Without a name: every initiative with its first and last mention, how many statements and mentions, and
    the partners of those statements. With a name (id, normalised name, text or part of it): one row per partner."""
    where, params = "", []
    if name:
        where = " AND (e.key = ? OR e.name = ? OR e.text = ? OR contains(coalesce(e.name, e.text), ?))"
        params = [name, name, name, name]
    mentions = (
        "SELECT e.key, coalesce(e.name, e.text) AS name, e.doc_id, s.date FROM entities AS e "
        f"JOIN statements AS s USING (doc_id) WHERE e.label = 'INITIATIVE'{where}"
    )
    if name:
        sql = f"""
        WITH m AS ({mentions})
        SELECT m.key AS initiative, mode(m.name) AS name, p.party AS partner, min(m.date) AS first_mention,
               max(m.date) AS last_mention, count(DISTINCT m.doc_id) AS statements, count(*) AS mentions
        FROM m JOIN parties AS p ON p.doc_id = m.doc_id AND p.party <> '{HOME}'
        GROUP BY m.key, p.party
        ORDER BY initiative, first_mention, partner
        """
        return sql, params
    sql = f"""
    WITH m AS ({mentions}),
    totals AS (
        SELECT key, mode(name) AS name, min(date) AS first_mention, max(date) AS last_mention,
               count(DISTINCT doc_id) AS statements, count(*) AS mentions
        FROM m GROUP BY key),
    partner_pairs AS (
        SELECT DISTINCT m.key, p.party FROM m JOIN parties AS p USING (doc_id) WHERE p.party <> '{HOME}'),
    partner_lists AS (SELECT key, list(party ORDER BY party) AS partners FROM partner_pairs GROUP BY key)
    SELECT t.key AS initiative, t.name, t.first_mention, t.last_mention, t.statements, t.mentions,
           coalesce(l.partners, []) AS partners
    FROM totals AS t LEFT JOIN partner_lists AS l USING (key)
    ORDER BY t.statements DESC, t.mentions DESC, t.key
    """
    return sql, params


def relationships(partner: str | None = None) -> Query:
    """The designation timeline per partner: each statement that names one, the previous designation and whether
    this one ranks higher (``upgrade``), the same, lower, or is the first known."""
    where, params = "", []
    if partner:
        where, params = " AND p.party = upper(?)", [partner]
    sql = f"""
    WITH t AS (
        SELECT p.party AS partner, s.date, s.doc_id, r.designation, r.canonical, r.kind, r.rank, r.action
        FROM relationships AS r JOIN statements AS s USING (doc_id) JOIN parties AS p USING (doc_id)
        WHERE p.party <> '{HOME}'{where})
    SELECT partner, date, doc_id, designation, canonical, rank, action,
           lag(canonical) OVER w AS previous,
           CASE WHEN lag(rank) OVER w IS NULL THEN 'first'
                WHEN rank > lag(rank) OVER w THEN 'upgrade'
                WHEN rank < lag(rank) OVER w THEN 'lower'
                ELSE 'same' END AS change
    FROM t
    WINDOW w AS (PARTITION BY partner ORDER BY date NULLS FIRST, doc_id)
    ORDER BY partner, date NULLS FIRST, doc_id
    """
    return sql, params


def commitments(with_money: bool = False) -> Query:
    """Every COMMITMENT sentence with its actors (and recipients, when records carry them), the amounts in it
    with their currency, the dates in it, and the statement's date."""
    sql = f"""
    WITH c AS (
        SELECT doc_id, sentence, text, actors, recipients FROM sentences WHERE list_contains(types, 'COMMITMENT')),
    m AS (
        SELECT doc_id, sentence,
               list({{'text': text, 'amount': amount, 'currency': currency}} ORDER BY char_start) AS amounts
        FROM entities WHERE label = 'MONEY' GROUP BY doc_id, sentence),
    d AS (
        SELECT doc_id, sentence,
               list({{'text': text, 'start': date_start, 'end': date_end}} ORDER BY char_start) AS dates
        FROM entities WHERE label = 'DATE' GROUP BY doc_id, sentence)
    SELECT c.doc_id, s.date AS statement_date, c.sentence, c.actors, c.recipients, m.amounts, d.dates,
           c.text AS sentence_text
    FROM c JOIN statements AS s USING (doc_id)
    {"JOIN" if with_money else "LEFT JOIN"} m USING (doc_id, sentence)
    LEFT JOIN d USING (doc_id, sentence)
    ORDER BY s.date NULLS FIRST, c.doc_id, c.sentence
    """
    return sql, []


def mentions(what: str) -> Query:
    """Every statement and sentence naming ``what``: a normalised value (state code, knowledge-base id), a
    normalised name, or the text as written."""
    labels = ", ".join(f"'{label}'" for label in NAMED_LABELS)
    sql = f"""
    SELECT e.doc_id, s.date AS statement_date, e.sentence, e.label, e.text, e.key, e.name,
           se.text AS sentence_text
    FROM entities AS e JOIN statements AS s USING (doc_id)
    LEFT JOIN sentences AS se ON se.doc_id = e.doc_id AND se.sentence = e.sentence
    WHERE e.label IN ({labels}) AND (e.key = ? OR e.key = upper(?) OR e.name = ? OR e.text = ?)
    ORDER BY s.date NULLS FIRST, e.doc_id, e.char_start
    """
    return sql, [what, what, what, what]


NAMED = {
    "initiatives": initiatives,
    "relationships": relationships,
    "commitments": commitments,
    "mentions": mentions,
}
