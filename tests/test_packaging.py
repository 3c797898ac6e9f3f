"""The shipped pipeline is self-contained: every component carries its data in the saved folder.

Copied elsewhere and run from a working directory outside the checkout, with every read of the source tree's data
folders (``kb/``, ``lexicons/``) and of ``models/`` refused, it gives the record the shipped model gives.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import communique
from communique.extract import Extractor
from communique.language import DEFAULT_MODEL

PACKAGE_DIR = Path(communique.__file__).resolve().parent
EXAMPLE = Path(__file__).resolve().parent.parent / "corpus" / "examples" / "china-uzbekistan-2024-01-24.txt"

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

record = Extractor(model=sys.argv[1]).extract_text(Path(sys.argv[2]).read_text(encoding="utf-8"), "example")
print(json.dumps(record, ensure_ascii=False, sort_keys=True))
"""


def _comparable(record: dict) -> dict:
    return record


def test_a_copied_pipeline_runs_without_the_source_trees_data(tmp_path: Path) -> None:
    model = tmp_path / "elsewhere" / "communique-zh"
    shutil.copytree(DEFAULT_MODEL, model)
    example = tmp_path / "example.txt"
    shutil.copy(EXAMPLE, example)
    blocked = [PACKAGE_DIR / "lexicons", DEFAULT_MODEL.parent] + sorted((PACKAGE_DIR / "kb").glob("*.jsonl"))
    work = tmp_path / "work"
    work.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", _RUNNER, str(model), str(example), json.dumps([str(p) for p in blocked])],
        cwd=work,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    copied = json.loads(result.stdout)
    shipped = Extractor().extract_text(EXAMPLE.read_text(encoding="utf-8"), "example")
    assert copied["entities"] and copied["sentences"]
    assert _comparable(copied) == _comparable(json.loads(json.dumps(shipped, ensure_ascii=False)))


def test_the_audit_hook_does_refuse_the_source_trees_data(tmp_path: Path) -> None:
    """The guard above can fail: a component that reads the knowledge base at load time is refused."""
    blocked = json.dumps([str(p) for p in sorted((PACKAGE_DIR / "kb").glob("*.jsonl"))])
    code = _RUNNER.split("from communique.extract")[0] + ("from communique.kb import load_kb\nload_kb()\n")
    result = subprocess.run(
        [sys.executable, "-c", code, "-", "-", blocked],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "read of the source tree refused" in result.stderr


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
