"""The wheel ``spacy package`` makes of the shipped pipeline: pip-installed into a fresh virtual environment,
``spacy.load("zh_communique")`` there gives the same record as the shipped folder.

The fresh environment gets the wheel by ``pip install --no-index --no-deps`` (nothing downloaded); the project and
its dependencies (spaCy, communique's code) come from the test's own environment through a ``.pth`` file that adds
its site-packages as a site directory (so that the editable install of communique is found too), as an installed
``communique`` would be. The wheel itself is only in the fresh environment, and the test checks that this is where
``zh_communique`` is loaded from.
"""

from __future__ import annotations

import json
import site
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLE

LOAD_AND_EXTRACT = """
import json, sys
import spacy
import zh_communique
from communique.extract import Extractor
nlp = spacy.load("zh_communique")
record = Extractor(nlp=nlp).extract_text(open(sys.argv[1], encoding="utf-8").read(), doc_id="example")
print(json.dumps({"package": zh_communique.__file__, "sys_prefix": sys.prefix, "record": record}, ensure_ascii=False))
"""

COMPARED = ("parties", "entities", "sentences", "relationship", "kind", "date")


def fresh_environment(path: Path) -> Path:
    """A new virtual environment whose own site-packages also reads the test environment's (the project and its
    dependencies); its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True)
    python = path / "bin" / "python"
    own = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    lines = [f"import site; site.addsitedir({directory!r})" for directory in site.getsitepackages()]
    (Path(own) / "project.pth").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return python


def test_the_wheel_installs_into_a_fresh_environment_and_loads_by_name(tmp_path, example_text, extractor):
    from communique.training.wheel import build_wheel

    wheel = build_wheel(
        Path(__file__).resolve().parents[1] / "models" / "communique-zh", tmp_path / "packages"
    )
    assert wheel.name.startswith("zh_communique-")
    environment = tmp_path / "venv"
    python = fresh_environment(environment)
    install = [
        sys.executable,
        "-m",
        "pip",
        "--python",
        str(python),
        "install",
        "-q",
        "--no-index",
        "--no-deps",
    ]
    subprocess.run([*install, str(wheel)], check=True)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    result = subprocess.run(
        [str(python), "-c", LOAD_AND_EXTRACT, str(EXAMPLE)],
        cwd=outside,
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    loaded = json.loads(result.stdout)
    assert Path(loaded["sys_prefix"]).resolve() == environment.resolve()
    assert Path(loaded["package"]).resolve().is_relative_to(environment.resolve())
    shipped = extractor.extract_text(example_text, doc_id="example")
    assert {k: loaded["record"][k] for k in COMPARED} == json.loads(
        json.dumps({k: shipped[k] for k in COMPARED}, ensure_ascii=False)
    )
