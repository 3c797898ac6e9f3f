"""The input readers: which main-content extractor and which PDF library, by measurement, and each reader's speed.

1. Main content of web pages: readability-lxml and trafilatura on the test pages of tests/data/pages (the generic
   step, used when no publisher container is known), and the reader as shipped (containers first): statement
   paragraphs kept, page-furniture strings (menus, share bars, related links, footers) let through.
2. PDF text layers: the corpus statements laid out as PDFs (tests/data/documents/make.py) with a non-embedded CID
   font and with an embedded TrueType font (needs Debian's fonts-wqy-microhei; skipped without it), read by
   pdfminer.six and pypdf; character error rate against the statement text (whitespace, the running header and
   page numbers removed from both sides, so that only the characters of the text layer count), aligned with
   difflib.
3. Throughput: pages/s for PDF, documents/s for HTML and Word, and the 40,000-deep nested page.

    python benchmarks/inputs.py            # print
    python benchmarks/inputs.py --write    # also replace its section in benchmarks/results.md
"""

from __future__ import annotations

import argparse
import difflib
import io
import json
import re
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from report import replace_section  # noqa: E402

from tests.data.documents import make  # noqa: E402

PAGES = REPO / "tests" / "data" / "pages"


def corpus_statements() -> list[tuple[str, str, list[str]]]:
    """(doc_id, title, paragraphs) of every corpus statement, rebuilt from its sentence lines."""
    statements = []
    for path in sorted((REPO / "corpus" / "documents").glob("*.jsonl")):
        lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        text = "".join(item["meta"]["gap"] + item["text"] for item in lines)
        paragraphs = [p.strip().lstrip("#").strip().strip("*") for p in text.split("\n") if p.strip()]
        title = paragraphs[0].split("|", 1)[-1].strip()
        statements.append((path.stem, title, paragraphs[1:]))
    return statements


def main_content() -> tuple[str, list[str]]:
    from communique.reader import decode, read_path
    from communique.readers.html import block_text
    from readability import Document
    from selectolax.lexbor import LexborHTMLParser

    def readability_text(html: str) -> str:
        return block_text(LexborHTMLParser(Document(html).summary(html_partial=True)).root)

    def shipped(path: Path) -> str:
        return "\n".join(document.text for document in read_path(path))

    systems = {"readability-lxml (whole page in)": lambda path, html: readability_text(html)}
    try:  # not in the dev extra (see pyproject.toml): `pip install trafilatura` to compare
        import trafilatura

        systems["trafilatura (whole page in)"] = lambda path, html: trafilatura.extract(html) or ""
    except ImportError:
        pass
    systems["communique reader (publisher containers, then readability)"] = lambda path, html: shipped(path)
    rows = [
        "| extractor | statement paragraphs kept | furniture strings let through | pages with furniture |"
    ]
    rows.append("|---|---:|---:|---:|")
    for name, run in systems.items():
        kept = total = noise = total_noise = dirty = 0
        for spec_path in sorted(PAGES.glob("*.json")):
            spec = json.loads(spec_path.read_text(encoding="utf-8"))
            if "paragraphs" not in spec:
                continue
            html_path = spec_path.with_suffix(".html")
            text = run(html_path, decode(html_path.read_bytes(), str(html_path)))
            flat = re.sub(r"\s", "", text)
            kept += sum(re.sub(r"\s", "", p) in flat for p in spec["paragraphs"])
            total += len(spec["paragraphs"])
            found = [n for n in spec["noise"] if n in text]
            noise += len(found)
            total_noise += len(spec["noise"])
            dirty += bool(found)
        rows.append(f"| {name} | {kept}/{total} | {noise}/{total_noise} | {dirty}/6 |")
    return "\n".join(rows), []


