"""The NER's size against its speed: tok2vec + ner CPU time per statement for trained models of different widths
and architectures (spaCy's transition-based parser or the project's BILUO tagger).

Each argument is the output of ``spacy train`` (``.../model-best``) or a saved pipeline with tok2vec and ner
(``models/communique-zh``). The example statement goes through the
bundled pipeline's tokenizer and rulers (so the NER sees the entities it sees in use), then through each model's
tok2vec and ner; the row gives the sizes read from the model's config, the NER's own dev F1 from its meta.json,
and the median CPU seconds of tok2vec + ner against the tokenizer's, over interleaved rounds. Dev accuracy of the whole pipeline with each
model comes from ``communique evaluate --split dev --model ...`` on the assembled pipeline
(``python -m communique.training.assemble --trained ... --output ...``).

    python benchmarks/ner_sizes.py training/output/sizes/*/model-best
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "corpus" / "examples" / "china-uzbekistan-2024-01-24.txt"


def cpu_seconds(work, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return statistics.median(times)


def ner_kind(config: dict) -> str:
    """The entity recogniser's architecture in a few words: the BILUO tagger with its threshold, or spaCy's
    transition-based parser with its upper layer (without it the hidden width is unused)."""
    if config["factory"] == "communique_entity_tagger":
        return f"tagger, threshold {config.get('threshold', 0.0):g}"
    model = config["model"]
    return f"parser, upper layer {model['hidden_width']}" if model["use_upper"] else "parser, no upper layer"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "models", nargs="+", type=Path, help="spacy train outputs (model-best) or saved pipelines"
    )
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()
    import spacy
    import srsly
    from communique.extract import Extractor

    shipped = Extractor().nlp
    text = EXAMPLE.read_text(encoding="utf-8")
    doc = shipped.make_doc(text)
    for name, component in shipped.pipeline:
        if name == "tok2vec":
            break
        doc = component(doc)
    models = []
    for path in args.models:
        nlp = spacy.load(path, exclude=["textcat_multilabel"])
        tok2vec, ner = nlp.get_pipe("tok2vec"), nlp.get_pipe("ner")
        ner(tok2vec(doc.copy()))  # warm up (and add the rulers' labels, as in use)
        models.append((path, nlp, lambda t=tok2vec, n=ner: n(t(doc.copy()))))
    # interleaved rounds, one run of every model in each: a burst of load from elsewhere on the shared machine
    # then hits every model, not the one measured at that moment
    times: dict[Path, list[float]] = {path: [] for path in args.models}
    tokenizer_times = []
    for _ in range(args.repeats):
        tokenizer_times.append(cpu_seconds(lambda: shipped.make_doc(text), 1))
        for path, _nlp, work in models:
            times[path].append(cpu_seconds(work, 1))
    tokenizer = statistics.median(tokenizer_times)
    print(
        f"Example statement ({len(text):,} characters); tokenizer {tokenizer:.3f} s CPU (median of {args.repeats} "
        "interleaved rounds)."
    )
    print()
    print(
        "| model | tok2vec width | depth | embedding rows | ner | NER dev F1 | tok2vec+ner s | vs tokenizer |"
    )
    print("|---|---:|---:|---|---|---:|---:|---:|")
    for path, nlp, _work in models:
        config = nlp.config["components"]
        encode = config["tok2vec"]["model"]["encode"]
        seconds = statistics.median(times[path])
        score = (srsly.read_json(path / "meta.json").get("performance") or {}).get("ents_f")
        print(
            f"| `{path}` | {encode['width']} | {encode['depth']} | {config['tok2vec']['model']['embed']['rows']} "
            f"| {ner_kind(config['ner'])} | {'–' if score is None else f'{score:.3f}'} "
            f"| {seconds:.3f} | {seconds / tokenizer:.2f}x |"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
