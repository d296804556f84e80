"""Rendering synthetic reports as flattened text, in every layout the text reader reads.

>>> import random
>>> import govdisclosure as gd
>>> from govdisclosure.testing.draw import random_report
>>> rep = random_report(random.Random(0))
>>> text = render_text(rep, TextStyle("tab"))
>>> gd.read(text).reviews.shape
(1, 15)
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

from ..schema.model import Node
from .model import PCell, SyntheticReport, occupancy, printed_table

TEXT_LAYOUTS = ("pipe", "markdown", "pipe-cells", "tab", "lines", "blocks")
"""The text layouts that keep every cell apart (``collapsed`` is rendered too, but
loses cell boundaries and blanks: its round trips are exact or flagged)."""

PROSE = (
    "本年度，我单位坚持以公开为常态、不公开为例外，全面推进政务公开工作。",
    "（一）主动公开情况",
    "全年主动公开政府信息1200条，其中政策文件35件。",
    "（二）依申请公开情况",
    "本年度共收到政府信息公开申请{new}件，均已按时答复。",
    "（三）政府信息管理",
    "严格落实保密审查制度，做到先审查后公开。",
)


def prose(report: SyntheticReport) -> list[str]:
    """The prose of section 一, stating the report's own number of new applications."""
    new = report.values.get("applications", {}).get(("new", "total"))
    lines = []
    for line in PROSE:
        if "{new}" in line:
            if not isinstance(new, int):
                continue  # a blank total: the text does not state it either
            line = line.format(new=new)
        lines.append(line)
    return lines


CLOSING = (
    "五、存在的主要问题及改进情况",
    "一是政策解读形式还不够丰富；二是信息发布的及时性有待提高。下一步将加强培训。",
    "六、其他需要报告的事项",
    "本年度未收取信息处理费。",
)
FOOTER = ("关于我们 | 网站声明 | 网站地图", "主办：某县人民政府办公室", "网站标识码：0000000000")
NAVIGATION = ("欢迎访问某县人民政府", "繁體轉換", "设为首页", "加入收藏", "无障碍辅助浏览工具条")


@dataclass(frozen=True)
class TextStyle:
    """How a synthetic report is flattened to text.

    ``layout``: one of :data:`TEXT_LAYOUTS`, or ``collapsed`` (cells run together). ``heading``: ``plain``, ``markdown`` or
    ``bold`` section headings. ``halfwidth``: half-width brackets in labels.
    ``numbering``: ``.`` or ``、`` after item numbers. ``spaced``: spaces inside header
    words (``商业 企业``). ``truncate``: header words that lost their second line
    (``结果`` for ``结果维持``). ``split_words``: header words broken over two lines or
    blocks (stream layouts). ``break_rows``: table rows broken over two lines (row
    layouts). ``shift``: rows whose spanned placeholders moved to the row's end (tab).
    ``lose_blanks``: blank cells vanish instead of printing as empty cells.
    ``seed`` drives the per-cell choices.
    """

    layout: str = "pipe"
    heading: str = "plain"
    halfwidth: bool = False
    numbering: str = "."
    spaced: bool = False
    truncate: bool = False
    split_words: bool = False
    break_rows: bool = False
    shift: bool = False
    lose_blanks: bool = False
    prose: bool = True
    seed: int = 0


_TRUNCATABLE = {"结果维持", "结果纠正", "其他结果", "尚未审结"}


def _labeler(style: TextStyle, rng: random.Random):
    def label(node: Node) -> str:
        text = node.label
        if style.halfwidth:
            text = text.replace("（", "(").replace("）", ")").replace("：", ":").replace("，", ",")
        if style.numbering == "、" and text[:1].isdigit() and text[1:2] == ".":
            text = text[0] + "、" + text[2:]
        if style.truncate and text in _TRUNCATABLE and rng.random() < 0.6:
            text = text[:2]
        elif style.spaced and len(text) == 4 and rng.random() < 0.5:
            text = text[:2] + " " + text[2:]
        return text

    return label


def _heading(number: str, title: str, style: TextStyle) -> str:
    text = f"{number}、{title}"
    if style.heading == "markdown":
        return "## " + text
    if style.heading == "bold":
        return f"**{text}**"
    return text


