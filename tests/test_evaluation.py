"""Accuracy on real articles the gazetteer was not written from (tests/data/eval/).

`dev` is the half the matcher's authors looked at; `holdout` is kept for an honest
measurement. Details: python tests/evaluation.py
"""

from __future__ import annotations

import pytest
from evaluation import score

TARGET = 0.97


@pytest.mark.parametrize("split", ["dev", "holdout"])
def test_matcher_accuracy_on_real_articles(split):
    result = score(split)
    assert result.gold >= 100
    assert result.recall >= TARGET, f"recall {result.recall:.1%}: missed {result.misses}"
    assert result.precision >= TARGET, f"precision {result.precision:.1%}: extra {result.extras}"
    assert result.lang_accuracy >= TARGET, f"name language {result.lang_accuracy:.1%}"
