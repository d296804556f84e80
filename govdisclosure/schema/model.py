"""The data model of a national report format: key trees, labels, rules.

A :class:`Template` is one national format version. It holds three
:class:`TableTemplate` objects (``active``, ``applications``, ``reviews``); each is made
of one or more :class:`Block` objects (table 2 has one block per article item, tables
3 and 4 have one), and each block is a matrix whose rows and columns are trees of
:class:`Node` objects. Leaves of the trees are the cells' keys.

Nothing here knows about layouts: the template is plain data.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

CellKey = tuple[str, str]
"""A cell's canonical address: ``(row_key, column_key)``."""


class LabelTuple(tuple):
    """A tuple of labels that computes its hash once.

    A block's labels are part of the memo key of every label comparison; hashing a
    long tuple again on each lookup would cost more than the lookup itself.
    """

    def __hash__(self) -> int:
        try:
            return self._hash
        except AttributeError:
            self._hash: int = tuple.__hash__(self)
            return self._hash

    def __reduce__(self) -> tuple:
        # the cached hash belongs to this process (string hashes are salted): not pickled
        return (LabelTuple, (tuple(self),))


class NodeList(list):
    """Template nodes in an order the aligners use, with their labels at hand.

    The labels (:attr:`labels`) are the memo key of every alignment with these nodes;
    kept once here instead of rebuilt and rehashed on each call. Not to be modified.
    """

    @cached_property
    def labels(self) -> LabelTuple:
        return LabelTuple(n.labels for n in self)


@dataclass(frozen=True)
class Node:
    """A row or column of a template, with its official label and known variants.

    ``key`` is a stable ASCII key (``results.denied.state_secret``); ``label`` is the
    official label verbatim; ``variants`` are other printed forms seen in real reports.
    ``unit`` is the unit the official label states (``万元``), ``decimals`` whether
    values may have decimals.
    """

    key: str
    label: str
    variants: tuple[str, ...] = ()
    children: tuple[Node, ...] = ()
    unit: str = ""
    decimals: bool = False

    @cached_property
    def labels(self) -> tuple[str, ...]:
        """The official label followed by its variants."""
        return (self.label, *self.variants)

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def walk(self, path: tuple[Node, ...] = ()) -> Iterator[tuple[tuple[Node, ...], Node]]:
        """Pre-order walk yielding ``(ancestors, node)``."""
        yield path, self
        for child in self.children:
            yield from child.walk((*path, self))

    def leaves(self) -> list[Node]:
        """The leaves under this node (itself when it is a leaf), in order."""
        return [n for _, n in self.walk() if n.is_leaf]

    @cached_property
    def descendant_keys(self) -> tuple[str, ...]:
        """The keys of every node below this one, in pre-order."""
        return tuple(n.key for _, n in self.walk() if n is not self)


def printed_paths(nodes: tuple[Node, ...]) -> dict[str, str]:
    """Each leaf's key → its printed label path, joined by spaces.

    >>> printed_paths((Node("a", "法人或其他组织", children=(Node("b", "商业企业"),)),))
    {'b': '法人或其他组织 商业企业'}
    """
    out: dict[str, str] = {}

    def rec(node: Node, above: tuple[str, ...]) -> None:
        path = (*above, node.label) if node.label else above
        if not node.children:
            out[node.key] = " ".join(path)
        for child in node.children:
            rec(child, path)

    for node in nodes:
        rec(node, ())
    return out


def walk(nodes: tuple[Node, ...]) -> Iterator[tuple[tuple[Node, ...], Node]]:
    """Pre-order walk over a forest, yielding ``(ancestors, node)``."""
    for n in nodes:
        yield from n.walk()


def leaf_paths(nodes: tuple[Node, ...]) -> list[tuple[Node, ...]]:
    """Every root-to-leaf path of a forest, in order."""
    return [(*anc, n) for anc, n in walk(nodes) if n.is_leaf]


