"""The public entry points: :func:`read`, :func:`read_text` and :func:`check`."""

from __future__ import annotations

from collections import Counter
from operator import attrgetter

from .align import Extraction, align_table
from .checks import evaluate, prose_claims, sanity
from .collector import pausing
from .document import Document
from .errors import NoTablesFoundError, UnsupportedSourceError
from .findings import Finding
from .grid import Grid, stitch
from .labels import best_of, normalize
from .limits import Limits, current, using, within
from .matching import STRONG
from .meta import extract_meta
from .readers.docx import read_doc, read_docx
from .readers.html import decode_html, read_html
from .readers.pdf import read_pdf
from .readers.text import drop_running_lines, grid_from_lines, text_lines
from .report import Report
from .schema import TEMPLATES, Template, get_template
from .schema.model import CellKey, TableTemplate
from .script import is_traditional, to_simplified
from .sections import find_sections, sections_by_content, split_headings, table_affinity
from .sources import SourceLike, load


def read(
    source: SourceLike,
    *,
    layout: str | None = None,
    template: str | Template | None = None,
    encoding: str | None = None,
    password: str | None = None,
    backend: str = "pdfplumber",
    timeout: float | None = None,
    limits: Limits | None = None,
) -> Report:
    """Read one annual report and extract its tables 2, 3 and 4.

    Parameters
    ----------
    source
        A path (``str`` or ``Path``), the report's text (``str``), raw bytes, or a
        file object. Text, HTML, PDF and Word (``.docx``; ``.doc`` with LibreOffice)
        are recognised by extension or content.
    layout
        Force a text layout (``pipe``, ``markdown``, ``pipe-cells``, ``tab``,
        ``lines``, ``blocks``) instead of detecting it per table.
    template
        Force a national format version (``"2019"``, ``"2021"``) or a
        :class:`Template`. By default each table is read with every known format and
        the one that fits is kept (``report.table_versions``); the report's year
        only breaks ties.
    encoding
        Force a text encoding instead of detecting UTF-8 / GB18030.
    password
        The password of an encrypted PDF.
    backend
        PDF table finder: ``pdfplumber`` (default), ``pdfium`` (fast) or ``camelot``
        (optional extra). See :func:`govdisclosure.readers.pdf.read_pdf`.
    timeout
        Seconds the read may take before :class:`~govdisclosure.errors.DocumentTimeout`
        is raised (None: no limit), in any thread (:mod:`govdisclosure.limits`).
    limits
        The bounds the readers keep (:class:`~govdisclosure.limits.Limits`: file size,
        pages, table rows, …); the defaults fit every real report.

    Raises
    ------
    GovDisclosureError
        A subclass naming what is wrong: empty input, undecodable bytes, no tables.

    Examples
    --------
    >>> import govdisclosure as gd
    >>> from govdisclosure.testing import example_text
    >>> report = gd.read(example_text())
    >>> int(report.applications.loc[("一、本年新收政府信息公开申请数量", "", ""), ("总计", "")])
    1045
    """
    args = (source, layout, template, encoding, password, backend, limits)
    return within(timeout, _read, *args) if timeout is not None else _read(*args)


def _read(
    source: SourceLike,
    layout: str | None,
    template: str | Template | None,
    encoding: str | None,
    password: str | None,
    backend: str,
    limits: Limits | None = None,
) -> Report:
    """:func:`read` without its time limit (what a worker process runs)."""
    with using(limits):
        tpl = candidates(template)
        src = load(source, encoding=encoding)
        if src.kind == "text":
            assert src.text is not None
            return read_text(src.text, layout=layout, template=tpl, name=src.name)
        if src.kind == "html":
            content = src.text if src.text is not None else src.data
            assert content is not None
            return read_html_report(content, template=tpl, name=src.name, layout=layout)
        if src.kind == "pdf":
            assert src.data is not None
            doc = read_pdf(src.data, password=password, backend=backend)
            return report_from_document(doc, tpl, name=src.name, layout=layout)
        if src.kind in ("docx", "doc"):
            assert src.data is not None
            doc = read_docx(src.data) if src.kind == "docx" else read_doc(src.data)
            return report_from_document(doc, tpl, name=src.name, layout=layout)
        raise UnsupportedSourceError(f"{src.name}: {src.kind} sources are not supported")


