"""Order-preserving alignment of printed labels with template nodes.

The one primitive every matcher uses: given printed texts in reading order and
candidate template nodes in template order, find the monotone matching with the
highest total :func:`~govdisclosure.labels.similarity`. Order is what tells a truncated
``结果`` under 行政复议 (结果维持) from the next ``结果`` (结果纠正), and what keeps the row
``3.其他`` apart from the column ``其他``.

    >>> from govdisclosure.schema.model import Node
    >>> nodes = [Node("a", "结果维持"), Node("b", "结果纠正"), Node("c", "其他结果")]
    >>> align(["结果", "结果", "其他"], nodes)
    [0, 1, 2]
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from .labels import best_of
from .schema.model import Node, NodeList

MIN_SCORE = 0.55
"""Below this similarity a text and a label are not taken to be the same thing."""

STRONG = 0.9
"""A match at or above this score is unambiguous on its own (equal, or numbering aside)."""


def align(texts: Sequence[str], nodes: Sequence[Node], min_score: float = MIN_SCORE) -> list[int | None]:
    """Match ``texts`` to ``nodes`` monotonically, maximizing total similarity.

    Returns, for each text, the index of its node or None. Texts and nodes may be
    skipped. After the monotone pass, a text left unmatched whose best strong match
    (≥ :data:`STRONG`) is a single still-unused node is matched to it out of order:
    a header that prints 总计 before the 法人 columns still maps by label.
    """
    return list(_align(tuple(texts), _labels(nodes), min_score))


def _labels(nodes: Sequence[Node]) -> tuple[tuple[str, ...], ...]:
    """The nodes' labels as a memo key (a :class:`NodeList` keeps them hashed once)."""
    return nodes.labels if isinstance(nodes, NodeList) else tuple(n.labels for n in nodes)


def matches(text: str, nodes: Sequence[Node], min_score: float = STRONG) -> bool:
    """True when ``text`` matches one of ``nodes`` at ``min_score`` or better."""
    return any(best_of(text, n.labels) >= min_score for n in nodes)


@lru_cache(maxsize=16384)
def _align(texts: tuple[str, ...], labels: tuple[tuple[str, ...], ...], min_score: float) -> tuple[int | None, ...]:
    # Label sequences repeat from report to report, so whole alignments are memoized.
    m, n = len(texts), len(labels)
    if m == 0 or n == 0:
        return (None,) * m
    score = [_scores(t, labels) for t in texts]
    # dp[i][j]: best total using texts[:i] and nodes[:j]
    dp = [[0.0] * (n + 1) for _ in range(m + 1)]
    for i in range(1, m + 1):
        row, prev, s_row = dp[i], dp[i - 1], score[i - 1]
        for j in range(1, n + 1):
            best = prev[j] if prev[j] > row[j - 1] else row[j - 1]
            s = s_row[j - 1]
            if s >= min_score and prev[j - 1] + s > best:
                best = prev[j - 1] + s
            row[j] = best
    out: list[int | None] = [None] * m
    i, j = m, n
    while i > 0 and j > 0:
        s = score[i - 1][j - 1]
        if s >= min_score and abs(dp[i][j] - (dp[i - 1][j - 1] + s)) < 1e-9:
            out[i - 1] = j - 1
            i, j = i - 1, j - 1
        elif abs(dp[i][j] - dp[i - 1][j]) < 1e-9:
            i -= 1
        else:
            j -= 1
    used = {k for k in out if k is not None}
    for ti, k in enumerate(out):
        if k is not None:
            continue
        strong = [j for j in range(n) if j not in used and score[ti][j] >= STRONG]
        if strong:
            top = max(score[ti][j] for j in strong)
            best = [j for j in strong if score[ti][j] == top]
            if len(best) == 1:
                out[ti] = best[0]
                used.add(best[0])
    return tuple(out)


@lru_cache(maxsize=65536)
def _scores(text: str, labels: tuple[tuple[str, ...], ...]) -> tuple[float, ...]:
    # a new sequence of labels is mostly known texts in a new order: a text's scores
    # against every node are looked up once, not node by node
    return tuple([best_of(text, lab) for lab in labels])


def best_node(text: str, nodes: Sequence[Node]) -> tuple[int | None, float]:
    """The single best node for ``text`` and its score (None when below threshold)."""
    best, best_s = None, 0.0
    for j, nd in enumerate(nodes):
        s = best_of(text, nd.labels)
        if s > best_s:
            best, best_s = j, s
    if best_s < MIN_SCORE:
        return None, best_s
    return best, best_s


