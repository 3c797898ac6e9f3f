"""What the browser tests share: Debian's chromium required in CI (skipped elsewhere when absent) and a page opened
with every console error, page error and dialog collected, so each test can assert that none happened."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from communique.browser import CHROMIUM


def require_chromium() -> None:
    """Call at module level: skip the module where chromium is missing, fail it in CI (``.ci/run`` installs it)."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI (.ci/run installs it)", pytrace=False)
        pytest.skip(f"{CHROMIUM} not installed", allow_module_level=True)


def open_page(browser: Any, path: Path) -> tuple[Any, list[str]]:
    """``path`` loaded in a new 1200×900 tab, and the list that collects its problems."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("dialog", lambda dialog: problems.append(f"dialog: {dialog.message}") or dialog.dismiss())
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, problems
