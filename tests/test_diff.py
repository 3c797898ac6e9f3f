"""Statement diff on two versions of a statement written for the purpose (tests/data/diff/, differences known)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from communique.diff import diff_records, match_texts, to_markdown

DATA = Path(__file__).parent / "data" / "diff"


@pytest.fixture(scope="module")
def diff(extractor):
    records = [
        extractor.extract_text((DATA / f"{name}.txt").read_text(encoding="utf-8"), doc_id=name)
        for name in ("old", "new")
    ]
    return diff_records(*records)


def test_relationship_upgraded(diff):
    change = diff["relationship"]
    assert change["old"]["canonical"] == "全面战略伙伴关系"
    assert change["new"]["canonical"] == "永久全面战略伙伴关系"
    assert change["new"]["action"] == "upgrade"
    assert change["change"] == "upgraded"


def test_entities_appear_and_disappear(diff):
    initiatives = diff["entities"]["INITIATIVE"]
    assert "GDI" in {item["key"] for item in initiatives["added"]}  # 全球发展倡议, new
    assert initiatives["removed"] == []
    assert [item["key"] for item in diff["entities"]["ORG"]["removed"]] == [
        "AIIB"
    ]  # 亚洲基础设施投资银行, gone
    assert diff["entities"]["ORG"]["added"] == []
    assert diff["entities"]["STATE"] == {"added": [], "removed": []}
    assert diff["entities"]["DOC"] == {
        "added": [],
        "removed": [],
    }  # each statement's own title is not a citation
    assert diff["same_parties"]


def test_commitments_new_dropped_kept(diff):
    commitments = diff["commitments"]
    dropped = [item["text"] for item in commitments["dropped"]]
    assert any("亚洲基础设施投资银行" in text for text in dropped)
    new = [item["text"] for item in commitments["new"]]
    assert any("全球发展倡议" in text for text in new)
    kept = {pair["old"][:2]: pair for pair in commitments["kept"]}
    assert kept["二、"]["same_text"] and kept["五、"]["same_text"] and kept["六、"]["same_text"]
    assert not kept["七、"]["same_text"] and kept["七、"]["new"].startswith("七、")  # reworded, still paired
    assert kept["三、"]["new"].startswith("三、")  # the trade-target sentence, amount changed
    assert all(pair["old"][:2] == pair["new"][:2] for pair in commitments["kept"])


def test_money_value_changed(diff):
    [change] = diff["money"]["changed"]
    assert (change["old"], change["new"]) == ("100亿美元", "200亿美元")
    assert change["old_value"] == {"amount": 10_000_000_000, "currency": "USD"}
    assert change["new_value"] == {"amount": 20_000_000_000, "currency": "USD"}
    assert diff["money"]["added"] == [] and diff["money"]["removed"] == []


def test_markdown_names_the_changes(diff):
    markdown = to_markdown(diff)
    assert "change: **upgraded**" in markdown
    assert "| 100亿美元 (10,000,000,000 USD) | 200亿美元 (20,000,000,000 USD) |" in markdown
    assert "亚洲基础设施投资银行 (AIIB)" in markdown


def test_matching_is_one_to_one_and_thresholded():
    pairs = match_texts(
        ["双方将加强人文交流", "双方将扩大农产品贸易"], ["双方将扩大农产品贸易和投资", "完全不同的句子"], 0.5
    )
    assert pairs[0][:2] == (1, 0) and len(pairs) == 1
    assert match_texts([], ["x"], 0.5) == []


def test_cli_json_and_bad_input(tmp_path):
    command = [str(Path(sys.executable).parent / "communique"), "diff"]
    result = subprocess.run(
        [*command, str(DATA / "old.txt"), str(DATA / "new.txt"), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["relationship"]["change"] == "upgraded"
    missing = tmp_path / "missing.txt"
    result = subprocess.run(
        [*command, str(missing), str(DATA / "new.txt")], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2  # a mistyped path is a usage error
    assert result.stderr.strip() == f"communique: {missing}: no such file"
    assert "Traceback" not in result.stderr
    result = subprocess.run(
        [*command, str(DATA / "old.txt"), str(DATA / "new.txt"), "--format", "yaml"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "'yaml' is not one of 'markdown', 'json', 'html'" in result.stderr


def test_markdown_shows_hostile_text_as_text(extractor):
    """Statement text and ids become Markdown that a renderer (markdown-it, CommonMark) shows as text: no raw
    HTML, no javascript: link, and a doc_id with backticks stays inside its code span."""
    from markdown_it import MarkdownIt

    old_text = (DATA / "old.txt").read_text(encoding="utf-8")
    payload = "双方将<img src=x onerror=alert(1)>加强[合作](javascript:alert(1))与**交流**。\n"
    old = extractor.extract_text(old_text, doc_id="old`</code><b>x</b>")
    new = extractor.extract_text(old_text + payload, doc_id="new")
    markdown = to_markdown(diff_records(old, new))
    html = MarkdownIt("commonmark").render(markdown)
    assert "<img" not in html and "<b>" not in html and "<strong>交流</strong>" not in html
    assert 'href="javascript' not in html
    assert "<code>old`&lt;/code&gt;&lt;b&gt;x&lt;/b&gt;</code>" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "[合作](javascript:alert(1))" in html


def test_kept_sentence_shows_its_edits_and_the_values_called_out(diff):
    kept = {pair["old"][:2]: pair for pair in diff["commitments"]["kept"]}
    trade = kept["三、"]
    assert {"label": "DATE", "old": "2020年", "new": "2025年"} in trade["callouts"]
    assert {"label": "MONEY", "old": "100亿美元", "new": "200亿美元"} in trade["callouts"]
    # the runs rebuild both sentences
    assert "".join(r["text"] for r in trade["edits"] if r["op"] != "insert") == trade["old"]
    assert "".join(r["text"] for r in trade["edits"] if r["op"] != "delete") == trade["new"]
    added = "".join(r["text"] for r in kept["七、"]["edits"] if r["op"] == "insert")
    assert "和蜂蜜" in added  # one added product, visible without reading both sentences
    assert kept["二、"]["edits"] == [] and kept["二、"]["callouts"] == []


def test_dates_are_compared(diff):
    changed = {(c["old"], c["new"]) for c in diff["dates"]["changed"]}
    assert ("2020年", "2025年") in changed
    assert ("2017年6月8日至10日", "2019年9月10日至12日") in changed


def test_markdown_marks_the_edits(diff):
    markdown = to_markdown(diff)
    assert "202~~0~~**5**年" in markdown
    assert "2020年 → 2025年; 100亿美元 → 200亿美元" in markdown
    assert "## Dates" in markdown
