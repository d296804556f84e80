"""Label scores: the shortcuts taken for speed give the scores the plain definitions give."""

from __future__ import annotations

from difflib import SequenceMatcher

from hypothesis import given
from hypothesis import strategies as st

from govdisclosure.labels import best_of, core, normalize, numbering, similarity

# few characters, so that misspellings of every closeness are drawn
_CHARS = st.sampled_from("公开申请不予政府信息其他法律行政")
_NUMBERS = st.sampled_from(["", "1.", "2.", "（三）", "四、"])


@st.composite
def misspelt(draw: st.DrawFn) -> tuple[str, str]:
    """A label's core and a copy with a few characters replaced, dropped or added."""
    label = draw(st.text(_CHARS, min_size=4, max_size=12))
    text = list(label)
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(text) - 1))
        edit = draw(st.sampled_from(["replace", "drop", "add"]))
        if edit == "drop" and len(text) > 4:
            del text[at]
        else:
            text[at : at + (edit == "replace")] = [draw(_CHARS)]
    return "".join(text), label


@given(_NUMBERS, _NUMBERS, misspelt())
def test_misspelling_score_is_the_sequence_ratio(tn: str, ln: str, pair: tuple[str, str]) -> None:
    tc, lc = pair
    text, label = tn + tc, ln + lc
    got = similarity(text, label)
    if normalize(text) == normalize(label) or tc.startswith(lc) or lc.startswith(tc):
        return  # equal or truncated: other branches, checked by their doctests
    numbering_ok = not numbering(text) or not numbering(label) or numbering(text) == numbering(label)
    close_length = abs(len(tc) - len(lc)) <= max(3, len(lc) // 4)
    ratio = SequenceMatcher(None, core(text), core(label), autojunk=False).ratio()
    if not numbering_ok or not close_length or ratio < 0.75:
        assert got == 0.0
    else:
        same_number = numbering(text) and numbering(text) == numbering(label)
        assert got == (0.7 if same_number else 0.5) * ratio


@given(
    _NUMBERS.flatmap(lambda n: st.text(_CHARS, min_size=1, max_size=8).map(lambda s: n + s)),
    st.lists(st.text(_CHARS, min_size=0, max_size=8), max_size=6),
)
def test_best_of_is_the_best_single_score(text: str, labels: list[str]) -> None:
    assert best_of(text, tuple(labels)) == max((similarity(text, lab) for lab in labels), default=0.0)
    # an equal label among others scores as equal, whatever its neighbours
    assert best_of(text, (*labels, text)) == 1.0
