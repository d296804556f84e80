"""The memos only make reads faster: a read with empty memos gives the same report."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import govdisclosure as gd
from govdisclosure import labels

SEEDS = sorted((Path(__file__).parent / "fixtures" / "seeds").glob("*.txt"))


def test_clear_caches_empties_the_memos_and_changes_no_result():
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    warm = [gd.read(t) for t in texts]
    gd.clear_caches()
    assert labels._best_of.cache_info().currsize == 0
    cold = [gd.read(t) for t in texts]
    for a, b in zip(warm, cold):
        pd.testing.assert_frame_equal(a.to_long(), b.to_long())
        assert [f.message for f in a.findings] == [f.message for f in b.findings]
