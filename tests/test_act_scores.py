"""The act-level scores against hand-coded acts (evaluation/acts.py), on records written here by hand."""

from pathlib import Path

import pytest
from communique.evaluation.acts import ActGoldError, read_act_gold, score_acts

HEADER = "sentence\tpredicate\toccurrence\ttype\tevent\tmode\tcontexts\tamounts\tdates\tnote\n"
FIRST = "双方商定2025年前将双边贸易额提升至100亿美元。"
SECOND = "中方愿于2026年在昆明举办博览会。"
TEXT = FIRST + SECOND + "\n"


def _span(text: str, part: str, label: str) -> dict:
    start = TEXT.index(part, TEXT.index(text))
    return {"start": start, "end": start + len(part), "label": label, "text": part, "norm": None}


def _gold() -> dict:
    return {
        "doc_id": "act-test",
        "text": TEXT,
        "sentences": [
            {"start": 0, "end": len(FIRST), "types": ["COMMITMENT"], "actors": ["CHN", "UZB"]},
            {"start": len(FIRST), "end": len(FIRST) + len(SECOND), "types": ["INTENTION"], "actors": ["CHN"]},
        ],
        "entities": [
            _span(FIRST, "2025年", "DATE"),
            _span(FIRST, "100亿美元", "MONEY"),
            _span(SECOND, "2026年", "DATE"),
        ],
    }


def _act(type_: str, trigger: str, sentence: str, held: list[dict], contexts: list[str]) -> dict:
    start = TEXT.index(trigger, TEXT.index(sentence))
    return {
        "type": type_,
        "trigger": {"start": start, "end": start + len(trigger), "text": trigger},
        "inherited": False,
        "amounts": [h for h in held if h["label"] == "MONEY"],
        "dates": [h for h in held if h["label"] == "DATE"],
        "contexts": contexts,
    }


def _predicted() -> dict:
    gold = _gold()
    date_2025, money, _date_2026 = gold["entities"]
    first = _act("COMMITMENT", "商定", FIRST, [date_2025, money], ["economic"])
    second = _act("INTENTION", "愿", SECOND, [], ["diplomatic"])  # leaves 2026年 out: one wrong attachment
    return {
        "doc_id": "act-test",
        "text": TEXT,
        "sentences": [
            {**gold["sentences"][0], "acts": [first]},
            {**gold["sentences"][1], "acts": [second]},
        ],
    }


def _write(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "act-test.tsv"
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return tmp_path


ROWS = [
    "S0\t商定\t1\tCOMMITMENT\tAGREE\t\teconomic\t100亿美元\t2025年\t",
    "S1\t愿\t1\tINTENTION\tAGREE\t\teconomic,diplomatic\t\t2026年\t",
]


def test_scores_attachment_category_and_context(tmp_path: Path) -> None:
    scores = score_acts([(_predicted(), _gold())], acts_dir=_write(tmp_path, ROWS), samples=20)
    assert scores is not None and scores["documents"] == 1
    assert (scores["attachment"]["n"], scores["attachment"]["accuracy"]) == (3, round(2 / 3, 4))
    assert (scores["category"]["n"], scores["category"]["accuracy"]) == (2, 1.0)
    assert (scores["context"]["n"], scores["context"]["accuracy"]) == (2, 0.5)
    assert scores["found"]["accuracy"] == 1.0


def test_a_stated_view_is_no_event_and_a_missing_act_is_wrong(tmp_path: Path) -> None:
    rows = [
        "S0\t商定\t1\tCOMMITMENT\tNONE\t\teconomic\t100亿美元\t2025年\t",  # the coder says no event: AGREE is wrong
        "S1\t举办\t1\tCOMMITMENT\tAGREE\t\teconomic\t\t2026年\t",  # no predicted act at 举办: not found
    ]
    scores = score_acts([(_predicted(), _gold())], acts_dir=_write(tmp_path, rows), samples=20)
    assert scores["category"]["accuracy"] == 0.0
    assert scores["found"]["accuracy"] == 0.5


def test_a_gold_left_out_date_is_right_only_when_no_act_holds_it(tmp_path: Path) -> None:
    rows = ["S0\t商定\t1\tCOMMITMENT\tAGREE\t\teconomic\t100亿美元\t\t", ROWS[1]]
    scores = score_acts([(_predicted(), _gold())], acts_dir=_write(tmp_path, rows), samples=20)
    assert scores["attachment"]["accuracy"] == round(
        1 / 3, 4
    )  # 2025年 held by 商定 though the coder left it out


def test_statements_without_a_gold_file_are_not_scored(tmp_path: Path) -> None:
    assert score_acts([(_predicted(), _gold())], acts_dir=tmp_path, samples=20) is None


def test_a_predicate_not_in_its_sentence_names_file_and_line(tmp_path: Path) -> None:
    _write(tmp_path, [ROWS[0], "S1\t反对\t1\tOPPOSITION\tACCUSE\tdisapprove\tdiplomatic\t\t\t"])
    with pytest.raises(ActGoldError, match=r"act-test.tsv:3: predicate '反对' not in sentence S1"):
        read_act_gold(tmp_path / "act-test.tsv", _gold())
