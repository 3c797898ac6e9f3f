"""The named questions analysts ask across statements, each one SQL query over the store's tables.

A partner is a party of a statement other than China (``HOME``); a statement's date is ``statements.date``
(see ``records.statement_date``). Each function returns ``(sql, parameters)``; ``output`` prints the result.
"""

from __future__ import annotations

from typing import Any

from communique.store.partners import partner_code

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
    """The designation timeline per partner (one partner: a code or a name, see ``partner_code``): each statement
    that names one, the previous designation and whether this one ranks higher (``upgrade``), the same, lower, or
    is the first known."""
    where, params = "", []
    if partner:
        where, params = " AND p.party = ?", [partner_code(partner)]
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


def commitments(with_money: bool = False, to: str | None = None, since: int | None = None) -> Query:
    """Every COMMITMENT act (``acts``): the statement's date, actors, recipients, the trigger and what is
    committed to, and the amounts (text, amount, currency), dates (text, start, end, role) and documents,
    initiatives and events attached to that act, not merely found in its sentence. ``with_money``: only acts with
    an amount; ``to``: only acts directed at that partner (a code, a group id or a name, see ``partner_code``);
    ``since``: statements of that year or later.

    The attachments are the act's own columns, written when the statement was added, so the question is one pass
    over ``acts`` and two joins whatever the options."""
    where, params = ["a.type = 'COMMITMENT'"], []
    if with_money:
        where.append("len(a.amounts) > 0")
    if to:
        where.append("list_contains(a.recipients, ?)")
        params.append(partner_code(to))
    if since is not None:
        where.append("s.year >= ?")
        params.append(since)
    sql = f"""
    SELECT a.doc_id, s.date AS statement_date, a.sentence, a.act, a.actors, a.recipients, a.trigger, a.object,
           a.amounts, a.dates, a.named, se.text AS sentence_text
    FROM acts AS a JOIN statements AS s USING (doc_id)
    LEFT JOIN sentences AS se ON se.doc_id = a.doc_id AND se.sentence = a.sentence
    WHERE {" AND ".join(where)}
    ORDER BY s.date NULLS FIRST, a.doc_id, a.sentence, a.act
    """
    return sql, params


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