@dataclass(frozen=True)
class Block:
    """One matrix of a table: a row tree, a column tree and its own header captions.

    ``title`` is the block's title row when the table has several blocks (table 2's
    ``第二十条第（一）项``); ``captions`` are header texts that carry no key (``信息内容``,
    ``申请人情况``, the 勾稽关系 note in the corner of table 3).
    """

    key: str
    rows: tuple[Node, ...]
    columns: tuple[Node, ...]
    title: Node | None = None
    captions: tuple[str, ...] = ()
    column_caption: str = ""

    def row_paths(self) -> list[tuple[Node, ...]]:
        return self._row_paths

    def column_paths(self) -> list[tuple[Node, ...]]:
        return self._column_paths

    @cached_property
    def _row_paths(self) -> list[tuple[Node, ...]]:
        return leaf_paths(self.rows)

    @cached_property
    def _column_paths(self) -> list[tuple[Node, ...]]:
        return leaf_paths(self.columns)

    @cached_property
    def row_preorder(self) -> NodeList:
        """Every row node, parents before children."""
        return NodeList(n for _, n in walk(self.rows))

    @cached_property
    def column_bfs(self) -> list[Node]:
        """Every column node level by level: the order a header is read row by row."""
        out, level = [], list(self.columns)
        while level:
            out.extend(level)
            level = [ch for n in level for ch in n.children]
        return out

    @cached_property
    def column_parents(self) -> dict[str, Node | None]:
        """Each column node's parent node (None for a top-level column), by key."""
        return {n.key: anc[-1] if anc else None for anc, n in walk(self.columns)}

    @cached_property
    def caption_nodes(self) -> list[Node]:
        """The captions as label-only nodes (keys ``caption:<text>``)."""
        return [Node(f"caption:{c}", c) for c in self.captions]

    @cached_property
    def header_nodes(self) -> NodeList:
        """Captions, then the column nodes breadth-first: what a header may print, in order."""
        return NodeList(self.caption_nodes + self.column_bfs)

    @cached_property
    def header_union(self) -> tuple[str, ...]:
        """All printed labels of :attr:`header_nodes` in one tuple."""
        return LabelTuple(lab for n in self.header_nodes for lab in n.labels)

    @cached_property
    def label_nodes(self) -> NodeList:
        """Every node whose label may be printed in the block: rows, columns, captions, title."""
        return NodeList(self.row_preorder + self.column_bfs + self.caption_nodes + ([self.title] if self.title else []))

    @cached_property
    def top_row_union(self) -> tuple[str, ...]:
        """The printed labels of the top-level rows that have one, in one tuple (the
        first of them printed is where a block's body starts)."""
        return LabelTuple(lab for n in self.rows if n.label for lab in n.labels)

    @cached_property
    def label_union(self) -> tuple[str, ...]:
        """All printed labels of :attr:`label_nodes` in one tuple (for "matches anything")."""
        return LabelTuple(lab for n in self.label_nodes for lab in n.labels)

    def is_label_piece(self, text: str) -> bool:
        """True when ``text`` is a piece of one of the block's printed labels (a group
        label printed vertically, ``本`` / ``年`` / ``度``; a header cell cut in two)."""
        from ..labels import normalize

        piece = normalize(text)
        return bool(piece) and piece in self._printed_labels

    @cached_property
    def _printed_labels(self) -> str:
        from ..labels import normalize

        return "\n".join(normalize(lab) for lab in self.label_union)

    def cell_keys(self) -> list[CellKey]:
        """Every (row key, column key) of the block, row by row."""
        return self._cell_keys

    @cached_property
    def _cell_keys(self) -> list[CellKey]:
        return [(r[-1].key, c[-1].key) for r in self.row_paths() for c in self.column_paths()]


@dataclass(frozen=True)
class Rule:
    """An arithmetic identity the report's own numbers should satisfy.

    ``sum(lhs) == sum(rhs)``, each side a tuple of cell keys of table ``table``.
    ``description`` is the identity as the report prints its labels
    (``一+二 = 三（七）+四``) and ``where`` the printed row or column it holds for
    (``总计``), so that a finding reads in the report's own words.
    """

    name: str
    table: str
    lhs: tuple[CellKey, ...]
    rhs: tuple[CellKey, ...]
    description: str = ""
    where: str = ""

    @property
    def cells(self) -> tuple[CellKey, ...]:
        return self.lhs + self.rhs