MAX_GLUED_CHARS = 2000
"""Characters of run-together labels :func:`split_glued` cuts at most: table 4's whole
header run together has about 80; the search is linear in the text but keeps a list
of pieces per position."""
MAX_FRAGMENTS = 6


def merge_fragments(
    texts: Sequence[str],
    nodes: Sequence[Node],
    joinable: Sequence[bool] | None = None,
    union: tuple[str, ...] | None = None,
) -> list[list[int]]:
    """Group consecutive texts that are pieces of one label broken apart.

    A cell broken over lines or blocks (``商业`` / ``企业``, ``（四）无`` / ``法提供``) reaches
    the matcher as several texts none of which matches well. A run of up to
    :data:`MAX_FRAGMENTS` consecutive texts, none matching strongly on its own, is
    merged when the joined text matches a node strongly. ``joinable[i]`` False keeps
    text ``i`` out of any merge; ``union`` (all the nodes' labels in one tuple) may be
    passed when the caller has it at hand.

        >>> merge_fragments(["商业", "企业", "科研机构"], [Node("a", "商业企业"), Node("b", "科研机构")])
        [[0, 1], [2]]
    """
    n = len(texts)
    if n < 2:
        return [[i] for i in range(n)]  # nothing to join
    all_labels = union if union is not None else tuple(lab for nd in nodes for lab in nd.labels)
    strong = [best_of(t, all_labels) >= STRONG for t in texts]
    if all(strong):
        return [[i] for i in range(n)]
    ok = list(joinable) if joinable is not None else [True] * n
    groups: list[list[int]] = []
    i = 0
    while i < n:
        merged = None
        if ok[i] and not strong[i]:
            j = i + 1
            while j < n and j - i < MAX_FRAGMENTS and ok[j] and not strong[j]:
                joined = "".join(texts[i : j + 1])
                if best_of(joined, all_labels) >= STRONG:  # some node's label, strongly
                    merged = list(range(i, j + 1))
                    break
                j += 1
        if merged:
            groups.append(merged)
            i = merged[-1] + 1
        else:
            groups.append([i])
            i += 1
    return groups


def split_glued(text: str, nodes: Sequence[Node], min_cover: float = 0.9) -> list[str] | None:
    """Cut text made of several labels run together into those labels, or None.

    ``申请人情况自然人法人或其他组织总计`` → ``申请人情况``, ``自然人``, ``法人或其他组织``,
    ``总计``. A segmentation into exact labels (after normalization) covering at least
    ``min_cover`` of the text is looked for; unknown characters are allowed only
    between labels, never inside one.

        >>> split_glued("三、本年度办理结果（一）予以公开", [Node("a", "三、本年度办理结果"), Node("b", "（一）予以公开")])
        ['三、本年度办理结果', '（一）予以公开']
    """
    cut = _split_glued(text, _labels(nodes), min_cover)
    return list(cut) if cut is not None else None


@lru_cache(maxsize=16384)
def _split_glued(text: str, labels: tuple[tuple[str, ...], ...], min_cover: float) -> tuple[str, ...] | None:
    # memoized like _align: the same truncated or glued header text recurs across reports
    from .labels import normalize

    s = normalize(text)
    if not s:
        return None
    forms: dict[str, str] = {}
    for node_labels in labels:
        for lab in node_labels:
            f = normalize(lab)
            if len(f) >= 2:
                forms.setdefault(f, lab)
    n = len(s)
    if n > MAX_GLUED_CHARS:
        return None  # no header or row of labels runs that long (a hostile 20 MB line)
    # best[i] = (covered characters, pieces) for s[:i]
    best: list[tuple[int, list[str]] | None] = [None] * (n + 1)
    best[0] = (0, [])
    for i in range(n):
        if best[i] is None:
            continue
        cov, pieces = best[i]
        skip = (cov, pieces)  # an unknown character between labels
        if best[i + 1] is None or best[i + 1][0] < skip[0]:
            best[i + 1] = skip
        for f in forms:
            if s.startswith(f, i):
                cand = (cov + len(f), [*pieces, forms[f]])
                j = i + len(f)
                if (
                    best[j] is None
                    or best[j][0] < cand[0]
                    or (best[j][0] == cand[0] and len(best[j][1]) > len(cand[1]))
                ):
                    best[j] = cand
    end = best[n]
    if end is None or len(end[1]) < 2 or end[0] < min_cover * n:
        return None
    return tuple(end[1])
