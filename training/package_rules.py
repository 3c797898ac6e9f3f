"""Package step for the rule pipeline: build it from ``configs/rules.cfg`` and save it to ``models/communique-zh``.

The pkuseg user dictionary is generated from the knowledge base here (names of three or more characters, so that
known names stay whole) and saved inside the tokenizer, so the saved pipeline needs nothing else at run time.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import typer
from communique.kb import DEFAULT_KB_DIR, load_kb
from communique.language import DEFAULT_MODEL, RULES_CONFIG, build_pipeline, save_pipeline
from spacy.language import Language

app = typer.Typer(add_completion=False)


# a ministry's name ends in 部, and 部 + 长 is the minister: listed, 哥斯达黎加外交部 would be forced as a word in
# 哥斯达黎加外交部长冈萨雷斯 and the STATE lost. Such forms stay out of the dictionary: the state's name in it fixes
# their start, and the model's own words their end (外交部 / 与, but 外交 / 部长), where the ruler still finds them.
NOT_DICTIONARY_ENDINGS = ("部",)


# two-character state names that are also words or parts of common ones: 苏丹 (a sultan), 海地 (沿海地区), 法国
# (合法国家, 中法国际), 巴新 (凯兰巴新城), 特多 (独特多样); every other state's short name is listed, or pkuseg glues it to a
# neighbour (同老|挝, 伊朗核)
NOT_DICTIONARY_STATES = ("苏丹", "海地", "法国", "巴新", "特多")
# words that hold a state's name and name no state: listed whole, so that the name inside is never forced
# (发展中国家; 拉美国家 is 拉美 and 国家; 中印尼 is the China–Indonesia prefix)
WHOLE_WORDS = ("发展中国家", "拉美国家", "中印尼")


def user_dictionary(kb_dir: Path = DEFAULT_KB_DIR, min_length: int = 3) -> list[str]:
    """Knowledge-base names for pkuseg's user dictionary. Two-character forms (中方, 北京) are left to the model,
    states' names apart: pkuseg forces dictionary words wherever they occur, and 法方 would then split 合法方式; so are
    the ministries (``NOT_DICTIONARY_ENDINGS``)."""
    kb = load_kb(kb_dir)

    def listed(form: str, label: str) -> bool:
        if "“" in form or form.endswith(NOT_DICTIONARY_ENDINGS):
            return False
        if len(form) == 2 and label == "STATE":
            return not form.endswith("方") and form not in NOT_DICTIONARY_STATES
        return len(form) >= min_length

    return sorted({form for form, (label, _) in kb.forms.items() if listed(form, label)}.union(WHOLE_WORDS))


def build_rules_pipeline(config: Path = RULES_CONFIG, segmenter: Path = Path("models/segmenter")) -> Language:
    """The rule pipeline built from its config, with the knowledge-base user dictionary in its tokenizer."""
    with tempfile.TemporaryDirectory() as tmp:
        dict_path = Path(tmp) / "user_dict.txt"
        dict_path.write_text("\n".join(user_dictionary()) + "\n", encoding="utf-8")
        return build_pipeline(
            config, {"paths.segmenter": str(segmenter.resolve()), "paths.user_dict": str(dict_path)}
        )


@app.command()
def main(
    config: Path = typer.Option(RULES_CONFIG, help="Pipeline config."),
    segmenter: Path = typer.Option(Path("models/segmenter"), help="Trained pkuseg model directory."),
    output: Path = typer.Option(DEFAULT_MODEL, help="Where to save the pipeline."),
) -> None:
    nlp = build_rules_pipeline(config, segmenter)
    save_pipeline(nlp, output)
    typer.echo(f"saved {output} ({', '.join(nlp.pipe_names)})")


if __name__ == "__main__":
    app()
