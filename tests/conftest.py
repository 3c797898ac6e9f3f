"""Shared fixtures: the real pipeline, loaded once per test session, and the bundled example statement; and the
Hypothesis settings profiles.

The README's test command must give the same result for every user on every run, so the default profile
(``communique``) is derandomised (the examples depend only on the test function, as in CI) and keeps no example
database (a failure found once cannot stick to one checkout and fail every later run there). A developer who wants
Hypothesis to search runs the ``explore`` profile on purpose: ``HYPOTHESIS_PROFILE=explore python -m pytest -q
tests/test_properties.py`` (random, ten times the examples, failures kept in ``.hypothesis/`` and replayed).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# No deadline: the pipeline-loading property tests spend a first example loading spaCy, and a slow shared machine
# must not turn that into a failure (speed is measured by benchmarks/, not asserted by tests).
settings.register_profile(
    "communique",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=100,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "explore",
    derandomize=False,
    deadline=None,
    max_examples=1000,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "communique"))

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "corpus" / "examples" / "china-uzbekistan-2024-01-24.txt"


@pytest.fixture(scope="session")
def extractor():
    from communique.extract import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def example_record(extractor, example_text):
    return extractor.extract_text(example_text, doc_id=EXAMPLE.stem)


@pytest.fixture(scope="module")
def browser():
    """A headless Debian chromium (``communique.browser``) for the browser tests of one module."""
    from communique.browser import chromium_browser

    with chromium_browser() as launched:
        yield launched
