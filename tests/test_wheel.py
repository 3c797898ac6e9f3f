"""The wheel ``spacy package`` makes of the shipped pipeline: installed outside the checkout, ``spacy.load
("zh_communique")`` gives the same record as the shipped folder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLE

LOAD_AND_EXTRACT = """
import json, sys
import spacy
from communique.extract import Extractor
nlp = spacy.load("zh_communique")
record = Extractor(nlp=nlp).extract_text(open(sys.argv[1], encoding="utf-8").read(), doc_id="example")
print(json.dumps({k: record[k] for k in ("parties", "entities", "sentences")}, ensure_ascii=False))
"""


def test_the_wheel_installs_and_loads_by_name(tmp_path, example_text, extractor):
    from communique.training.wheel import build_wheel

    wheel = build_wheel(
        Path(__file__).resolve().parents[1] / "models" / "communique-zh", tmp_path / "packages"
    )
    assert wheel.name.startswith("zh_communique-")
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
        check=True,
    )
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", LOAD_AND_EXTRACT, str(EXAMPLE)],
        cwd=outside,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    shipped = extractor.extract_text(example_text, doc_id="example")
    assert json.loads(result.stdout) == {k: shipped[k] for k in ("parties", "entities", "sentences")}