@dataclass(frozen=True)
class TableTemplate:
    """One of the report's tables.

    ``number`` and ``title`` are the section heading (``三``,
    ``收到和处理政府信息公开申请情况``); ``heading_keywords`` lists normalized phrases one
    of which a heading must contain, ``heading_all`` phrases that must all be in it.
    """

    name: str
    number: str
    title: str
    blocks: tuple[Block, ...]
    heading_keywords: tuple[str, ...] = ()
    heading_all: tuple[str, ...] = ()
    rules: tuple[Rule, ...] = ()

    def block(self, key: str) -> Block:
        for b in self.blocks:
            if b.key == key:
                return b
        raise KeyError(key)

    def cell_keys(self) -> list[CellKey]:
        return self._cell_keys

    @cached_property
    def _cell_keys(self) -> list[CellKey]:
        return [k for b in self.blocks for k in b.cell_keys()]

    @cached_property
    def reading_order(self) -> tuple[NodeList, tuple[int, ...]]:
        """Every node a table may print, block by block (title, captions, columns
        breadth-first, rows), and the index of the block each belongs to."""
        nodes = NodeList()
        owner: list[int] = []
        for i, b in enumerate(self.blocks):
            part = ([b.title] if b.title else []) + b.caption_nodes + b.column_bfs + b.row_preorder
            nodes.extend(part)
            owner.extend([i] * len(part))
        return nodes, tuple(owner)

    @cached_property
    def heading_key(self) -> LabelTuple:
        """Number, title, heading keywords and required words in one tuple that hashes
        once (the memo key of every heading test)."""
        return LabelTuple((self.number, self.title, self.heading_keywords, self.heading_all))

    @cached_property
    def heading_needs_non_ascii(self) -> bool:
        """True when no line of plain ASCII can hold this table's heading words (as
        they are compared: normalized)."""
        from ..labels import normalize

        return all(not normalize(k).isascii() for k in self.heading_keywords) and (
            not self.heading_all or any(not normalize(k).isascii() for k in self.heading_all)
        )

    @cached_property
    def cell_key_map(self) -> dict[str, dict[str, CellKey]]:
        """Every cell key, by row key and column key (lets callers reuse the template's
        key tuples instead of building new ones)."""
        out: dict[str, dict[str, CellKey]] = {}
        for key in self.cell_keys():
            out.setdefault(key[0], {})[key[1]] = key
        return out

    @cached_property
    def rules_by_row(self) -> dict[str, list[Rule]]:
        """The rules each row's cells take part in, by row key, in rule order."""
        out: dict[str, list[Rule]] = {}
        for r in self.rules:
            for rk in {rk for rk, _ in r.cells}:
                out.setdefault(rk, []).append(r)
        return out

    @cached_property
    def cell_key_set(self) -> frozenset[CellKey]:
        """:meth:`cell_keys` as a set (to ask in one step whether a table is complete)."""
        return frozenset(self.cell_keys())

    @cached_property
    def unit_cell_keys(self) -> frozenset[CellKey]:
        """The cell keys under a column that states a unit (:attr:`column_units`)."""
        units = self.column_units
        return frozenset(k for k in self.cell_keys() if k[1] in units)

    @cached_property
    def column_keys(self) -> frozenset[str]:
        """The keys of every column leaf (the columns cells can be placed under)."""
        return frozenset(ck for _, ck in self.cell_keys())

    @cached_property
    def column_units(self) -> dict[str, str]:
        """The unit each column's official label states (``万元``), for columns with one."""
        return {n.key: n.unit for b in self.blocks for _, n in walk(b.columns) if n.unit}

    def row_label_paths(self) -> dict[str, tuple[str, ...]]:
        """Official label path of every row leaf (block title first when there is one)."""
        return self._row_label_paths

    def column_label_paths(self) -> dict[str, tuple[str, ...]]:
        """Official label path of every column leaf."""
        return self._column_label_paths

    def row_name(self, key: str) -> str:
        """Row ``key`` as the report prints it, for messages (the key itself when the
        template has no such row).

        >>> from govdisclosure.schema import get_template
        >>> get_template("2021")["applications"].row_name("results.denied.state_secret")
        '三、本年度办理结果 （三）不予公开 1.属于国家秘密'
        """
        if key in self._row_label_paths:
            # table 4's one row is printed without a label: named by the table's heading
            return " ".join(self._row_label_paths[key]) or f"{self.number}、{self.title}"
        return key

    def column_name(self, key: str) -> str:
        """Column ``key`` as the report prints it (``法人或其他组织 商业企业``)."""
        return " ".join(self._column_label_paths.get(key, ())) or key

    @cached_property
    def _row_label_paths(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        for b in self.blocks:
            prefix = (b.title.label,) if b.title else ()
            for p in b.row_paths():
                out[p[-1].key] = prefix + tuple(n.label for n in p if n.label)
        return out

    @cached_property
    def _column_label_paths(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        for b in self.blocks:
            for p in b.column_paths():
                out[p[-1].key] = tuple(n.label for n in p)
        return out

    def column_node(self, key: str) -> Node:
        for b in self.blocks:
            for _, n in walk(b.columns):
                if n.key == key:
                    return n
        raise KeyError(key)


@dataclass(frozen=True)
class Template:
    """A national report format version, e.g. ``2021`` (国办公开办函〔2021〕30号)."""

    version: str
    name: str
    tables: dict[str, TableTemplate] = field(default_factory=dict)
    end_keywords: tuple[str, ...] = ()

    def __getitem__(self, name: str) -> TableTemplate:
        return self.tables[name]

    def __iter__(self) -> Iterator[TableTemplate]:
        return iter(self.tables.values())

    @property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(r for t in self.tables.values() for r in t.rules)

    def __repr__(self) -> str:
        return f"Template({self.version!r}, {self.name!r})"
