"""The report's own arithmetic chooses among the readings of rows that have several,
and the placed values are written into the table; rows still in doubt are reported.
"""

from __future__ import annotations

import math

from ..findings import Finding
from ..schema.model import CellKey, Rule, TableTemplate
from ..values import PARSED, CellValue, parse_value
from .model import BLANK, Extraction, Placed, RowPlan


def _score(rules: list[Rule], values: dict[CellKey, float]) -> tuple[int, int]:
    """(violated, holding) rules among those all of whose cells have values."""
    violated = holding = 0
    get = values.__getitem__
    for r in rules:
        try:
            lhs = sum(map(get, r.lhs))
            rhs = sum(map(get, r.rhs))
        except KeyError:
            continue
        if math.isnan(lhs) or math.isnan(rhs):
            continue
        if abs(lhs - rhs) < 1e-6:
            holding += 1
        else:
            violated += 1
    return violated, holding


def _violations(rules: list[Rule], values: dict[CellKey, float]) -> int:
    return _score(rules, values)[0]


def _pair_moves(plans: list[RowPlan], touching: dict[str, list[Rule]], values: dict[CellKey, float]) -> None:
    """Change two rows' readings at once while that removes broken rules.

    One row at a time cannot leave a reading that only a second row's change makes
    right (two rows cut wrongly in the same column); trying pairs among the rows still
    touching a broken rule finds it. Bounded: few rows have several readings left.
    """
    for _ in range(4):
        broken = {r.name: r for p in plans for r in touching.get(p.key, []) if _score([r], values)[0]}
        if not broken:
            return
        suspects = [p for p in plans if any(r in broken.values() for r in touching.get(p.key, []))][:24]
        improved = False
        for a in range(len(suspects)):
            for b in range(a + 1, len(suspects)):
                p, q = suspects[a], suspects[b]
                if len(p.candidates) * len(q.candidates) > 400:
                    continue
                rules = list({id(r): r for r in touching.get(p.key, []) + touching.get(q.key, [])}.values())
                now = _violations(rules, values)
                best = (now, p.chosen, q.chosen)
                for i in range(len(p.candidates)):
                    for j in range(len(q.candidates)):
                        # tried in place: every reading of a row sets the same cells
                        values.update(p.values(i))
                        values.update(q.values(j))
                        v = _violations(rules, values)
                        if v < best[0]:
                            best = (v, i, j)
                values.update(p.values(p.chosen))
                values.update(q.values(q.chosen))
                if best[0] < now:
                    p.chosen, q.chosen = best[1], best[2]
                    values.update(p.values(p.chosen))
                    values.update(q.values(q.chosen))
                    improved = True
        if not improved:
            return


def resolve(plans: list[RowPlan], table: TableTemplate, ex: Extraction) -> None:
    """Choose each row's reading: first by the table's arithmetic (every rule, with the
    other rows as currently read), then by the layout conventions, then by order.
    Rows left with several equally good readings get an ``ambiguous_placement``."""
    open_plans = [p for p in plans if len(p.candidates) > 1]
    for p in open_plans:  # a row with one reading keeps it (chosen = 0)
        p.chosen = max(range(len(p.candidates)), key=lambda i: (p.fit[i], -i))
    unresolved: set[str] = set()
    if open_plans or any(p.how == "segmented" for p in plans):
        # only rows with several readings need the arithmetic
        unresolved = _choose(plans, open_plans, table, ex)
    _place(plans, unresolved, table, ex)


