"""Inter-annotator agreement between two independent passes over the same statement.

Two figures, because the two kinds of annotation fail differently: entities are compared as strict
(start, end, label) triples and summarised as F1 (one pass taken as reference; F1 is symmetric, so which one does
not matter), and obligation types are per-sentence yes/no decisions, for which Cohen's kappa corrects the high
chance agreement of rare types. Both passes must split the document into the same sentences (the markup fixes
sentence boundaries by line), otherwise the per-sentence comparison would be meaningless and the script stops.

Usage: ``python -m communique.training.agreement [corpus/agreement] [--out corpus/agreement.md]``
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import typer
from communique.training.markup import LABELS, TYPES, MarkupDocument, MarkupError, read_markup
from sklearn.metrics import cohen_kappa_score

app = typer.Typer(add_completion=False)

Triple = tuple[int, int, str]


@dataclass(frozen=True)
class EntityAgreement:
    both: int
    only_first: int
    only_second: int

    @property
    def f1(self) -> float:
        """Strict F1; two empty passes agree perfectly."""
        total = 2 * self.both + self.only_first + self.only_second
        return 1.0 if total == 0 else 2 * self.both / total


@dataclass(frozen=True)
class TypeAgreement:
    type: str
    sentences: int
    first_yes: int
    second_yes: int
    observed: float
    kappa: float  # NaN when undefined (both passes constant)


def entity_agreement(first: Iterable[Triple], second: Iterable[Triple]) -> EntityAgreement:
    """Count strict span+label matches between two sets of entity triples."""
    a, b = set(first), set(second)
    return EntityAgreement(len(a & b), len(a - b), len(b - a))


def type_agreement(type_name: str, first: list[set[str]], second: list[set[str]]) -> TypeAgreement:
    """Cohen's kappa for one obligation type over aligned sentences (type present: 1, absent: 0)."""
    x = [int(type_name in types) for types in first]
    y = [int(type_name in types) for types in second]
    observed = sum(i == j for i, j in zip(x, y, strict=True)) / len(x) if x else 1.0
    # kappa is 0/0 when both passes give one constant answer: report it as undefined rather than guess
    if len(set(x) | set(y)) < 2:
        kappa = math.nan
    else:
        kappa = float(cohen_kappa_score(x, y, labels=[0, 1]))
    return TypeAgreement(type_name, len(x), sum(x), sum(y), observed, kappa)


@dataclass(frozen=True)
class SetAgreement:
    """Exact agreement of a per-sentence set (actors, recipients) on the sentences both passes type."""

    name: str
    same: int
    compared: int

    @property
    def rate(self) -> float:
        return self.same / self.compared if self.compared else math.nan


def set_agreement(name: str, first: list, second: list) -> SetAgreement:
    """Share of sentences typed by both passes whose ``name`` sets are equal (sentences with no annotation of it
    on either side are left out)."""
    same = compared = 0
    for a, b in zip(first, second, strict=True):
        values_a, values_b = getattr(a, name), getattr(b, name)
        if not (a.types and b.types) or values_a is None or values_b is None:
            continue
        compared += 1
        same += set(values_a) == set(values_b)
    return SetAgreement(name, same, compared)


def triples(document: MarkupDocument, label: str | None = None) -> set[Triple]:
    return {(e.start, e.end, e.label) for e in document.entities if label is None or e.label == label}


def compare(
    first: MarkupDocument, second: MarkupDocument
) -> tuple[dict[str, EntityAgreement], list[TypeAgreement]]:
    """Entity agreement (overall under key ``"ALL"`` and per label) and per-type kappa for one pair of passes."""
    if first.text != second.text:
        raise ValueError(f"{first.doc_id}: the two passes do not have the same text")
    bounds_a = [(s.start, s.end) for s in first.sentences]
    bounds_b = [(s.start, s.end) for s in second.sentences]
    if bounds_a != bounds_b:
        raise ValueError(f"{first.doc_id}: the two passes split the text into different sentences")
    entities = {"ALL": entity_agreement(triples(first), triples(second))}
    for label in LABELS:
        entities[label] = entity_agreement(triples(first, label), triples(second, label))
    types_a = [set(s.types) for s in first.sentences]
    types_b = [set(s.types) for s in second.sentences]
    return entities, [type_agreement(t, types_a, types_b) for t in TYPES]


def sentence_sets(first: MarkupDocument, second: MarkupDocument) -> list[SetAgreement]:
    """Actor and recipient agreement of one pair of passes."""
    return [set_agreement(name, first.sentences, second.sentences) for name in ("actors", "recipients")]


