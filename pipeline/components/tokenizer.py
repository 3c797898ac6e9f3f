"""The pipeline's tokenizer: spaCy's pkuseg ``ChineseTokenizer`` with a user dictionary matched longest first.

Why: the knowledge base's forms go into pkuseg's user dictionary (``training/package_rules.py``), so that a name
is one token or a run of whole tokens. spacy-pkuseg 1.0's ``Preprocesser.solve`` cuts a dictionary word where
its trie walk *fails*, not after the longest word it passed: with 莫桑比克 and 莫桑比克人民共和国 both listed,
莫桑比克人民的选择 became 莫桑比克人民 / 的 …, and 莫桑比克 was no longer on a token boundary. Every listed form
that extends another listed form made such a trap, so forms had to be left out of the knowledge base. Here the
cut is made after the longest dictionary word that starts at the position (forward maximum matching), which is
what the user dictionary promises.

Everything else (the segmenter model, serialisation of its model and dictionary) is spaCy's own; the fixed
preprocessor is put in place wherever spaCy creates one (``initialize``, ``from_bytes``, ``from_disk``,
``pkuseg_update_user_dict``), so a saved pipeline needs nothing beyond this registered name.
"""

# no `from __future__ import annotations`: confection reads the factory's annotations to validate the config
from collections.abc import Callable, Iterable

import spacy
import spacy_pkuseg
from spacy.lang.zh import ChineseTokenizer, Segmenter
from spacy.language import Language
from spacy.training import Example


class LongestMatchPreprocesser(spacy_pkuseg.Preprocesser):
    """pkuseg's user-dictionary pass, cutting after the longest listed word that starts at each position."""

    def solve(self, txt: str) -> tuple[list[str], list[bool], list[str]]:
        """Split ``txt`` into listed words (``True``) and the stretches between them (``False``, left to the
        segmenter model), with each listed word's user tag; the pieces join back to ``txt``."""
        pieces: list[str] = []
        is_word: list[bool] = []
        tags: list[str] = []
        length = len(txt)
        last = 0
        start = 0
        while start < length:
            node = self.trie
            end = -1
            tag = ""
            position = start
            while position < length and txt[position] in node.children:
                node = node.children[txt[position]]
                position += 1
                if node.isword:
                    end = position
                    tag = node.usertag
            if end == -1:
                start += 1
                continue
            if last != start:
                pieces.append(txt[last:start])
                is_word.append(False)
                tags.append("")
            pieces.append(txt[start:end])
            is_word.append(True)
            tags.append(tag)
            last = start = end
        if last < length:
            pieces.append(txt[last:])
            is_word.append(False)
            tags.append("")
        return pieces, is_word, tags


def longest_match(preprocesser: spacy_pkuseg.Preprocesser) -> LongestMatchPreprocesser:
    """The same user dictionary (its trie is shared, not copied) behind the longest-match ``solve``."""
    if isinstance(preprocesser, LongestMatchPreprocesser):
        return preprocesser
    fixed = LongestMatchPreprocesser(None)
    fixed.trie = preprocesser.trie
    return fixed


class LongestMatchChineseTokenizer(ChineseTokenizer):
    """spaCy's Chinese tokenizer whose pkuseg user dictionary is matched longest first (see the module docstring)."""

    def _use_longest_match(self) -> None:
        if self.pkuseg_seg is not None:
            self.pkuseg_seg.preprocesser = longest_match(self.pkuseg_seg.preprocesser)

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Example]] | None = None,
        *,
        nlp: Language | None = None,
        pkuseg_model: str | None = None,
        pkuseg_user_dict: str | None = "default",
    ) -> None:
        """spaCy's, with the same settings (``[initialize.tokenizer]``: confection validates them by this signature)."""
        super().initialize(
            get_examples, nlp=nlp, pkuseg_model=pkuseg_model, pkuseg_user_dict=pkuseg_user_dict
        )
        self._use_longest_match()

    def pkuseg_update_user_dict(self, words: list[str], reset: bool = False) -> None:
        super().pkuseg_update_user_dict(words, reset=reset)
        self._use_longest_match()

    def from_bytes(self, data: bytes, **kwargs) -> "LongestMatchChineseTokenizer":
        super().from_bytes(data, **kwargs)
        self._use_longest_match()
        return self

    def from_disk(self, path, **kwargs) -> "LongestMatchChineseTokenizer":
        super().from_disk(path, **kwargs)
        self._use_longest_match()
        return self


@spacy.registry.tokenizers("communique.ChineseTokenizer.v1")
def make_chinese_tokenizer(segmenter: Segmenter = Segmenter.pkuseg) -> Callable[[Language], ChineseTokenizer]:
    """The tokenizer factory named in ``configs/*.cfg`` (``[nlp.tokenizer]``)."""

    def chinese_tokenizer_factory(nlp: Language) -> LongestMatchChineseTokenizer:
        return LongestMatchChineseTokenizer(nlp.vocab, segmenter=segmenter)

    return chinese_tokenizer_factory
