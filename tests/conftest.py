"""Shared fixtures: the real pipeline, loaded once per test session, and the bundled example statement."""

from __future__ import annotations

from pathlib import Path

import pytest

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
