"""Drawing synthetic reports: consistent values, blanks, deliberate inconsistencies.

The drawing logic is plain Python over a ``draw_int(lo, hi)``-style source of
choices, so hypothesis strategies (:mod:`govdisclosure.testing.strategies`) and a
seeded ``random.Random`` (benchmarks, examples) share it.

    >>> import random
    >>> rep = random_report(random.Random(1))
    >>> rep.values["reviews"][("count", "review.total")] == sum(
    ...     rep.values["reviews"][("count", f"review.{k}")] for k in ("maintained", "corrected", "other", "pending"))
    True
"""

from __future__ import annotations

import random
from collections.abc import Callable

from ..schema import get_template
from ..schema.model import CellKey
from .model import SyntheticReport, Values

Chooser = Callable[[int, int], int]
"""``choose(lo, hi)`` returns an int in [lo, hi]: hypothesis' draw or random.randint."""

AGENCIES = ("灌南县北陈集镇", "咸阳市秦都区", "德归镇", "原州区三营镇", "法库县柏家沟镇", "淮安市", "某省交通运输厅")


def _small(choose: Chooser, hi: int) -> int:
    # reports are mostly zeros with a few large counts
    kind = choose(0, 9)
    if kind < 5:
        return 0
    if kind < 9:
        return choose(1, max(1, hi // 5))
    return choose(1, hi)


def draw_values(choose: Chooser, template: str = "2021", max_value: int = 300) -> dict[str, Values]:
    """Consistent values for every cell of every table (no blanks)."""
    tpl = get_template(template)
    out: dict[str, Values] = {}

    active: Values = {}
    for rk, ck in tpl["active"].cell_keys():
        if ck == "fee_amount" and choose(0, 2) == 0:
            active[(rk, ck)] = choose(0, 99999) / 10
        else:
            active[(rk, ck)] = _small(choose, max_value * 10)
    out["active"] = active

    apps = tpl["applications"]
    block = apps.blocks[0]
    cols = [leaf.key for c in block.columns for leaf in c.leaves() if leaf.key != "total"]
    results = next(n for n in block.rows if n.key == "results")
    outcome_rows = [leaf.key for leaf in results.leaves() if leaf.key != "results.total"]
    a: Values = {}
    for c in cols:
        total = 0
        for r in outcome_rows:
            v = _small(choose, max_value)
            a[(r, c)] = v
            total += v
        forward = _small(choose, max_value)
        carried = choose(0, total + forward)
        a[("results.total", c)] = total
        a[("carried_forward", c)] = forward
        a[("carried_over", c)] = carried
        a[("new", c)] = total + forward - carried
    for r in dict.fromkeys(rk for rk, _ in apps.cell_keys()):
        a[(r, "total")] = sum(int(a[(r, c)]) for c in cols)  # type: ignore[arg-type]
    out["applications"] = a

    rv: Values = {}
    for b in ("review", "litigation_direct", "litigation_after_review"):
        parts = [_small(choose, max_value) for _ in range(4)]
        for k, v in zip(("maintained", "corrected", "other", "pending"), parts):
            rv[("count", f"{b}.{k}")] = v
        rv[("count", f"{b}.total")] = sum(parts)
    out["reviews"] = rv
    return out


def blank_cells(values: dict[str, Values], choose: Chooser, max_blanks: int = 6) -> list[tuple[str, CellKey]]:
    """Blank some cells (set them to None), as real reports leave cells empty.

    Sometimes a whole block of table 4 is left blank, as in seed 003.
    """
    blanked: list[tuple[str, CellKey]] = []
    if choose(0, 5) == 0:
        for k in list(values["reviews"]):
            if k[1].startswith("review."):
                values["reviews"][k] = None
                blanked.append(("reviews", k))
    keys = [(t, k) for t in values for k in values[t]]
    for _ in range(choose(0, max_blanks)):
        t, k = keys[choose(0, len(keys) - 1)]
        values[t][k] = None
        blanked.append((t, k))
    return blanked


def perturb(values: dict[str, Values], choose: Chooser) -> tuple[str, CellKey]:
    """Make the report inconsistent: add a non-zero amount to one printed count."""
    keys = [(t, k) for t in ("applications", "reviews") for k, v in values[t].items() if isinstance(v, int)]
    t, k = keys[choose(0, len(keys) - 1)]
    values[t][k] = int(values[t][k]) + choose(1, 9)  # type: ignore[arg-type]
    return t, k


def random_report(rng: random.Random, *, blanks: bool = False, template: str = "2021") -> SyntheticReport:
    """A drawn report from a seeded ``random.Random`` (for benchmarks and examples)."""
    choose = rng.randint
    values = draw_values(choose, template)
    if blanks:
        blank_cells(values, choose)
    return SyntheticReport(
        agency=AGENCIES[choose(0, len(AGENCIES) - 1)], year=choose(2021, 2025), template=template, values=values
    )
