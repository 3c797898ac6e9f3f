"""Regenerate ``docs/report-screenshot.png`` for the README: the example statement's report page in headless
chromium, with the sentence table filtered to COMMITMENT so the filter shows.

    python -m communique.training.report_screenshot
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import typer
from communique.browser import chromium_browser
from communique.extract import Extractor
from communique.language import REPO_ROOT
from communique.report import write_report

app = typer.Typer(add_completion=False)
EXAMPLE = REPO_ROOT / "corpus" / "examples" / "china-uzbekistan-2024-01-24.txt"


@app.command()
def main(
    statement: Path = typer.Option(EXAMPLE, help="Statement to show."),
    output: Path = typer.Option(REPO_ROOT / "docs" / "report-screenshot.png", help="PNG to write."),
) -> None:
    record = Extractor().extract_text(statement.read_text(encoding="utf-8"), doc_id=statement.stem)
    with tempfile.TemporaryDirectory() as tmp:
        [page_path, _] = write_report([record], Path(tmp))
        with chromium_browser() as browser:
            page = browser.new_page(viewport={"width": 1200, "height": 1400})
            page.goto(page_path.as_uri())
            page.select_option("#filter-type", "COMMITMENT")
            # the sentences with their evidence (triggers, entities, actors), below the summary
            page.evaluate("document.getElementById('legend').previousElementSibling.scrollIntoView()")
            page.screenshot(path=str(output))
    typer.echo(f"wrote {output}")


if __name__ == "__main__":
    app()