def read_html_report(
    source: str | bytes,
    *,
    template: str | Template | list[Template] | None = None,
    name: str = "<html>",
    layout: str | None = None,
) -> Report:
    """Extract the tables of a report published as a web page (HTML text or bytes).

    Tables are found under their section headings; a table broken into several
    ``<table>`` fragments is stitched; a table whose heading is missing is found by
    its content. A section holding no ``<table>`` (a page whose table was pasted as
    paragraphs) is read as flattened text.

    >>> page = "<p>四、政府信息公开行政复议、行政诉讼情况</p><table>" + "<tr>" + "".join(
    ...     f"<td>{t}</td>" for t in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]) + "</tr></table>"
    >>> read_html_report(page).missing_tables
    ['active', 'applications']
    """
    page = decode_html(source) if isinstance(source, bytes) else source
    traditional = is_traditional(page)
    if traditional:
        page = to_simplified(page, name=name)
    report = report_from_document(read_html(page), candidates(template), name=name, layout=layout)
    if traditional:
        report.findings.append(_TRADITIONAL)
    return report


def candidates(template: str | Template | list[Template] | None) -> list[Template]:
    """The templates to try: all known formats, or the one named (newest first)."""
    if template is None:
        return sorted(TEMPLATES.values(), key=lambda t: t.version, reverse=True)
    if isinstance(template, list):
        return template
    return [get_template(template)]


def report_from_document(
    doc: Document, template: Template | list[Template], *, name: str, layout: str | None = None
) -> Report:
    """Build a report from a reader's :class:`~govdisclosure.document.Document`.

    Each table's fragments are the grids whose markers fall under its heading; a table
    whose heading is missing is looked for among the remaining grids by content; a
    section holding no grid is read as flattened text.
    """
    templates = template if isinstance(template, list) else [template]
    tpl = templates[0]  # headings and table labels are close enough across formats to find the tables
    sections = find_sections(doc.lines, tpl)
    grids: dict[str, Grid | None] = {}
    claimed: set[int] = set()
    for table in tpl:
        span = sections.get(table.name)
        if span is None:
            grids[table.name] = None
            continue
        part = doc.lines[span[0] : span[1]]
        frags = [i for i in (doc.marker_index(x) for x in part) if i is not None]
        frags = [i for i in frags if _belongs(doc.grids[i], table.name, tpl)]
        claimed.update(frags)
        if frags:
            grids[table.name] = stitch([doc.grids[i] for i in frags])
        else:
            numbered = [(k + 1, x) for k, x in enumerate(part) if doc.marker_index(x) is None]
            grids[table.name] = grid_from_lines(numbered, layout) if numbered else None
    for table in tpl:
        if grids.get(table.name) is None:
            frags = [
                i for i, g in enumerate(doc.grids) if i not in claimed and _belongs(g, table.name, tpl, strict=True)
            ]
            claimed.update(frags)
            if frags:
                grids[table.name] = stitch([doc.grids[i] for i in frags])
    meta = extract_meta(doc.lines)
    first = min((span[0] for span in sections.values()), default=len(doc.lines))
    prose = [x for x in doc.lines[:first] if doc.marker_index(x) is None]
    report = assemble(grids, templates, name=name, meta=meta, prose=prose)
    for note, times in Counter(doc.notes).items():
        said = note if times == 1 else f"{note} ({times} times)"
        report.findings.append(Finding("extraction_doubt", "markup_repaired", "", said))
    return report


def _belongs(grid: Grid, name: str, template: Template, strict: bool = False) -> bool:
    """Whether a grid's labels point to table ``name`` (strict: it must, loosely: no
    other table may claim it more)."""
    affinity = table_affinity([c.text for c in grid.cells if not c.is_empty], template)
    best = max(affinity.values())
    if strict:
        return best >= 3 and affinity[name] == best
    return affinity[name] == best or best < 3


