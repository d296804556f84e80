"""Label cells of flattened text made whole before matching: notes and stray marks
dropped, labels that ran together cut apart, fragments of one label (a word broken over
lines, a label wrapped around its values) joined.
"""

from __future__ import annotations

from functools import lru_cache

from ..findings import Finding
from ..grid import Cell
from ..header import join_fragments
from ..labels import best_of
from ..matching import MIN_SCORE, STRONG, split_glued
from ..schema.model import Block, Node, TableTemplate
from .kinds import kind_positions
from .model import Extraction


def drop_junk(
    tokens: list[Cell], kinds: list[str], table: TableTemplate, ex: Extraction
) -> tuple[list[Cell], list[str]]:
    """Tokens without stray punctuation and notes (each note said in a finding)."""
    out_t: list[Cell] = []
    out_k: list[str] = []
    for c, kind in zip(tokens, kinds):
        if kind not in ("junk", "note"):
            out_t.append(c)
            out_k.append(kind)
        elif kind == "note":
            ex.findings.append(
                Finding(
                    "info",
                    "note_skipped",
                    table.name,
                    f"text in the table area skipped: {c.text[:60]!r}",
                    location=c.loc.describe(),
                )
            )
    return out_t, out_k


def union_block(table: TableTemplate) -> Block:
    """One block holding every label of a table's blocks (to cut run-together labels)."""
    nodes: list[Node] = []
    for b in table.blocks:
        nodes.extend(b.label_nodes)
    return Block(key="*", rows=tuple(nodes), columns=(), captions=())


def _weak_labels(
    tokens: list[Cell], kinds: list[str], union: tuple[str, ...], positions: list[int] | None = None
) -> list[int]:
    """Positions of the labels that match no label of ``union`` strongly on their own
    (``positions``: those of every label, when the caller has them)."""
    if positions is None:
        positions = kind_positions(kinds, "label")
    weak = _weak_among(tuple([tokens[i].text for i in positions]), union)
    return [positions[j] for j in weak]


@lru_cache(maxsize=4096)
def _weak_among(texts: tuple[str, ...], union: tuple[str, ...]) -> tuple[int, ...]:
    # a block's labels recur as a whole from report to report: one lookup for them all
    return tuple(j for j, text in enumerate(texts) if best_of(text, union) < STRONG)


def split_glued_labels(
    tokens: list[Cell], kinds: list[str], block: Block, weak: list[int] | None = None
) -> tuple[list[Cell], list[str]]:
    """Label text that is several labels run together (a page scraped without
    separators) cut into those labels. ``weak``: the labels to try (by default those
    matching no label of the block strongly)."""
    if weak is None:
        weak = _weak_labels(tokens, kinds, block.label_union)
    cuts: dict[int, list[str]] = {}
    for i in weak:
        pieces = split_glued(tokens[i].text, block.label_nodes)
        if pieces:
            cuts[i] = pieces
    if not cuts:
        return tokens, kinds
    spans = {
        i: (i + 1, [Cell(p, tokens[i].row, tokens[i].col, 1, 1, tokens[i].loc) for p in pieces])
        for i, pieces in cuts.items()
    }
    return _replace_labels(tokens, kinds, spans)


def _replace_labels(
    tokens: list[Cell], kinds: list[str], spans: dict[int, tuple[int, list[Cell]]]
) -> tuple[list[Cell], list[str]]:
    """Tokens with each span ``start: (end, cells)`` replaced by those label cells."""
    out_t: list[Cell] = []
    out_k: list[str] = []
    i = 0
    while i < len(tokens):
        if i in spans:
            end, cells = spans[i]
            out_t.extend(cells)
            out_k.extend(["label"] * len(cells))
            i = end
        else:
            out_t.append(tokens[i])
            out_k.append(kinds[i])
            i += 1
    return out_t, out_k