def _error_rate(reference: str, hypothesis: str) -> float:
    matcher = difflib.SequenceMatcher(None, reference, hypothesis, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return (max(len(reference), len(hypothesis)) - matched) / max(len(reference), 1)


def _comparable(text: str) -> str:
    text = text.replace(make.HEADER, "")
    text = re.sub(r"—\s*\d+\s*—", "", text)
    return re.sub(r"\s", "", text)


def pdf_libraries(folder: Path) -> tuple[str, dict[str, float]]:
    import pypdf
    from communique.readers.pdf import read_pdf
    from pdfminer.high_level import extract_text

    fonts = ["cid"] + (["ttf"] if make.TTF.exists() else [])
    statements = corpus_statements()
    readers = {
        "pdfminer.six (extract_text)": lambda data: extract_text(io.BytesIO(data)),
        "pypdf (extract_text)": lambda data: "\n".join(
            page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages
        ),
        "communique PDF reader (pypdf + paragraphs, furniture removed)": lambda data: read_pdf(data).text,
    }
    rows = [
        "| reader | font | statements | pages | character error rate | pages/s |",
        "|---|---|---:|---:|---:|---:|",
    ]
    rates: dict[str, float] = {}
    for font in fonts:
        files = []
        for doc_id, title, paragraphs in statements:
            path = folder / f"{doc_id}-{font}.pdf"
            pages = make.statement_pdf(path, title, paragraphs, font, lines_per_page=30)
            reference = _comparable(title + "".join(paragraphs))
            files.append((path.read_bytes(), pages, reference))
        for name, read in readers.items():
            errors = []
            started = time.perf_counter()
            for data, _pages, reference in files:
                errors.append((_error_rate(reference, _comparable(read(data))), len(reference)))
            seconds = time.perf_counter() - started
            pages = sum(pages for _, pages, _ in files)
            rate = sum(e * n for e, n in errors) / sum(n for _, n in errors)
            rows.append(f"| {name} | {font} | {len(files)} | {pages} | {rate:.4%} | {pages / seconds:.1f} |")
            rates[f"{name} {font}"] = pages / seconds
    return "\n".join(rows), rates


def throughput() -> str:
    from communique.reader import read_path

    rows = ["| reader | input | documents | seconds | documents/s |", "|---|---|---:|---:|---:|"]
    pages = sorted(PAGES.glob("*.html"))
    started = time.perf_counter()
    for _ in range(5):
        for path in pages:
            read_path(path)
    seconds = time.perf_counter() - started
    rows.append(
        f"| HTML | the {len(pages)} test pages x 5 | {5 * len(pages)} | {seconds:.2f} | {5 * len(pages) / seconds:.1f} |"
    )
    docx = REPO / "tests" / "data" / "documents" / "statement.docx"
    started = time.perf_counter()
    for _ in range(20):
        read_path(docx)
    seconds = time.perf_counter() - started
    rows.append(
        f"| Word | tests/data/documents/statement.docx x 20 | 20 | {seconds:.2f} | {20 / seconds:.1f} |"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for depth in (10_000, 40_000):
            path = Path(tmp) / "deep.html"
            path.write_text(
                "<html><body>" + "<div>双方同意加强合作。" * depth + "</div>" * depth, encoding="utf-8"
            )
            started = time.perf_counter()
            read_path(path, max_bytes=10**9)
            seconds = time.perf_counter() - started
            rows.append(
                f"| HTML | {depth:,} nested `<div>` (no known container: readability) | 1 | {seconds:.2f} | {1 / seconds:.2f} |"
            )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="replace the section in benchmarks/results.md")
    args = parser.parse_args()
    content, _ = main_content()
    with tempfile.TemporaryDirectory() as tmp:
        pdf_table, _ = pdf_libraries(Path(tmp))
    speed = throughput()
    body = "\n\n".join(
        [
            "Main content of the six publisher pages in tests/data/pages (statement paragraphs as written; furniture: "
            "the strings of menus, breadcrumbs, share bars, editor lines, related links and footers listed in each "
            "page's JSON):",
            content,
            "PDF text layers: the corpus statements laid out by tests/data/documents/make.py (30 lines a page, a "
            "running header and page numbers); character error rate against the statement text, whitespace, header "
            "and page numbers removed from both (difflib alignment); pages/s includes the reader's own work:",
            pdf_table,
            "Reader throughput (reading only, no extraction):",
            speed,
        ]
    )
    print(body)
    if args.write:
        replace_section("Input readers (benchmarks/inputs.py)", body)


if __name__ == "__main__":
    main()