@pausing
def read_text(
    text: str,
    *,
    layout: str | None = None,
    template: str | Template | list[Template] | None = None,
    name: str = "<text>",
) -> Report:
    """Extract the tables of a report given as flattened text.

    >>> from govdisclosure.testing import example_text
    >>> read_text(example_text(), layout="pipe").reviews.shape
    (1, 15)
    """
    templates = candidates(template)
    traditional = is_traditional(text)
    if traditional:
        text = to_simplified(text, name=name)
    raw = text_lines(text)
    # a whole report run together on one line has some 100,000 characters; a longer line
    # is an inlined image or a hostile input. A table's section has a few dozen rows.
    limits = current()
    long_lines = [i for i, line in enumerate(raw) if len(line) > limits.max_line_chars]
    for i in long_lines:  # an inlined image, a hostile line: no heading or row is that long
        raw[i] = ""
    # numbered lines, a heading inside a line (a one-line crawl) put on a line of its own
    lines = split_headings(drop_running_lines(list(enumerate(raw, 1)), text), templates[0])
    texts = [line for _, line in lines]
    sections = find_sections(texts, templates[0])
    sections_by_content(texts, sections, templates[0])
    grids: dict[str, Grid | None] = {}
    cut_short: list[str] = []
    for table in templates[0]:
        span = sections.get(table.name)
        if span and span[1] - span[0] > limits.max_section_lines:
            span = (span[0], span[0] + limits.max_section_lines)  # no report's table is that long
            cut_short.append(
                f"table {table.number}'s section was read to its first {limits.max_section_lines} lines only"
            )
        grids[table.name] = grid_from_lines(lines[span[0] : span[1]], layout) if span else None
    meta = extract_meta(texts)
    first = min((span[0] for span in sections.values()), default=len(texts))
    report = assemble(grids, templates, name=name, meta=meta, prose=texts[:first])
    if traditional:
        report.findings.append(_TRADITIONAL)
    report.findings.extend(Finding("extraction_doubt", "section_cut_short", "", note) for note in cut_short)
    for i in long_lines:
        report.findings.append(
            Finding(
                "info",
                "line_skipped",
                "",
                f"line {i + 1} was skipped: {limits.max_line_chars}+ characters, no table row",
            )
        )
    return report


_TRADITIONAL = Finding(
    "info", "traditional_script", "", "the report is printed in Traditional Chinese: its labels were read as Simplified"
)


def _same_everywhere(name: str, templates: list[Template]) -> bool:
    """True when table ``name`` has the same rows, columns and labels in every template."""
    # asked for every report, of the same few templates: answered once per set of them
    key = (name, tuple(map(id, templates)))
    hit = _SAME.get(key)
    if hit is not None and all(a is b for a, b in zip(hit[0], templates)):
        return hit[1]
    tables = [t[name] for t in templates if name in t.tables]
    same = bool(tables) and all(
        _same_items(t.row_label_paths(), tables[0].row_label_paths())
        and _same_items(t.column_label_paths(), tables[0].column_label_paths())
        for t in tables[1:]
    )
    if len(_SAME) >= 256:
        _SAME.clear()
    _SAME[key] = (tuple(templates), same)  # the templates kept: their ids stay theirs
    return same


_SAME: dict[tuple[str, tuple[int, ...]], tuple[tuple[Template, ...], bool]] = {}


def _same_items(a: dict, b: dict) -> bool:
    """Equal dicts in the same order."""
    return a is b or (len(a) == len(b) and all(x == y for x, y in zip(a.items(), b.items())))


def _perfect(ex: Extraction) -> bool:
    """Nothing absent, unplaced or doubtful: no other format can fit better."""
    return ex.found and not ex.unplaced and not any(f.kind in ("extraction_doubt", "missing") for f in ex.findings)