def pooled(pairs: list[tuple[MarkupDocument, MarkupDocument]]) -> str:
    """One table over all documents: entity F1 and per-type kappa over every sentence, actor, recipient and
    parties agreement — the figures a reader wants before the per-document detail."""
    both = first_only = second_only = 0
    types_a: list[set[str]] = []
    types_b: list[set[str]] = []
    sets = {"actors": [0, 0], "recipients": [0, 0]}
    parties_same = 0
    for first, second in pairs:
        counts = entity_agreement(triples(first), triples(second))
        both, first_only, second_only = (
            both + counts.both,
            first_only + counts.only_first,
            second_only + counts.only_second,
        )
        types_a += [set(s.types) for s in first.sentences]
        types_b += [set(s.types) for s in second.sentences]
        for agreement in sentence_sets(first, second):
            sets[agreement.name][0] += agreement.same
            sets[agreement.name][1] += agreement.compared
        parties_same += set(first.header.get("partners", "").split()) == set(
            second.header.get("partners", "").split()
        )
    entity = EntityAgreement(both, first_only, second_only)
    lines = [
        f"## All {len(pairs)} statements together",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| entity F1 (strict), {both + first_only + second_only} distinct spans | {entity.f1:.3f} |",
    ]
    for t in TYPES:
        lines.append(
            f"| kappa {t} ({len(types_a)} sentences) | {_number(type_agreement(t, types_a, types_b).kappa)} |"
        )
    lines.append(
        f"| exact type set | {sum(a == b for a, b in zip(types_a, types_b, strict=True)) / len(types_a):.3f} |"
    )
    for name, (same, compared) in sets.items():
        value = _number(same / compared if compared else math.nan)
        lines.append(f"| {name} identical, on {compared} sentences both passes type | {value} |")
    lines.append(f"| parties identical | {parties_same}/{len(pairs)} |")
    return "\n".join([*lines, ""])


def _number(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.3f}"


def report(doc_id: str, entities: dict[str, EntityAgreement], types: list[TypeAgreement]) -> str:
    """The Markdown section for one document."""
    lines = [
        f"## {doc_id}",
        "",
        "### Entities (strict: same start, end and label)",
        "",
        "| label | both | pass 1 only | pass 2 only | F1 |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, counts in entities.items():
        if label != "ALL" and counts.both + counts.only_first + counts.only_second == 0:
            continue
        name = "**all**" if label == "ALL" else label
        lines.append(
            f"| {name} | {counts.both} | {counts.only_first} | {counts.only_second} | {counts.f1:.3f} |"
        )
    lines += [
        "",
        f"### Obligation types (per sentence, {types[0].sentences} sentences; Cohen's kappa, scikit-learn)",
        "",
        "| type | pass 1 yes | pass 2 yes | observed agreement | kappa |",
        "|---|---:|---:|---:|---:|",
    ]
    for row in types:
        lines.append(
            f"| {row.type} | {row.first_yes} | {row.second_yes} | {row.observed:.3f} | {_number(row.kappa)} |"
        )
    lines.append("")
    return "\n".join(lines)


HEADER = """# Inter-annotator agreement

Two independent passes over the same statement (`corpus/agreement/*.pass1.ann.txt`, `*.pass2.ann.txt`), before
adjudication (`corpus/adjudication.md`). Generated by `python -m communique.training.agreement`; do not edit by hand.
Entity F1 counts a match only for the same start, end and label (normalised values are not compared). Kappa is
computed per obligation type over the sentences, a sentence being "yes" for a type when the pass gives it that
type; "n/a" means both passes answer the same for every sentence, where kappa is undefined. Actors and recipients
are compared as exact sets on the sentences both passes type (recipients only where both passes annotate them).
The example statement's passes predate recipients; the ten corpus-v2 statements were annotated a second time by a
helper who saw only the guidelines and the plain text.
"""

_PASS = re.compile(r"^(?P<doc>.+)\.pass(?P<n>[12])\.ann\.txt$")


def find_pairs(folder: Path) -> list[tuple[Path, Path]]:
    """(pass 1, pass 2) file pairs in ``folder``, by document id."""
    found: dict[str, dict[str, Path]] = {}
    for path in sorted(folder.glob("*.ann.txt")):
        match = _PASS.match(path.name)
        if match:
            found.setdefault(match["doc"], {})[match["n"]] = path
    pairs = []
    for doc_id, passes in sorted(found.items()):
        if set(passes) != {"1", "2"}:
            raise ValueError(f"{folder}: {doc_id} has only pass {''.join(passes)}")
        pairs.append((passes["1"], passes["2"]))
    return pairs


@app.command()
def main(
    folder: Path = typer.Argument(
        Path("corpus/agreement"), help="Folder with <doc>.pass1/.pass2.ann.txt files."
    ),
    out: Path = typer.Option(Path("corpus/agreement.md"), help="Markdown report to write."),
) -> None:
    """Compute entity F1 and per-type kappa between the passes and write the Markdown report."""
    try:
        pairs = find_pairs(folder)
        if not pairs:
            raise ValueError(f"{folder}: no *.pass1.ann.txt / *.pass2.ann.txt pairs")
        sections = []
        documents = []
        for first_path, second_path in pairs:
            first, second = read_markup(first_path), read_markup(second_path)
            documents.append((first, second))
            entities, types = compare(first, second)
            sections.append(report(first.doc_id, entities, types))
            typer.echo(
                f"{first.doc_id}: entity F1 {entities['ALL'].f1:.3f}; kappa "
                + ", ".join(f"{t.type} {_number(t.kappa)}" for t in types)
            )
    except (MarkupError, ValueError, OSError, UnicodeDecodeError) as error:
        typer.echo(f"agreement: {error}", err=True)
        raise typer.Exit(1) from None
    out.write_text(HEADER + "\n" + pooled(documents) + "\n" + "\n".join(sections), encoding="utf-8")
    typer.echo(f"wrote {out}")


if __name__ == "__main__":
    app()
