"""Script lexicons: the pipeline's own copy of the data that turns traditional and regional text into the
simplified text the rules and models read (``communique.script.ScriptLexicons``).

The conversion happens before tokenisation, because every offset found in the converted text is mapped back to the
user's original (``communique.extract.Extractor`` asks this component for its lexicons and converts the text before
``nlp`` sees it). So this component does nothing to a Doc: it is a pipeline component so that the lexicons are
saved and loaded with the pipeline (``to_disk``/``from_disk``) like every other component's data, and a copied or
installed pipeline converts text exactly as the one it was saved from, without the source tree's ``lexicons/``.
"""

from pathlib import Path

import srsly
from communique.script import REGIONAL_NAMES_PATH, TAIWAN_MARKERS_PATH, ScriptLexicons
from spacy.language import Language
from spacy.tokens import Doc


class ScriptLexiconHolder:
    """Holds the ``ScriptLexicons`` the extractor converts text with."""

    def __init__(
        self, name: str, *, taiwan_markers_path: str | None, regional_names_path: str | None
    ) -> None:
        self.name = name
        self.taiwan_markers_path = taiwan_markers_path
        self.regional_names_path = regional_names_path
        # read at `initialize` (or first use), or by `from_disk` from a saved pipeline
        self._lexicons: ScriptLexicons | None = None

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        """The lexicons from the configured files (the source tree's ``lexicons/`` by default)."""
        self._lexicons = ScriptLexicons.from_files(
            Path(self.taiwan_markers_path or TAIWAN_MARKERS_PATH),
            Path(self.regional_names_path or REGIONAL_NAMES_PATH),
        )

    @property
    def lexicons(self) -> ScriptLexicons:
        if self._lexicons is None:
            self.initialize()
        return self._lexicons

    def __call__(self, doc: Doc) -> Doc:
        return doc  # the text was converted before tokenisation (see the module docstring)

    def to_disk(self, path: str | Path, exclude: tuple = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "taiwan_markers.json", self.lexicons.taiwan_markers)
        srsly.write_json(path / "regional_names.json", self.lexicons.regional_names)

    def from_disk(self, path: str | Path, exclude: tuple = ()) -> "ScriptLexiconHolder":
        path = Path(path)
        self._lexicons = ScriptLexicons(
            srsly.read_json(path / "taiwan_markers.json"), srsly.read_json(path / "regional_names.json")
        )
        return self


@Language.factory(
    "communique_script",
    default_config={"taiwan_markers_path": None, "regional_names_path": None},
)
def make_script_lexicons(
    nlp: Language, name: str, taiwan_markers_path: str | None, regional_names_path: str | None
) -> ScriptLexiconHolder:
    return ScriptLexiconHolder(
        name, taiwan_markers_path=taiwan_markers_path, regional_names_path=regional_names_path
    )
