"""The classical obligation-type classifier: TF-IDF over character n-grams, one calibrated linear model per type.

It is the baseline the spaCy text classifier and the rules are compared with, and, because its probabilities are
calibrated, it is what orders sentences "least sure first" for annotation.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import joblib
import numpy as np
from communique.labels import OBLIGATION_TYPES as TYPES
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import Pipeline


def label_matrix(type_sets: Sequence[Sequence[str]]) -> np.ndarray:
    return np.array([[int(t in types) for t in TYPES] for types in type_sets])


class ObligationBaseline:
    """Multi-label classifier over sentence texts; ``predict`` returns type sets, ``predict_proba`` an (n, 6)
    array in ``TYPES`` order."""

    def __init__(self, threshold: float = 0.5, calibrate: bool = True, seed: int = 0) -> None:
        self.threshold = threshold
        estimator = LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000, random_state=seed)
        if calibrate:
            estimator = CalibratedClassifierCV(estimator, cv=3, method="sigmoid")
        self.model = Pipeline(
            [
                ("tfidf", TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=1)),
                ("ovr", OneVsRestClassifier(estimator)),
            ]
        )

    def fit(self, texts: Sequence[str], type_sets: Sequence[Sequence[str]]) -> ObligationBaseline:
        self.model.fit(list(texts), label_matrix(type_sets))
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return self.model.predict_proba(list(texts))

    def predict(self, texts: Sequence[str]) -> list[list[str]]:
        probabilities = self.predict_proba(texts)
        return [[t for t, p in zip(TYPES, row, strict=True) if p >= self.threshold] for row in probabilities]

    def save(self, path: Path) -> None:
        joblib.dump(self, path)


def load_baseline(path: Path) -> ObligationBaseline:
    return joblib.load(path)


def uncertainty(probabilities: np.ndarray) -> np.ndarray:
    """How unsure the classifier is about a sentence: the largest closeness of any type to the 0.5 boundary
    (1 = a coin toss for some type, 0 = every type decided)."""
    return 1.0 - np.min(np.abs(probabilities - 0.5), axis=1) * 2.0