def _split_word(text: str, rng: random.Random, style: TextStyle) -> list[str]:
    if style.split_words and 4 <= len(text) <= 6 and not text[:1].isdigit() and rng.random() < 0.5:
        k = len(text) // 2
        return [text[:k], text[k:]]
    return [text]


def _flatten(rows: list[list[PCell]], style: TextStyle, rng: random.Random) -> list[str]:
    grid = occupancy(rows)
    lines: list[str] = []
    layout = style.layout
    blank = "" if layout in ("pipe", "markdown", "tab", "pipe-cells") else "\xa0"
    if layout == "collapsed":
        # a naive get_text(): every cell of a row run together, blanks leave nothing,
        # and a row sometimes runs on into the next one
        current = ""
        for row in grid:
            current += "".join(cell.text for cell, origin in row if origin)
            if rng.random() < 0.7:
                lines.append(current)
                current = ""
        if current:
            lines.append(current)
        return lines
    for r, row in enumerate(grid):
        origins = [cell for cell, origin in row if origin]
        covered = sum(1 for _, origin in row if not origin)
        if layout in ("pipe", "markdown", "tab"):
            if layout == "pipe":
                fields = [c.text for c in origins] + [""] * covered
            else:
                fields = [cell.text if origin else "" for cell, origin in row]
                if style.shift and layout == "tab" and rng.random() < 0.3:
                    lead = 0
                    while lead < len(fields) and not fields[lead] and not row[lead][1]:
                        lead += 1
                    fields = fields[lead:] + [""] * lead
            if style.break_rows and len(fields) > 4 and rng.random() < 0.15:
                cut = rng.randint(2, len(fields) - 1)
                parts = [fields[:cut], fields[cut:]]
            else:
                parts = [fields]
            for part in parts:
                if layout == "tab":
                    lines.append("\t".join(part))
                elif layout == "pipe":
                    lines.append(" | ".join(part) + " |")
                else:
                    lines.append("| " + " | ".join(part) + " |")
            if layout == "markdown" and r == 0:
                lines.append("|" + "---|" * len(row))
            continue
        for j, cell in enumerate(origins):
            last = j == len(origins) - 1
            if cell.key is not None and cell.text == "":
                if style.lose_blanks:
                    continue
                pieces = [blank]
            else:
                pieces = _split_word(cell.text, rng, style) if cell.header else [cell.text]
            if layout == "pipe-cells":
                for p in pieces:
                    lines.append(f"{p} |")
                if last and covered:
                    lines[-1] += " " + "|" * covered
            elif layout == "lines":
                lines.extend(pieces)
            else:  # blocks
                if len(pieces) > 1 and rng.random() < 0.5:
                    lines.extend(["\n".join(pieces), ""])
                else:
                    for p in pieces:
                        lines.extend([p, ""])
    return lines


def render_text(report: SyntheticReport, style: TextStyle = TextStyle()) -> str:
    """The report as flattened text in ``style``.

    Table cells hold the values formatted plainly; blank cells (None) print as
    empty fields, or as a no-break space in one-cell-per-line layouts.
    """
    rng = random.Random(style.seed)
    tpl = report.tpl
    label = _labeler(style, rng)
    out: list[str] = []
    if style.layout == "blocks" and style.prose:
        out += [x for n in NAVIGATION for x in (n, "")]
    out.append(f"{report.agency}{report.year}年政府信息公开工作年度报告")
    out.append("")
    if style.prose:
        out.append(_heading("一", "总体情况", style))
        out.extend(prose(report))
    for table in tpl:
        out.append(_heading(table.number, table.title, style))
        if style.layout == "blocks":
            out.append("")
        rows = printed_table(table, report.values.get(table.name, {}), label)
        out.extend(_flatten(rows, style, rng))
        out.append("")
    if style.prose:
        out.extend(CLOSING)
        if style.layout == "blocks":
            out += [x for n in FOOTER for x in (n, "")]
    text = "\n".join(out) + "\n"
    if style.halfwidth:
        text = text.replace("“", '"').replace("”", '"')
    return unicodedata.normalize("NFC", text)
