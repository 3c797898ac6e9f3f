"""Statement diff: what changed between two statements of the same parties.

An analyst comparing this year's statement with the last one asks: did the relationship level move; which states,
organisations, initiatives and documents appear or disappear; which commitments are new, dropped or kept; which
money targets changed. Commitments are rewritten between versions, so they are matched by similarity, not
equality: TF-IDF over character n-grams (Chinese has no spaces, and character bigrams/trigrams carry the words),
cosine similarity, and an optimal one-to-one assignment (scipy's Hungarian algorithm) above a threshold. Money
amounts are matched the same way on their context (the words around the amount, the amount itself masked), so
"双边贸易规模提升至100亿美元" pairs with "…提升至200亿美元" and the change in value shows; dates likewise.

A kept commitment that was reworded shows its edits inside the sentence (character level, difflib's
SequenceMatcher: Chinese has no spaces to diff words by), and the numbers, dates and amounts an edit touches are
called out whole, "2020年 → 2025年", "100亿美元 → 200亿美元", since an analyst scanning a diff looks for those first.
"""

from __future__ import annotations

import json
import re
from difflib import SequenceMatcher
from typing import Any

from communique.record import display_value, entity_key
from scipy.optimize import linear_sum_assignment
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

SET_LABELS = ("STATE", "ORG", "INITIATIVE", "DOC")
COMMITMENT = "COMMITMENT"
MONEY_MASK = "〇"
DEFAULT_THRESHOLD = 0.5
FORMATS = ("markdown", "json", "html")
CALLOUT_LABELS = ("MONEY", "DATE")
_NUMBER = re.compile(r"[0-9０-９.,％%]+|[零〇一二三四五六七八九十百千万亿两]+")
CONTEXT_CHARS = 24


def match_texts(old: list[str], new: list[str], threshold: float) -> list[tuple[int, int, float]]:
    """Pairs (old index, new index, cosine) of a maximum-similarity one-to-one matching, similarity >= threshold."""
    if not old or not new:
        return []
    vectoriser = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
    vectors = vectoriser.fit_transform(old + new)
    similarity = cosine_similarity(vectors[: len(old)], vectors[len(old) :])
    rows, cols = linear_sum_assignment(-similarity)
    pairs = [(int(r), int(c), float(similarity[r, c])) for r, c in zip(rows, cols, strict=True)]
    return sorted((pair for pair in pairs if pair[2] >= threshold), key=lambda pair: pair[0])


