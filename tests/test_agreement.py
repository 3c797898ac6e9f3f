"""Agreement figures: the script on the committed passes, and the numbers on a tiny pair worked out by hand."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from communique.training.agreement import compare, entity_agreement, type_agreement
from communique.training.markup import parse_markup
from typer.testing import CliRunner

PASSES = Path(__file__).resolve().parents[1] / "corpus" / "agreement"

FIRST = """# id: tiny
# partners: CHN UZB

{COMMITMENT|CHN UZB} [[中方|STATE|CHN]]和[[乌方|STATE|UZB]]将在[[北京|LOC]]会晤。
{SUPPORT|CHN} [[中方|STATE|CHN]]支持[[全球发展倡议|INITIATIVE]]。
{POSITION|UZB} [[乌方|STATE|UZB]]认为合作重要。
{} 会谈气氛友好。
"""

SECOND = """# id: tiny
# partners: CHN UZB

{COMMITMENT|CHN UZB} [[中方|STATE|CHN]]和[[乌方|STATE|UZB]]将在北京会晤。
{SUPPORT,POSITION|CHN} [[中方|STATE|CHN]]支持[[全球发展|ORG]]倡议。
{POSITION|UZB} [[乌方|STATE|UZB]]认为合作重要。
{} 会谈气氛友好。
"""


def test_tiny_pair_matches_hand_computation():
    entities, types = compare(parse_markup(FIRST), parse_markup(SECOND))
    # pass 1: 中方 乌方 北京 中方 全球发展倡议 乌方 (6); pass 2: 中方 乌方 中方 全球发展 乌方 (5); 4 agree
    overall = entities["ALL"]
    assert (overall.both, overall.only_first, overall.only_second) == (4, 2, 1)
    assert overall.f1 == pytest.approx(2 * 4 / (6 + 5))
    by_type = {row.type: row for row in types}
    # POSITION: pass 1 [0,0,1,0], pass 2 [0,1,1,0]: po = 3/4, pe = (1/4)(2/4) + (3/4)(2/4) = 1/2, kappa = 1/2
    assert by_type["POSITION"].observed == pytest.approx(0.75)
    assert by_type["POSITION"].kappa == pytest.approx(0.5)
    assert by_type["COMMITMENT"].kappa == pytest.approx(1.0)
    # nobody marked OPPOSITION anywhere: kappa is undefined, not a made-up 1 or 0
    assert math.isnan(by_type["OPPOSITION"].kappa)
    assert by_type["OPPOSITION"].observed == 1.0


def test_kappa_of_opposite_answers_is_negative():
    row = type_agreement("SUPPORT", [{"SUPPORT"}, set()], [set(), {"SUPPORT"}])
    assert row.kappa == pytest.approx(-1.0)
    assert entity_agreement([], []).f1 == 1.0


def test_different_sentence_split_is_refused():
    other = SECOND.replace("{} 会谈气氛友好。", "{} 会谈\n{} 气氛友好。")
    # a line that ends without 。 keeps its break in the text, so a different split is also a different text
    with pytest.raises(ValueError, match="different sentences|not have the same text"):
        compare(parse_markup(FIRST), parse_markup(other))


def test_script_writes_report_with_numbers_in_range(tmp_path):
    from communique.training.agreement import app

    out = tmp_path / "agreement.md"
    result = CliRunner().invoke(app, [str(PASSES), "--out", str(out)])
    assert result.exit_code == 0, result.output
    report = out.read_text(encoding="utf-8")
    f1 = re.search(r"\| \*\*all\*\* \|.*\| ([0-9.]+) \|$", report, re.M)
    assert f1 is not None
    assert 0.0 <= float(f1[1]) <= 1.0
    kappas = re.findall(
        r"^\| (COMMITMENT|INTENTION|SUPPORT|OPPOSITION|APPRAISAL|POSITION) \|.*\| (\S+) \|$", report, re.M
    )
    documents = len(re.findall(r"^## (?!All )", report, re.M))
    assert documents == len(list(PASSES.glob("*.pass1.ann.txt")))
    assert len(kappas) == 6 * documents
    for _, value in kappas:
        assert value == "n/a" or 0.0 <= float(value) <= 1.0


def test_script_names_missing_pass(tmp_path):
    from communique.training.agreement import app

    (tmp_path / "x.pass1.ann.txt").write_text(FIRST, encoding="utf-8")
    result = CliRunner().invoke(app, [str(tmp_path), "--out", str(tmp_path / "a.md")])
    assert result.exit_code == 1
    assert "x has only pass 1" in result.output