def _fit(ex: Extraction) -> tuple[float, float]:
    """How well a table's extraction fits its template: first its labels (matched,
    less three times those matching nothing), then its values (placed, less what could
    not be placed or was doubtful). Labels come first: a layout that makes values
    doubtful does so under every format, a label the format lacks does not."""
    labels = ex.labels_matched - 3 * ex.labels_unmatched
    placed = sum(1 for p in ex.values.values() if p.value.kind != "absent")
    doubts = sum(1 for f in ex.findings if f.kind == "extraction_doubt")
    return labels, placed - 2 * len(ex.unplaced) - 2 * doubts


@pausing
def assemble(
    grids: dict[str, Grid | None],
    template: Template | list[Template],
    *,
    name: str,
    meta: dict | None = None,
    prose: list[str] | None = None,
) -> Report:
    """Align each table's grid with the template, check the arithmetic, build the Report.

    Readers call this with one grid per table name (None for a table not found), and
    the prose before the first table (checked against the tables' totals). With
    several candidate templates, each table is aligned with every one and the best fit
    is kept (a table fitting two formats equally takes the format most tables fit,
    then the one the report's year suggests): a report mixing the 2021 table 2 with a
    2019-style table 3 is read table by table.
    """
    cands = template if isinstance(template, list) else [template]
    year = (meta or {}).get("year")
    if year is not None and len(cands) > 1:
        # the year only orders the trials: the tables decide
        cands = sorted(cands, key=lambda t: (t.version == "2019") != (year <= 2020))
    extractions: dict[str, Extraction] = {}
    versions: dict[str, str] = {}
    doubtful: dict[str, dict[str, Extraction]] = {}  # tables no format reads perfectly: every trial
    names = list(dict.fromkeys(t.name for tpl in cands for t in tpl))
    for name_ in names:
        ex, version, trials = _best_format(grids.get(name_), name_, cands)
        extractions[name_], versions[name_] = ex, version
        if trials:
            doubtful[name_] = trials
    _doubtful_tables_take_report_format(grids, extractions, versions, doubtful, cands)
    # a table printed alike in every format (table 4) says nothing about the format
    telling = {n: v for n, v in versions.items() if not _same_everywhere(n, cands)}
    counts = {tpl.version: sum(1 for v in telling.values() if v == tpl.version) for tpl in cands}
    primary = max(cands, key=lambda t: counts[t.version])  # ties: the first in trial order
    for n in versions:
        if n not in telling and n in primary.tables:
            versions[n] = primary.version
    table_templates = {n: next(t for t in cands if t.version == v)[n] for n, v in versions.items()}
    if not any(ex.found for ex in extractions.values()):
        titles = ", ".join(t.title for t in primary)
        raise NoTablesFoundError(f"{name}: none of the report's tables ({titles}) was found")
    findings: list[Finding] = []
    for ex in extractions.values():
        findings.extend(ex.findings)
    found_values = _found_values(extractions)
    findings.extend(_rule_findings(extractions, table_templates, found_values))
    for n, vals in found_values.items():
        findings.extend(sanity(n, vals, table_templates[n]))
    if prose:
        findings.extend(prose_claims(prose, found_values))
    layouts = sorted({ex.source for ex in extractions.values() if ex.source})
    meta = dict(meta or {})
    meta["template"] = primary.version
    return Report(
        name,
        primary,
        extractions,
        findings,
        meta=meta,
        layout=",".join(layouts),
        table_templates=table_templates,
        table_versions=versions,
    )


def _best_format(grid: Grid | None, name: str, cands: list[Template]) -> tuple[Extraction, str, dict[str, Extraction]]:
    """Table ``name`` aligned with each format in turn: the first that reads it perfectly,
    else the best fit; with every trial when none was perfect."""
    best: tuple[tuple[float, float, int], Extraction, str] | None = None
    trials: dict[str, Extraction] = {}
    for rank, tpl in enumerate(cands):
        if name not in tpl.tables:
            continue
        ex = align_table(grid, tpl[name])
        if _perfect(ex):
            return ex, tpl.version, {}  # no other format can fit better: no score needed
        trials[tpl.version] = ex
        score = (*_fit(ex), -rank)
        if best is None or score > best[0]:
            best = (score, ex, tpl.version)
    assert best is not None
    return best[1], best[2], trials if len(trials) > 1 else {}


