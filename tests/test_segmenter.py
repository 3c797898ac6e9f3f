"""Checks that must hold for the project's pkuseg model in models/segmenter, loaded through spaCy."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
MODEL = REPO / "models" / "segmenter"
UD_DIR = Path(os.environ.get("COMMUNIQUE_UD_DIR", REPO.parent / "shared" / "data"))

# Measured for the shipped model (UD + statement-train x3, user dict "default"): UD held-out F1 0.8140,
# example statement F1 0.9499. Floors leave a margin for retraining noise.
UD_F1_FLOOR = 0.79
STATEMENT_F1_FLOOR = 0.92

sys.path.insert(0, str(REPO / "training"))
from evaluate_segmenter import load_segmenter, read_seg_file, score_sentences, ud_heldout  # noqa: E402

pytestmark = pytest.mark.skipif(
    not (MODEL / "weights.npz").exists(), reason="models/segmenter has not been trained"
)


@pytest.fixture(scope="module")
def segment():
    return load_segmenter(MODEL, "default")


def test_loads_in_spacy() -> None:
    import spacy

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "pkuseg"}}})
    nlp.tokenizer.initialize(pkuseg_model=str(MODEL), pkuseg_user_dict="default")
    doc = nlp("双方高度评价中乌政府间合作委员会的作用。")
    assert doc.text == "双方高度评价中乌政府间合作委员会的作用。"
    assert len(doc) > 5


@pytest.mark.parametrize(
    "text, word",
    [
        (
            "应中华人民共和国主席习近平邀请，乌兹别克斯坦共和国总统于2024年1月23日进行国事访问。",
            "中华人民共和国",
        ),
        ("中方愿全力支持乌兹别克斯坦加入世界贸易组织。", "乌兹别克斯坦"),
        ("双方高度评价中乌政府间合作委员会的作用。", "双方"),
        ("中方高度评价乌方发挥的积极作用。", "中方"),
    ],
)
def test_names_not_split(segment, text: str, word: str) -> None:
    assert word in segment(text)


def test_boundaries_around_money_and_dates(segment) -> None:
    words = segment("2023年中乌双边贸易额突破100亿美元。")
    assert "美元" in words
    assert "中乌" in words
    text = "双方商定2024年在塔什干举行会议。"
    words = segment(text)
    starts = {sum(len(w) for w in words[:i]) for i in range(len(words) + 1)}
    assert text.index("在") in starts  # date ends before 在


def test_statement_f1_floor(segment) -> None:
    gold = REPO / "corpus" / "segmentation" / "example-statement.seg.txt"
    if not gold.exists():
        pytest.skip("gold statement segmentation not present")
    score = score_sentences(segment, read_seg_file(gold))
    assert score.f1 >= STATEMENT_F1_FLOOR


def test_ud_heldout_f1_floor(segment) -> None:
    if not UD_DIR.is_dir():
        pytest.skip(f"UD data not found at {UD_DIR} (set COMMUNIQUE_UD_DIR)")
    score = score_sentences(segment, ud_heldout(UD_DIR))
    assert score.sentences == 600
    assert score.f1 >= UD_F1_FLOOR
