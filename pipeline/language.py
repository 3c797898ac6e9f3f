"""Building and loading the communique spaCy pipeline.

One loading path: ``load_pipeline()`` reads a saved pipeline directory (the committed ``models/communique-zh`` by
default). ``build_pipeline()`` assembles one from a config in ``configs/``; the package step saves its result.
"""

from __future__ import annotations

from pathlib import Path

import communique.components  # noqa: F401  (registers the factories)
import spacy
from spacy.language import Language

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = REPO_ROOT / "models" / "communique-zh"
RULES_CONFIG = REPO_ROOT / "configs" / "rules.cfg"


def build_pipeline(config_path: Path = RULES_CONFIG, overrides: dict | None = None) -> Language:
    """Assemble and initialise a pipeline from a config (paths in it are relative to the repository root)."""
    config = spacy.util.load_config(config_path, overrides=overrides or {}, interpolate=False)
    for key in ("segmenter", "user_dict"):
        value = config["paths"].get(key)
        if value and not Path(value).is_absolute():
            config["paths"][key] = str(REPO_ROOT / value)
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    nlp.initialize()
    return nlp


def load_pipeline(path: str | Path | None = None) -> Language:
    """Load a saved pipeline; the committed default when ``path`` is None."""
    model_path = Path(path) if path else DEFAULT_MODEL
    if not model_path.exists():
        raise FileNotFoundError(
            f"no pipeline at {model_path}; build it with `python -m communique.training.package_rules`"
        )
    return spacy.load(model_path)


# set only while a pipeline is built (the trained segmenter, a temporary user dictionary): their data is saved
# inside the tokenizer, so a saved pipeline must not name them (they would be paths of the building machine)
BUILD_TIME_PATHS = ("segmenter", "user_dict")


def save_pipeline(nlp: Language, output: Path) -> None:
    """Save ``nlp`` to ``output`` with the build-time paths cleared, so the folder loads anywhere."""
    for key in BUILD_TIME_PATHS:
        nlp.config["paths"][key] = None
    nlp.to_disk(output)