def join_label_fragments(
    tokens: list[Cell], kinds: list[str], block: Block, positions: list[int]
) -> tuple[list[Cell], list[str]]:
    """Tokens with run-together labels cut and label fragments joined (``positions``:
    those of the labels among ``tokens``); the same lists when nothing changed."""
    nodes, union = block.label_nodes, block.label_union
    weak = _weak_labels(tokens, kinds, union, positions)
    if not weak:
        return tokens, kinds  # every label matches strongly on its own: nothing to cut or join
    cut_t, cut_k = split_glued_labels(tokens, kinds, block, weak)
    if cut_t is not tokens:
        tokens, kinds = cut_t, cut_k
        weak = _weak_labels(tokens, kinds, union)
    # runs of consecutive labels [a, b) holding a weak one: fragments of one label are
    # printed side by side, and a run of strong labels is left as it is
    runs: list[list[int]] = []
    for i in weak:
        a = b = i
        while a > 0 and kinds[a - 1] == "label":
            a -= 1
        while b < len(kinds) and kinds[b] == "label":
            b += 1
        if not runs or runs[-1][0] != a:
            runs.append([a, b])
    joined: dict[int, tuple[int, list[Cell]]] = {}
    for a, b in runs:
        cells = join_fragments(tokens[a:b], nodes, union)
        if len(cells) != b - a:
            joined[a] = (b, cells)
    if joined:
        tokens, kinds = _replace_labels(tokens, kinds, joined)
    tokens, kinds = _join_wrapped_header(tokens, kinds, union)
    return _join_wrapped_labels(tokens, kinds, union)


def _join_wrapped_labels(tokens: list[Cell], kinds: list[str], union: tuple[str, ...]) -> tuple[list[Cell], list[str]]:
    """A label that wrapped around its own values (a borderless PDF row whose values
    sit between the two lines of its label) joined back: a label matching nothing
    whose text completes the previous, weakly matched label is appended to it."""
    recent: list[int] = []
    drop: set[int] = set()
    out = list(tokens)
    for i, kind in enumerate(kinds):
        if kind != "label":
            continue
        own = best_of(out[i].text, union)
        if own < STRONG:
            # the tail may follow its head directly or after a parent label printed between;
            # a tail resembling some label (``申请``) must make its head a strong match
            need = MIN_SCORE if own < MIN_SCORE else STRONG
            for j in reversed(recent[-2:]):
                prev = out[j]
                joined = prev.text + out[i].text
                # a label wrapped over several lines completes tail by tail: each join
                # must improve the match, the whole must end as a real label
                score = best_of(joined, union)
                if score >= need and score > best_of(prev.text, union):
                    out[j] = Cell(joined, prev.row, prev.col, prev.rowspan, prev.colspan, prev.loc)
                    drop.add(i)
                    break
            if i in drop:
                continue
        recent.append(i)
    if not drop:
        return tokens, kinds
    return [t for i, t in enumerate(out) if i not in drop], [k for i, k in enumerate(kinds) if i not in drop]


_HEADER_REACH = 12  # label tokens back that a header cell's second line may follow its first


def _join_wrapped_header(tokens: list[Cell], kinds: list[str], union: tuple[str, ...]) -> tuple[list[Cell], list[str]]:
    """Header cells whose words wrapped, printed line by line (a PDF text layer:
    ``商业企 科研机 社会公益 法律服务`` then ``业 构 组织 机构``), joined back: before the
    first value, each label matching nothing strongly completes the earliest such label
    before it that it turns into a strong match, so the lines' pieces pair in order."""
    first_value = kinds.index("value") if "value" in kinds else len(kinds)
    weak = [i for i in range(first_value) if kinds[i] == "label" and best_of(tokens[i].text, union) < STRONG]
    if len(weak) < 2:
        return tokens, kinds
    out = list(tokens)
    heads: list[int] = []  # weak labels not yet completed, in order
    drop: set[int] = set()
    for i in weak:
        text = out[i].text
        for h in heads:
            if i - h > _HEADER_REACH:
                continue
            head = out[h]
            joined = head.text + text
            if best_of(joined, union) >= STRONG:
                out[h] = Cell(joined, head.row, head.col, head.rowspan, head.colspan, head.loc)
                heads.remove(h)
                drop.add(i)
                break
        else:
            heads.append(i)
    if not drop:
        return tokens, kinds
    return [t for i, t in enumerate(out) if i not in drop], [k for i, k in enumerate(kinds) if i not in drop]
