"""The pipeline's tokenizer matches its pkuseg user dictionary longest first and keeps doing so once saved."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from communique.components.tokenizer import LongestMatchChineseTokenizer, LongestMatchPreprocesser

REPO = Path(__file__).resolve().parents[1]
SEGMENTER = REPO / "models" / "segmenter"

pytestmark = pytest.mark.skipif(
    not (SEGMENTER / "weights.npz").exists(), reason="models/segmenter has not been trained"
)

# a shorter listed form, a longer one that extends it, and text that walks into the longer one and leaves it
USER_DICT = ["莫桑比克", "莫桑比克人民共和国", "塞内加尔", "塞内加尔共和国政府"]


def tokenizer_nlp(user_dict: list[str]) -> spacy.Language:
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "communique.ChineseTokenizer.v1"}}})
    nlp.tokenizer.initialize(pkuseg_model=str(SEGMENTER), pkuseg_user_dict="default")
    nlp.tokenizer.pkuseg_update_user_dict(user_dict, reset=True)
    return nlp


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("莫桑比克人民的选择值得尊重。", "莫桑比克"),  # the walk passes 莫桑比克人民 and fails at 的
        ("塞内加尔共和国总统访华。", "塞内加尔"),  # the walk passes 塞内加尔共和国 and fails at 总
        ("莫桑比克人民共和国成立。", "莫桑比克人民共和国"),  # the longer form, where it is all there
        ("双方欢迎塞内加尔共和国政府的决定。", "塞内加尔共和国政府"),
    ],
)
def test_a_listed_word_is_cut_after_the_longest_listed_form(text: str, word: str) -> None:
    doc = tokenizer_nlp(USER_DICT)(text)
    assert doc.text == text
    assert word in [token.text for token in doc]


def test_the_longest_match_survives_saving_and_loading(tmp_path: Path) -> None:
    nlp = tokenizer_nlp(USER_DICT)
    nlp.to_disk(tmp_path / "nlp")
    loaded = spacy.load(tmp_path / "nlp")
    assert isinstance(loaded.tokenizer, LongestMatchChineseTokenizer)
    assert isinstance(loaded.tokenizer.pkuseg_seg.preprocesser, LongestMatchPreprocesser)
    assert "莫桑比克" in [token.text for token in loaded("莫桑比克人民的选择值得尊重。")]
    restored = spacy.blank(
        "zh", config={"nlp": {"tokenizer": {"@tokenizers": "communique.ChineseTokenizer.v1"}}}
    )
    restored.tokenizer.from_bytes(nlp.tokenizer.to_bytes())
    assert "塞内加尔" in [token.text for token in restored("塞内加尔共和国总统访华。")]


def test_the_pieces_join_back_to_the_text() -> None:
    preprocesser = LongestMatchPreprocesser(USER_DICT)
    text = "莫桑比克人民的选择，塞内加尔共和国政府和塞内加尔共和国总统，莫桑比克"
    pieces, is_word, _ = preprocesser.solve(text)
    assert "".join(pieces) == text
    assert [piece for piece, word in zip(pieces, is_word, strict=True) if word] == [
        "莫桑比克",
        "塞内加尔共和国政府",
        "塞内加尔",
        "莫桑比克",
    ]


def test_the_shipped_pipeline_uses_it() -> None:
    nlp = spacy.load(REPO / "models" / "communique-zh")
    assert isinstance(nlp.tokenizer.pkuseg_seg.preprocesser, LongestMatchPreprocesser)