def _own_labels_printed(grids: dict[str, Grid | None], names: list[str], cands: list[Template]) -> dict[str, int]:
    """For each format, how many distinct texts of tables ``names`` are labels that only
    this format has (``本年新制作数量`` is 2019's, ``本年制发件数`` 2021's)."""
    labels = {tpl.version: {normalize(lab) for t in tpl for b in t.blocks for lab in b.label_union} for tpl in cands}
    own = {
        v: tuple(lab for lab in labs if all(lab not in labels[o] for o in labels if o != v))
        for v, labs in labels.items()
    }
    texts: set[str] = set()
    for name in names:
        grid = grids.get(name)
        if grid is not None:
            texts.update(c.text for c in grid.cells if not c.is_empty)
    return {v: sum(1 for text in texts if own[v] and best_of(text, own[v]) >= STRONG) for v in own}


def _doubtful_tables_take_report_format(
    grids: dict[str, Grid | None],
    extractions: dict[str, Extraction],
    versions: dict[str, str],
    doubtful: dict[str, dict[str, Extraction]],
    cands: list[Template],
) -> None:
    """Tables that no format reads without doubt (a lossy layout) take the report's
    format: the one of the tables read perfectly, else the one that fits those doubtful
    tables best together. A table's own best fit among bad readings is a weak sign, and
    the wrong format's reading hides every cell of the right one (no finding can name
    them)."""
    sure = [
        versions[n]
        for n in versions
        if n not in doubtful and extractions[n].found and not _same_everywhere(n, cands)  # table 4 tells nothing
    ]
    if sure:
        report_format = max(sure, key=sure.count)
    else:
        # the labels only one format has, printed anywhere in those tables, first: the
        # readings of a scrambled text say little, its words say which format it is
        own = _own_labels_printed(grids, list(doubtful), cands)
        together = {
            tpl.version: (
                own[tpl.version],
                *map(sum, zip(*(_fit(trials[tpl.version]) for trials in doubtful.values() if tpl.version in trials))),
            )
            for tpl in cands
        }
        report_format = max(together, key=lambda v: together[v])  # ties: the first in trial order
    for name, trials in doubtful.items():
        if report_format in trials and extractions[name].found:
            extractions[name], versions[name] = trials[report_format], report_format


def _found_values(extractions: dict[str, Extraction]) -> dict[str, dict[CellKey, float]]:
    """Each found table's numbers by cell key (NaN where there is none)."""
    return {n: dict(zip(ex.values, map(_NUMBER, ex.values.values()))) for n, ex in extractions.items() if ex.found}


_NUMBER = attrgetter("value.value")


def _rule_findings(
    extractions: dict[str, Extraction],
    tables: dict[str, TableTemplate],
    found_values: dict[str, dict[CellKey, float]],
) -> list[Finding]:
    out: list[Finding] = []
    for name, values in found_values.items():
        failed = evaluate(tables[name].rules, values)
        if failed:
            # which failures touch a placement that was inferred: asked only when some fail
            ex = extractions[name]
            ambiguous = {c for f in ex.findings if f.code == "ambiguous_placement" for c in f.cells}
            doubtful = {
                (name, key)
                for key, p in ex.values.items()
                if ex.traceless or p.how in ("arithmetic", "row order") or key in ambiguous
            }
            failed = evaluate(tables[name].rules, values, doubtful)
        out.extend(failed)
    return out


def check(report: Report) -> list[Finding]:
    """Re-run the consistency rules on a report's values and return the findings.

    >>> import govdisclosure as gd
    >>> from govdisclosure.testing import example_text
    >>> gd.check(gd.read(example_text()))
    []
    """
    return _rule_findings(report.extractions, report.table_templates, _found_values(report.extractions))