def _choose(plans: list[RowPlan], open_plans: list[RowPlan], table: TableTemplate, ex: Extraction) -> set[str]:
    """Pick the readings of rows with several by the rules; returns the rows left
    unresolved (run-together rows no cut of which the totals single out)."""
    values: dict[CellKey, float] = {}
    for p in plans:
        values.update(p.values(p.chosen))
    touching = table.rules_by_row

    def ranked(p: RowPlan) -> list[tuple[tuple[float, float, float, int], int]]:
        # fewest violated rules first; then the layout's own conventions; then the
        # most rules holding (a wrong reading may make more rules checkable, and
        # with small counts they hold by chance, so that only breaks ties)
        rules = touching.get(p.key, [])
        out = []
        for i in range(len(p.candidates)):
            # tried in place (every reading of a row sets the same cells), then put back
            values.update(p.values(i))
            violated, holding = _score(rules, values)
            out.append(((-float(violated), p.fit[i], float(holding), -i), i))
        values.update(p.values(p.chosen))
        return sorted(out, reverse=True)

    for _ in range(3):
        changed = False
        for p in open_plans:
            best = ranked(p)[0][1]
            if best != p.chosen:
                p.chosen = best
                values.update(p.values(best))
                changed = True
        if not changed:
            break
    _pair_moves(open_plans, touching, values)
    unresolved: set[str] = set()
    for p in [q for q in plans if q.how == "segmented"]:
        order = ranked(p)
        top = order[0][0]
        tied = [i for s, i in order if s[:3] == top[:3]]
        cells = tuple((p.key, c.key) for c in p.cols if c.key)
        # a rule still broken leaves a row with other cuts in doubt; a row with a
        # single cut keeps it (the broken total is then the source's, and reported)
        if len(tied) > 1 or (top[0] < 0 and len(p.candidates) > 1):
            unresolved.add(p.key)
        elif (top[2] < 1 and touching.get(p.key)) or p.lost[order[0][1]] or top[0] < 0 or len(p.candidates) > 1:
            # placed, but nothing checkable confirms this cut: chosen among several by
            # the column totals (two rows cut wrongly can balance each other out), a
            # blank involved, no rule for the row, or a blank assumed lost: say so
            ex.findings.append(
                Finding(
                    "extraction_doubt",
                    "placement_by_arithmetic",
                    table.name,
                    f"{table.row_name(p.key)}: run-together digits cut into cells, but the totals do not confirm the cut",
                    cells=cells,
                    candidates=p.readings([i for _, i in order[:20]]),
                    location=p.fields[0].loc.describe() if p.fields else "",
                )
            )
            continue
        if p.key in unresolved:
            why = (
                f"{len(tied)} cuts fit every rule equally"
                if len(tied) > 1
                else "every cut breaks a total (the source's own numbers disagree)"
            )
            ex.findings.append(
                Finding(
                    "extraction_doubt",
                    "unresolved_row",
                    table.name,
                    f"{table.row_name(p.key)}: its run-together digits stay unplaced: {why}",
                    cells=cells,
                    candidates=p.readings(tied[:20]),
                    location=p.fields[0].loc.describe() if p.fields else "",
                )
            )
        else:
            # the cut fits every total, but a blank cell leaves no trace in run-together
            # text: a cut fitting by coincidence cannot be ruled out, so it is said
            ex.findings.append(
                Finding(
                    "extraction_doubt",
                    "segmented",
                    table.name,
                    f"{table.row_name(p.key)}: run-together digits cut into cells by the report's totals "
                    "(blank cells leave no trace in such text)",
                    cells=cells,
                )
            )
    for p in open_plans:
        if p.how == "segmented":
            continue
        order = ranked(p)
        top = order[0][0][:3]
        tied = [i for s, i in order if s[:3] == top]
        cells = tuple((p.key, c.key) for c in p.cols if c.key)
        if len(tied) > 1:
            ex.findings.append(
                Finding(
                    "extraction_doubt",
                    "ambiguous_placement",
                    table.name,
                    f"{table.row_name(p.key)}: {len(tied)} placements of its values fit the layout and the totals "
                    "equally; the first was taken",
                    cells=cells,
                    candidates=p.readings(tied[:20]),
                    location=p.fields[0].loc.describe() if p.fields else "",
                )
            )
        elif p.how == "arithmetic" or (p.lost and p.lost[p.chosen]):
            ex.findings.append(
                Finding(
                    "extraction_doubt",
                    "placement_by_arithmetic",
                    table.name,
                    f"{table.row_name(p.key)}: blank cells lost by the layout were placed where the report's totals hold",
                    cells=cells,
                    location=p.fields[0].loc.describe() if p.fields else "",
                )
            )
    return unresolved


def _place(plans: list[RowPlan], unresolved: set[str], table: TableTemplate, ex: Extraction) -> None:
    values = ex.values
    parsed = PARSED.get
    for p in plans:
        if p.key in unresolved:
            run = p.raw
            ex.unplaced.append(
                Placed(p.key, "", CellValue("text", math.nan, run), p.fields[0] if p.fields else None, "unresolved")
            )
            for c in p.cols:
                if c.key:
                    ex.values[(p.key, c.key)] = Placed(
                        p.key, c.key, CellValue("text", math.nan, run), None, "unresolved"
                    )
            continue
        key, fields, how = p.key, p.fields, p.how
        # the template's own key tuples (a group column's key is not among them)
        keys = table.cell_key_map.get(key, {})
        for c, f in zip(p.cols, p.candidates[p.chosen]):
            ck = c.key
            if ck is None:
                if f is not None:
                    ex.unplaced.append(Placed(key, f"unknown:{c.text}", parse_value(fields[f].text), fields[f], how))
            elif f is None:
                values[keys.get(ck) or (key, ck)] = Placed(key, ck, BLANK, None, how)
            else:
                cell = fields[f]
                text = cell.text
                values[keys.get(ck) or (key, ck)] = Placed(key, ck, parsed(text) or parse_value(text), cell, how)
