"""Tolerant comparison of printed labels with the template's official labels.

Printed labels differ from the official ones in harmless ways: half- or full-width
brackets and digits, spaces inside words, words broken over lines, straight or curly
quotes, ``1、`` for ``1.``, a ``情况`` suffix, or a header cell that lost its second
line (``结果`` for ``结果维持``). :func:`normalize` removes the harmless differences and
:func:`similarity` scores the rest, so the aligners can prefer exact matches and use
truncated ones only where the order of the cells leaves no doubt.

    >>> normalize("（三）不予公开 ")
    '(三)不予公开'
    >>> similarity("结果", "结果维持") > 0
    True
    >>> similarity("其他", "结果维持")
    0.0
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from difflib import SequenceMatcher
from functools import lru_cache

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans("", "", "“”\"'‘’「」『』〝〞")
_NUMBERING = re.compile(r"^(?:\d+[.、．]|\(\d+\)|\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+[、.．])")


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Fold a label to a canonical comparable form.

    NFKC (full-width to half-width), all white space removed (spaces inside words and
    line breaks), quotes dropped, ``、`` after a leading number turned into ``.``, and
    trailing colons dropped.

        >>> normalize("3．危及“三安全一稳定”")
        '3.危及三安全一稳定'
        >>> normalize("1、申请人")
        '1.申请人'
    """
    s = unicodedata.normalize("NFKC", text)
    s = _SPACE.sub("", s).translate(_QUOTES)
    s = re.sub(r"^(\d+)[、.]", r"\1.", s)
    return s.rstrip(":：")


def core(text: str) -> str:
    """The normalized label without its leading numbering (``1.``, ``（一）``, ``三、``).

    >>> core("（七）总计")
    '总计'
    """
    return _form(text)[1]


def numbering(text: str) -> str:
    """The normalized leading numbering of a label, or ``''``.

    >>> numbering("2.重复申请"), numbering("重复申请")
    ('2.', '')
    """
    return _form(text)[2]


@lru_cache(maxsize=65536)
def _form(text: str) -> tuple[str, str, str]:
    """:func:`normalize`, :func:`core` and :func:`numbering` of ``text`` in one lookup
    (:func:`similarity` wants all three of both its texts)."""
    s = normalize(text)
    m = _NUMBERING.match(s)
    return (s, s[m.end() :], m.group(0)) if m else (s, s, "")


EXACT = 1.0
"""Score of a label equal to the official label or a known variant, after normalization."""


@lru_cache(maxsize=131072)
def similarity(text: str, label: str) -> float:
    """How well a printed ``text`` matches one official ``label`` (0.0 = not at all).

    1.0 for equal after :func:`normalize`; 0.95 when only the numbering differs or is
    missing; 0.6–0.8 when the printed text is a truncation of the label (at least two
    characters) or the label plus a suffix such as ``情况``; about 0.3–0.5 for a close
    misspelling. The scale only ranks candidates: callers decide what is good enough.

        >>> similarity("(七)总计", "（七）总计")
        1.0
        >>> similarity("属于国家秘密", "1.属于国家秘密")
        0.95
    """
    t, tc, tn = _form(text)
    lab, lc, ln = _form(label)
    if not t or not lab:
        return 0.0
    if t == lab:
        return EXACT
    if not tc or not lc:
        return 0.0
    numbering_ok = not tn or not ln or tn == ln
    if tc == lc:
        return 0.95 if numbering_ok else 0.5
    if not numbering_ok:
        return 0.0
    if len(tc) >= 2 and lc.startswith(tc):
        return 0.6 + 0.2 * len(tc) / len(lc)
    if len(lc) >= 2 and tc.startswith(lc) and len(tc) - len(lc) <= 4:
        return 0.6
    if len(tc) >= 4 and len(lc) >= 4 and abs(len(tc) - len(lc)) <= max(3, len(lc) // 4):
        # the ratio is at most the share of characters the two have in common
        # (difflib's quick_ratio): that bound is cheap and rules out most pairs
        common = sum((_chars(tc) & _chars(lc)).values())
        if 2.0 * common / (len(tc) + len(lc)) < 0.75:
            return 0.0
        ratio = SequenceMatcher(None, tc, lc, autojunk=False).ratio()
        if ratio >= 0.75:
            # a misspelt label (2.其他法律行政止公开) matches when its numbering agrees,
            # and then only in order (below the scores of truncations)
            return (0.7 if tn and tn == ln else 0.5) * ratio
    return 0.0


@lru_cache(maxsize=65536)
def _chars(text: str) -> Counter[str]:
    return Counter(text)


MAX_LABEL_CHARS = 300
"""Characters a printed label may have: the longest official label has about 60, and a
label scores above 0 only when it is at most a few characters longer than an official
one. A longer text (a hostile 20 MB line) scores 0 without being normalized."""


def best_of(text: str, labels: tuple[str, ...]) -> float:
    """The best :func:`similarity` of ``text`` against any of ``labels``."""
    if len(text) > MAX_LABEL_CHARS:
        return 0.0
    return _best_of(text, labels)


@lru_cache(maxsize=262144)
def _best_of(text: str, labels: tuple[str, ...]) -> float:
    if normalize(text) in _normalized(labels):
        return EXACT  # the best there is: no need to score the others
    # a score above 0 needs the two cores to share a character (equal, one a prefix of
    # the other, or a misspelling with most characters in common): only such labels are
    # scored (a new text is scored against a whole table's labels: a third of a fresh
    # PDF text layer's read, bench_text.py)
    index = _by_char(labels)
    candidates = {lab for ch in set(_form(text)[1]) for lab in index.get(ch, ())}
    return max((similarity(text, lab) for lab in candidates), default=0.0)


@lru_cache(maxsize=4096)
def _by_char(labels: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """The labels by each character of their core."""
    index: dict[str, list[str]] = {}
    for lab in labels:
        for ch in set(_form(lab)[1]):
            index.setdefault(ch, []).append(lab)
    return {ch: tuple(labs) for ch, labs in index.items()}


@lru_cache(maxsize=4096)
def _normalized(labels: tuple[str, ...]) -> frozenset[str]:
    return frozenset(filter(None, map(normalize, labels)))