# --- parts of the diff -----------------------------------------------------------------------------------------
def relationship_change(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    then, now = old.get("relationship"), new.get("relationship")
    if then and now:
        if now["rank"] > then["rank"]:
            change = "upgraded"
        elif now["rank"] < then["rank"]:
            change = "downgraded"
        else:
            change = "unchanged"
    elif now:
        change = "added"
    elif then:
        change = "removed"
    else:
        change = "none"
    return {"old": then, "new": now, "change": change}


def own_title(record: dict[str, Any], entity: dict[str, Any]) -> bool:
    """The statement's own title tagged as DOC: it always "changes" between versions, so it is not a citation."""
    title = (record.get("title") or "").strip()
    return entity["label"] == "DOC" and bool(title) and entity["text"].strip("《》") in title


def entity_sets(old: dict[str, Any], new: dict[str, Any]) -> dict[str, dict[str, list[dict[str, str]]]]:
    def named(record: dict[str, Any], label: str) -> dict[str, str]:
        found: dict[str, str] = {}
        for entity in record["entities"]:
            if entity["label"] == label and not own_title(record, entity):
                found.setdefault(entity_key(entity), entity["text"])
        return found

    result = {}
    for label in SET_LABELS:
        before, after = named(old, label), named(new, label)
        result[label] = {
            "added": [{"key": key, "text": after[key]} for key in after if key not in before],
            "removed": [{"key": key, "text": before[key]} for key in before if key not in after],
        }
    return result


def sentence_text(record: dict[str, Any], sentence: dict[str, Any]) -> str:
    return record["text"][sentence["start"] : sentence["end"]]


def inline_edits(old: str, new: str) -> list[dict[str, Any]]:
    """The sentence as runs of ``equal``, ``delete`` (old only), ``insert`` (new only) text: what the HTML shows
    with ``<del>``/``<ins>`` and the Markdown with ~~…~~ and **…**."""
    runs: list[dict[str, Any]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            runs.append({"op": "equal", "text": old[i1:i2]})
            continue
        if i2 > i1:
            runs.append({"op": "delete", "text": old[i1:i2]})
        if j2 > j1:
            runs.append({"op": "insert", "text": new[j1:j2]})
    return runs


def _touches(start: int, end: int, a: int, b: int) -> bool:
    """Does the edit [start, end) (empty: an insertion point) touch the span [a, b)?"""
    return a < end and start < b if end > start else a <= start <= b


def _whole(text: str, start: int, end: int, entities: list[dict[str, Any]]) -> tuple[str, str] | None:
    """The number, date or amount an edit at [start, end) of ``text`` touches, whole: a MONEY or DATE entity
    (``entities`` relative to ``text``) when the edit is inside one, else the run of digits around it."""
    for entity in entities:
        if entity["label"] in CALLOUT_LABELS and _touches(start, end, entity["start"], entity["end"]):
            return entity["text"], entity["label"]
    for match in _NUMBER.finditer(text):
        if _touches(start, end, match.start(), match.end()):
            return match.group(), "NUMBER"
    return None


def callouts(
    old: str, new: str, old_entities: list[dict[str, Any]], new_entities: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Numbers, dates and amounts that an edit changed, each whole: ``{"label", "old", "new"}``."""
    found: list[dict[str, Any]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        before = _whole(old, i1, i2, old_entities)
        after = _whole(new, j1, j2, new_entities)
        if before is None and after is None:
            continue
        item = {
            "label": (after or before)[1],
            "old": before[0] if before else "",
            "new": after[0] if after else "",
        }
        if item["old"] != item["new"] and item not in found:
            found.append(item)
    return found


def _inside(record: dict[str, Any], sentence: dict[str, Any]) -> list[dict[str, Any]]:
    start = sentence["start"]
    return [
        {**e, "start": e["start"] - start, "end": e["end"] - start}
        for e in record["entities"]
        if start <= e["start"] and e["end"] <= sentence["end"]
    ]


def commitments(
    old: dict[str, Any], new: dict[str, Any], threshold: float
) -> dict[str, list[dict[str, Any]]]:
    old_sentences = [s for s in old["sentences"] if COMMITMENT in s["types"]]
    new_sentences = [s for s in new["sentences"] if COMMITMENT in s["types"]]
    before = [sentence_text(old, s) for s in old_sentences]
    after = [sentence_text(new, s) for s in new_sentences]
    pairs = match_texts(before, after, threshold)
    matched_old = {pair[0] for pair in pairs}
    matched_new = {pair[1] for pair in pairs}
    kept = []
    for i, j, score in pairs:
        same = before[i] == after[j]
        kept.append(
            {
                "old": before[i],
                "new": after[j],
                "similarity": round(score, 3),
                "same_text": same,
                "edits": [] if same else inline_edits(before[i], after[j]),
                "callouts": []
                if same
                else callouts(
                    before[i], after[j], _inside(old, old_sentences[i]), _inside(new, new_sentences[j])
                ),
            }
        )
    return {
        "kept": kept,
        "new": [{"text": text} for j, text in enumerate(after) if j not in matched_new],
        "dropped": [{"text": text} for i, text in enumerate(before) if i not in matched_old],
    }


def money_mentions(record: dict[str, Any], label: str = "MONEY") -> list[dict[str, Any]]:
    """Money (or ``label``) entities with their context: the surrounding words of the same sentence, the value
    masked."""
    text = record["text"]
    sentences = record["sentences"]
    mentions = []
    for entity in record["entities"]:
        if entity["label"] != label:
            continue
        sentence = next(
            (s for s in sentences if s["start"] <= entity["start"] and entity["end"] <= s["end"]),
            {"start": 0, "end": len(text)},
        )
        left = text[max(sentence["start"], entity["start"] - CONTEXT_CHARS) : entity["start"]]
        right = text[entity["end"] : min(sentence["end"], entity["end"] + CONTEXT_CHARS)]
        mentions.append(
            {
                "text": entity["text"],
                "norm": entity.get("norm"),
                "context": f"{left}{MONEY_MASK}{right}",
                "sentence": text[sentence["start"] : sentence["end"]],
            }
        )
    return mentions


def money_changes(
    old: dict[str, Any], new: dict[str, Any], threshold: float, label: str = "MONEY"
) -> dict[str, list[dict[str, Any]]]:
    """Amounts (or dates, ``label="DATE"``) paired by their context: changed values, and those only on one side."""
    before, after = money_mentions(old, label), money_mentions(new, label)
    pairs = match_texts([m["context"] for m in before], [m["context"] for m in after], threshold)
    matched_old = {pair[0] for pair in pairs}
    matched_new = {pair[1] for pair in pairs}
    changed = []
    for i, j, score in pairs:
        then, now = before[i], after[j]
        if then["norm"] != now["norm"] or (then["norm"] is None and then["text"] != now["text"]):
            changed.append(
                {
                    "old": then["text"],
                    "new": now["text"],
                    "old_value": then["norm"],
                    "new_value": now["norm"],
                    "context": now["sentence"],
                    "similarity": round(score, 3),
                }
            )
    return {
        "changed": changed,
        "added": [
            {"text": m["text"], "value": m["norm"], "context": m["sentence"]}
            for j, m in enumerate(after)
            if j not in matched_new
        ],
        "removed": [
            {"text": m["text"], "value": m["norm"], "context": m["sentence"]}
            for i, m in enumerate(before)
            if i not in matched_old
        ],
    }


def diff_records(
    old: dict[str, Any], new: dict[str, Any], threshold: float = DEFAULT_THRESHOLD
) -> dict[str, Any]:
    """The whole diff as plain data (what ``--format json`` prints)."""
    return {
        "old": {"doc_id": old["doc_id"], "title": old.get("title"), "parties": old["parties"]},
        "new": {"doc_id": new["doc_id"], "title": new.get("title"), "parties": new["parties"]},
        "same_parties": sorted(old["parties"]) == sorted(new["parties"]),
        "relationship": relationship_change(old, new),
        "entities": entity_sets(old, new),
        "commitments": commitments(old, new, threshold),
        "money": money_changes(old, new, threshold),
        "dates": money_changes(old, new, threshold, "DATE"),
    }


# --- Markdown --------------------------------------------------------------------------------------------------
# ASCII punctuation that Markdown reads as markup: emphasis, links and images ([ ] !), raw HTML and autolinks (< >),
# entities (&), code (`), tables (|), strikethrough (~). CommonMark lets every one be escaped with a backslash.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|!~&])")


def _cell(text: Any) -> str:
    """Statement text as Markdown that shows the text and nothing else: every markup character escaped (so
    ``<img onerror=…>`` or ``[x](javascript:…)`` from a statement stay text), line breaks flattened."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).splitlines()))


def _code(text: Any) -> str:
    """A code span the text cannot end early: the fence is longer than any run of backticks inside it."""
    flat = " ".join(str(text).splitlines())
    fence = "`" * (max((len(run) for run in re.findall("`+", flat)), default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def _relationship_text(relationship: dict[str, Any] | None) -> str:
    if not relationship:
        return "—"
    return f"{relationship['designation']} ({relationship['canonical']}, rank {relationship['rank']}, {relationship['action']})"


def _money_value(value: Any) -> str:
    return display_value({"label": "MONEY", "norm": value}) or "—"


def _edits_markdown(edits: list[dict[str, Any]]) -> str:
    marks = {"equal": "{}", "delete": "~~{}~~", "insert": "**{}**"}
    return "".join(marks[run["op"]].format(_cell(run["text"])) for run in edits)


def _callouts_text(pair: dict[str, Any]) -> str:
    return "; ".join(f"{_cell(c['old'] or '∅')} → {_cell(c['new'] or '∅')}" for c in pair["callouts"])


def to_markdown(diff: dict[str, Any]) -> str:
    old, new = diff["old"], diff["new"]
    lines = [
        f"# Diff: {_cell(old['title'] or old['doc_id'])} → {_cell(new['title'] or new['doc_id'])}",
        "",
        f"Old: {_code(old['doc_id'])} ({_cell(', '.join(old['parties']))}); "
        f"new: {_code(new['doc_id'])} ({_cell(', '.join(new['parties']))})",
        "",
        *(
            []
            if diff["same_parties"]
            else ["> **Note:** the two statements are not between the same parties.", ""]
        ),
        "## Relationship level",
        "",
        f"- then: {_cell(_relationship_text(diff['relationship']['old']))}",
        f"- now: {_cell(_relationship_text(diff['relationship']['new']))}",
        f"- change: **{diff['relationship']['change']}**",
        "",
        "## Entities",
        "",
        "| label | appear | disappear |",
        "|---|---|---|",
    ]

    def named(item: dict[str, str]) -> str:
        return (
            _cell(item["text"])
            if item["key"] == item["text"]
            else f"{_cell(item['text'])} ({_cell(item['key'])})"
        )

    for label, change in diff["entities"].items():
        added = "、".join(named(item) for item in change["added"]) or "—"
        removed = "、".join(named(item) for item in change["removed"]) or "—"
        lines.append(f"| {label} | {added} | {removed} |")
    commitments_diff = diff["commitments"]
    lines += ["", "## Commitments", "", f"### New ({len(commitments_diff['new'])})", ""]
    lines += [f"- {_cell(item['text'])}" for item in commitments_diff["new"]] or ["—"]
    lines += ["", f"### Dropped ({len(commitments_diff['dropped'])})", ""]
    lines += [f"- {_cell(item['text'])}" for item in commitments_diff["dropped"]] or ["—"]
    lines += ["", f"### Kept ({len(commitments_diff['kept'])})", ""]
    if commitments_diff["kept"]:
        lines += ["| similarity | sentence (~~removed~~ **added**) | changed |", "|---|---|---|"]
        for pair in commitments_diff["kept"]:
            if pair["same_text"]:
                lines.append(f"| {pair['similarity']:.2f} | {_cell(pair['old'])} | (same) |")
                continue
            lines.append(
                f"| {pair['similarity']:.2f} | {_edits_markdown(pair['edits'])} | {_callouts_text(pair) or '—'} |"
            )
    else:
        lines.append("—")
    money = diff["money"]
    lines += ["", "## Money", "", f"### Changed ({len(money['changed'])})", ""]
    if money["changed"]:
        lines += ["| old | new | context |", "|---|---|---|"]
        for change in money["changed"]:
            lines.append(
                f"| {_cell(change['old'])} ({_money_value(change['old_value'])}) | "
                f"{_cell(change['new'])} ({_money_value(change['new_value'])}) | {_cell(change['context'])} |"
            )
    else:
        lines.append("—")
    for key, heading in (("added", "Only in new"), ("removed", "Only in old")):
        if money[key]:
            lines += ["", f"### {heading} ({len(money[key])})", ""]
            lines += [
                f"- {_cell(item['text'])} ({_money_value(item['value'])}): {_cell(item['context'])}"
                for item in money[key]
            ]
    dates = diff["dates"]
    lines += ["", "## Dates", "", f"### Changed ({len(dates['changed'])})", ""]
    if dates["changed"]:
        lines += ["| old | new | context |", "|---|---|---|"]
        for change in dates["changed"]:
            lines.append(f"| {_cell(change['old'])} | {_cell(change['new'])} | {_cell(change['context'])} |")
    else:
        lines.append("—")
    return "\n".join(lines) + "\n"


def to_html(diff: dict[str, Any]) -> str:
    """A self-contained page in the report's style (autoescaped Jinja2; edits as ``<del>``/``<ins>``)."""
    from communique.report import TEMPLATES, environment

    return (
        environment()
        .get_template("diff.html.j2")
        .render(
            diff=diff,
            relationship_text=_relationship_text,
            money_value=_money_value,
            css=(TEMPLATES / "base.css").read_text(encoding="utf-8"),
        )
    )


def to_json(diff: dict[str, Any]) -> str:
    return json.dumps(diff, ensure_ascii=False, indent=2) + "\n"


# --- the command -----------------------------------------------------------------------------------------------
class DiffUsageError(ValueError):
    """The command was asked for something it does not do (exit 2)."""


class DiffInputError(Exception):
    """One input cannot be diffed; the message is the one line the user sees."""


def read_one(extractor: Any, path: str) -> dict[str, Any]:
    from communique.extract import Failure, extract_paths

    items = list(extract_paths(extractor, [path]))
    failures = [item for item in items if isinstance(item, Failure)]
    if failures:
        raise DiffInputError(str(failures[0]))
    if len(items) != 1:
        raise DiffInputError(f"{path}: expected one statement, found {len(items)}")
    return items[0]


def run_diff(
    old_path: str, new_path: str, output_format: str, threshold: float | None = None, model: Any = None
) -> str:
    """Read, extract and diff two statements; returns the text to print. Raises DiffInputError on bad input,
    DiffUsageError on an unknown format or an input that does not exist."""
    from communique.extract import Extractor
    from communique.reader import does_not_exist

    if output_format not in FORMATS:
        raise DiffUsageError(f"unknown format {output_format!r} (known: {', '.join(FORMATS)})")
    for path in (old_path, new_path):
        if does_not_exist(path):  # a mistyped path is a usage error (exit 2), as in extract
            raise DiffUsageError(f"{path}: no such file")
    extractor = Extractor(model=model)
    old, new = read_one(extractor, old_path), read_one(extractor, new_path)
    diff = diff_records(old, new, DEFAULT_THRESHOLD if threshold is None else threshold)
    if output_format == "html":
        return to_html(diff)
    return to_json(diff) if output_format == "json" else to_markdown(diff)
