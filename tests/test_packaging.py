"""The shipped pipeline is self-contained: every component carries its data in the saved folder.

Copied elsewhere and run from a working directory outside the checkout, with every read of the source tree's data
folders (``kb/``, ``lexicons/``) and of ``models/`` refused, it gives the record the shipped model gives: on the
example statement, and on a Taiwan-form traditional text with money, which needs the script lexicons (Taiwan markers,
regional names) and the currency table (``kb/currency_aliases.tsv``: 元人民币).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import communique
import pytest
from communique.extract import Extractor
from communique.language import DEFAULT_MODEL

PACKAGE_DIR = Path(communique.__file__).resolve().parent
EXAMPLE = Path(__file__).resolve().parent.parent / "corpus" / "examples" / "china-uzbekistan-2024-01-24.txt"
REGIONAL = "中華人民共和國和紐西蘭聯合聲明\n雙方歡迎義大利和奈及利亞代表訪問雪梨。中方將向紐西蘭提供100億元人民幣的援助。\n"
# every data folder of the source tree, and the shipped models
BLOCKED = [PACKAGE_DIR / "lexicons", PACKAGE_DIR / "kb", DEFAULT_MODEL.parent]

# runs in a fresh interpreter: an audit hook refuses every open() under the folders the pipeline must not need
_RUNNER = """
import json, os, sys
from pathlib import Path

blocked = [str(Path(p).resolve()) for p in json.loads(sys.argv[3])]

def refuse(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        path = os.path.realpath(os.fsdecode(args[0]))
        if any(path == b or path.startswith(b + os.sep) for b in blocked):
            raise PermissionError(f"read of the source tree refused: {path}")

sys.addaudithook(refuse)
from communique.extract import Extractor

extractor = Extractor(model=sys.argv[1])
records = [extractor.extract_text(Path(p).read_text(encoding="utf-8"), "example") for p in sys.argv[2].split(",")]
print(json.dumps(records, ensure_ascii=False, sort_keys=True))
"""


def test_a_copied_pipeline_runs_without_the_source_trees_data(tmp_path: Path) -> None:
    model = tmp_path / "elsewhere" / "communique-zh"
    shutil.copytree(DEFAULT_MODEL, model)
    texts = [EXAMPLE.read_text(encoding="utf-8"), REGIONAL]
    inputs = []
    for index, text in enumerate(texts):
        inputs.append(tmp_path / f"input-{index}.txt")
        inputs[-1].write_text(text, encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            _RUNNER,
            str(model),
            ",".join(map(str, inputs)),
            json.dumps([str(p) for p in BLOCKED]),
        ],
        cwd=work,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    copied = json.loads(result.stdout)
    shipped = Extractor()
    expected = [json.loads(json.dumps(shipped.extract_text(t, "example"), ensure_ascii=False)) for t in texts]
    assert copied[0]["entities"] and copied[0]["sentences"]
    # the regional text was converted with the Taiwan forms and its amount read with the currency aliases
    assert {"ITA", "NGA"} <= {e["norm"] for e in copied[1]["entities"] if e["label"] == "STATE"}
    assert {"amount": 10000000000, "currency": "CNY"} in [e["norm"] for e in copied[1]["entities"]]
    assert copied == expected


@pytest.mark.parametrize(
    "reads",
    [
        "from communique.kb import load_kb\nload_kb()",
        "from communique.script import to_analysis_text\nto_analysis_text('雙方歡迎義大利代表')",
        "from communique.normalise import normalise_money\nnormalise_money('100亿元人民币')",
    ],
    ids=["knowledge base", "script lexicons", "currency aliases"],
)
def test_the_audit_hook_does_refuse_the_source_trees_data(tmp_path: Path, reads: str) -> None:
    """The guard above can fail: reading the knowledge base, the script lexicons or the currency aliases of the
    source tree (what a component that did not carry its data would do) is refused."""
    code = _RUNNER.split("from communique.extract")[0] + reads + "\n"
    result = subprocess.run(
        [sys.executable, "-c", code, "-", "-", json.dumps([str(p) for p in BLOCKED])],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "read of the source tree refused" in result.stderr


def test_each_table_is_saved_once() -> None:
    """The knowledge base's forms and partners are the kb ruler's; the normaliser reads them from it."""
    saved = [path.name for path in DEFAULT_MODEL.glob("communique_*/*")]
    assert saved.count("forms.json") == 1 and saved.count("partners.json") == 1
    assert (DEFAULT_MODEL / "communique_kb_ruler" / "forms.json").exists()


def _example(nlp, text: str, gold: dict):
    from communique.scorers import GOLD_KEY
    from spacy.training import Example

    reference = nlp.make_doc(text)
    reference.user_data[GOLD_KEY] = gold
    return Example(nlp.make_doc(text), reference)


def test_spacy_evaluate_reports_the_components_scores() -> None:
    """``nlp.evaluate`` (what ``spacy evaluate`` and ``spacy train`` call) gives the custom components' scores."""
    nlp = Extractor().nlp
    text = "中华人民共和国和乌兹别克斯坦共和国联合声明\n双方同意加强合作。\n双方认为，合作成果丰硕。\n"
    first, second = text.index("双方同意"), text.index("双方认为")
    sentences = [
        {"start": first, "end": text.index("\n", first), "types": ["COMMITMENT"], "actors": ["CHN", "UZB"]},
        # gold says SUPPORT where the pipeline reads a POSITION: half the sentences have the exact type set
        {"start": second, "end": text.index("\n", second), "types": ["SUPPORT"], "actors": ["CHN", "UZB"]},
    ]
    right = {"doc_id": "a", "parties": ["CHN", "UZB"], "entities": [], "sentences": sentences}
    wrong = {**right, "doc_id": "b", "parties": ["CHN", "KAZ"]}
    scores = nlp.evaluate([_example(nlp, text, right), _example(nlp, text, wrong)])
    assert scores["parties_acc"] == 0.5
    assert scores["obligation_exact_set_acc"] == 0.5
    assert scores["obligation_actor_acc"] == 1.0
    assert scores["cats_f_per_type"]["COMMITMENT"]["f"] == 1.0
    assert scores["cats_f_per_type"]["SUPPORT"]["r"] == 0.0
    assert "norm_acc" in scores
