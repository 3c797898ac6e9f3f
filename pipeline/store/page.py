"""``communique report --db DB -o page.html``: one page over the whole store.

It shows each partner's relationship timeline and the initiatives' mentions per year as inline SVG drawn here
(no script, no network: the page opens from disk anywhere), then a table per partner linking to each statement's
own report page, which is rebuilt from the store (``record_from_store``) and written beside the page.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from communique.store import queries
from communique.store.database import rows_of

CHANGE_COLOURS = {"first": "#4c78a8", "upgrade": "#2ca02c", "same": "#9e9e9e", "lower": "#d62728"}
TOP_INITIATIVES = 20


def record_from_store(con: Any, doc_id: str) -> dict[str, Any]:
    """The record of ``doc_id`` as `communique extract` wrote it (the fields the report pages read)."""
    row = con.execute(
        "SELECT doc_id, sha256, title, source, text, pipeline FROM statements WHERE doc_id = ?", [doc_id]
    ).fetchone()
    record: dict[str, Any] = dict(
        zip(("doc_id", "sha256", "title", "source", "text", "pipeline"), row, strict=True)
    )
    record["parties"] = [
        party
        for (party,) in con.execute(
            "SELECT party FROM parties WHERE doc_id = ? ORDER BY position", [doc_id]
        ).fetchall()
    ]
    record["entities"] = [
        {"start": start, "end": end, "label": label, "text": text, "norm": json.loads(norm) if norm else None}
        for start, end, label, text, norm in con.execute(
            "SELECT char_start, char_end, label, text, norm FROM entities WHERE doc_id = ? ORDER BY char_start",
            [doc_id],
        ).fetchall()
    ]
    triggers: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for sentence, start, end, text, kind in con.execute(
        "SELECT sentence, char_start, char_end, text, type FROM triggers WHERE doc_id = ? ORDER BY char_start",
        [doc_id],
    ).fetchall():
        triggers[sentence].append({"start": start, "end": end, "text": text, "type": kind})
    record["sentences"] = [
        {"start": start, "end": end, "types": types, "actors": actors, "triggers": triggers[index]}
        for index, start, end, types, actors in con.execute(
            "SELECT sentence, char_start, char_end, types, actors FROM sentences WHERE doc_id = ? ORDER BY sentence",
            [doc_id],
        ).fetchall()
    ]
    found = con.execute(
        "SELECT designation, canonical, kind, rank, char_start, char_end, action FROM relationships WHERE doc_id = ?",
        [doc_id],
    ).fetchone()
    keys = ("designation", "canonical", "kind", "rank", "start", "end", "action")
    record["relationship"] = dict(zip(keys, found, strict=True)) if found else None
    return record


@dataclass
class Axis:
    """Years ``first..last`` mapped onto ``left..right`` pixels."""

    first: int
    last: int
    left: float
    right: float

    def x(self, year: float) -> float:
        span = max(self.last + 1 - self.first, 1)
        return self.left + (year - self.first) / span * (self.right - self.left)

    def ticks(self) -> list[tuple[int, float]]:
        step = max(1, (self.last - self.first + 1) // 12)
        return [(year, self.x(year)) for year in range(self.first, self.last + 2, step)]


def _fraction(date: Any) -> float:
    return date.year + (date.timetuple().tm_yday - 1) / 366


def timeline_chart(rows: list[dict[str, Any]], width: int = 1000, row_height: int = 30) -> dict[str, Any]:
    """Shapes of the relationship timeline: one lane per partner, a dot per statement coloured by change."""
    dated = [row for row in rows if row["date"] is not None]
    partners = sorted({row["partner"] for row in dated})
    if not partners:
        return {"lanes": [], "width": width, "height": 0, "ticks": []}
    axis = Axis(min(r["date"].year for r in dated), max(r["date"].year for r in dated), 90, width - 20)
    lanes = []
    for number, partner in enumerate(partners):
        y = 30 + number * row_height
        dots = []
        for row in (r for r in dated if r["partner"] == partner):
            dots.append(
                {
                    "x": round(axis.x(_fraction(row["date"])), 1),
                    "y": y,
                    "colour": CHANGE_COLOURS.get(row["change"], "#9e9e9e"),
                    "label": row["canonical"] or row["designation"],
                    "show_label": row["change"] in ("first", "upgrade"),
                    "title": f"{row['date']} {row['designation']} ({row['action']}, {row['change']}; rank {row['rank']})",
                    "change": row["change"],
                }
            )
        lanes.append({"partner": partner, "y": y, "dots": dots})
    return {
        "lanes": lanes,
        "width": width,
        "height": 30 + len(partners) * row_height + 10,
        "ticks": [(year, round(x, 1)) for year, x in axis.ticks()],
    }


def initiatives_chart(con: Any, width: int = 1000, row_height: int = 24) -> dict[str, Any]:
    """A heat map: the most-cited initiatives (rows) by year (columns), each cell the statements citing it."""
    top = rows_of(con, queries.initiatives())[:TOP_INITIATIVES]
    keys = [row["initiative"] for row in top]
    if not keys:
        return {"rows": [], "years": [], "width": width, "height": 0}
    counts = con.execute(
        "SELECT e.key, s.year, count(DISTINCT e.doc_id) FROM entities AS e JOIN statements AS s USING (doc_id) "
        "WHERE e.label = 'INITIATIVE' AND s.year IS NOT NULL AND list_contains(?, e.key) GROUP BY ALL",
        [keys],
    ).fetchall()
    years = sorted({year for _, year, _ in counts})
    if not years:
        return {"rows": [], "years": [], "width": width, "height": 0}
    years = list(range(years[0], years[-1] + 1))
    most = max(count for _, _, count in counts)
    by_cell = {(key, year): count for key, year, count in counts}
    left, cell = 260, max(18, min(60, (width - 260) // len(years)))
    rows = []
    for number, item in enumerate(top):
        y = 24 + number * row_height
        cells = []
        for column, year in enumerate(years):
            count = by_cell.get((item["initiative"], year), 0)
            cells.append(
                {
                    "x": left + column * cell,
                    "count": count,
                    "opacity": round(0.12 + 0.88 * count / most, 2) if count else 0,
                    "title": f"{item['name']}: {count} statement{'s' * (count != 1)} in {year}",
                }
            )
        rows.append({"name": item["name"], "key": item["initiative"], "y": y, "cells": cells})
    return {
        "rows": rows,
        "years": [(year, left + column * cell) for column, year in enumerate(years)],
        "cell": cell,
        "row_height": row_height,
        "width": left + len(years) * cell + 10,
        "height": 24 + len(top) * row_height + 6,
    }


def partner_tables(con: Any, pages: dict[str, str]) -> list[dict[str, Any]]:
    """Per partner, its statements by date with the relationship and counts, each linking to its page."""
    rows = rows_of(
        con,
        (
            f"""
            SELECT p.party AS partner, s.doc_id, s.date, coalesce(s.title, s.doc_id) AS title,
                   r.designation, r.action,
                   (SELECT count(*) FROM sentences AS c
                    WHERE c.doc_id = s.doc_id AND list_contains(c.types, 'COMMITMENT')) AS commitments,
                   (SELECT count(*) FROM entities AS m WHERE m.doc_id = s.doc_id AND m.label = 'MONEY') AS amounts
            FROM statements AS s JOIN parties AS p USING (doc_id)
            LEFT JOIN relationships AS r USING (doc_id)
            WHERE p.party <> '{queries.HOME}'
            ORDER BY p.party, s.date NULLS FIRST, s.doc_id
            """,
            [],
        ),
    )
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row["partner"]].append({**row, "page": pages.get(row["doc_id"])})
    return [{"partner": partner, "statements": items} for partner, items in grouped.items()]


def write_corpus_page(con: Any, output: Path) -> tuple[Path, int]:
    """Write ``output`` and the statement pages in ``<stem>_statements/`` beside it; returns (page, statements)."""
    from communique.report import TEMPLATES, environment, write_report

    doc_ids = [
        doc_id for (doc_id,) in con.execute("SELECT doc_id FROM statements ORDER BY date, doc_id").fetchall()
    ]
    folder = output.with_name(f"{output.stem}_statements")
    records = (record_from_store(con, doc_id) for doc_id in doc_ids)
    written = write_report(records, folder)
    pages = {doc_id: f"{folder.name}/{path.name}" for doc_id, path in zip(doc_ids, written[:-1], strict=True)}
    summary = con.execute(
        f"SELECT count(*), min(date), max(date), "
        f"(SELECT count(DISTINCT party) FROM parties WHERE party <> '{queries.HOME}') FROM statements"
    ).fetchone()
    html = (
        environment()
        .get_template("corpus.html.j2")
        .render(
            summary=dict(zip(("statements", "first", "last", "partners"), summary, strict=True)),
            timeline=timeline_chart(rows_of(con, queries.relationships())),
            initiatives=initiatives_chart(con),
            partners=partner_tables(con, pages),
            colours=CHANGE_COLOURS,
            index=f"{folder.name}/index.html",
            css=(TEMPLATES / "base.css").read_text(encoding="utf-8"),
        )
    )
    output.write_text(html, encoding="utf-8")
    return output, len(doc_ids)
