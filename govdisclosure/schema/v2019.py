"""The 2019 national format, in force for the reports on 2019 and 2020.

Differences from 2021 (:mod:`govdisclosure.schema.v2021`): table 2 counts documents
made and published (第二十条第（一）项), items and their yearly change (（五）, （六）, （八）)
and has a fifth block for government procurement (第二十条第（九）项); table 3 prints
（六）其他处理 as a single row. Wherever a cell means the same thing in both formats it
has the same key (``results.denied.state_secret``, ``decisions``, …), so a 2019–2024
panel lines up; ``results.other`` is a row here and the parent of three rows in 2021.
"""

from __future__ import annotations

from .model import Block, Node
from .v2021 import RESULT_ROWS, national_template

N = Node


def _items_columns(with_decisions: bool = True) -> tuple[Node, ...]:
    cols = (
        N("prior_items", "上一年项目数量", ("上年项目数量",)),
        N("change", "本年增/减", ("本年增减", "本年增/减数量")),
    )
    if with_decisions:
        cols += (N("decisions", "处理决定数量", ("本年处理决定数量",)),)
    return cols


ACTIVE_BLOCKS_2019 = (
    Block(
        key="art20_1",
        title=N("art20_1", "第二十条第（一）项", ("第二十条第一项",)),
        captions=("信息内容",),
        rows=(
            N("art20_1.rules", "规章"),
            N("art20_1.normative_documents", "规范性文件", ("行政规范性文件",)),
        ),
        columns=(
            N("made", "本年新制作数量", ("本年新制作",)),
            N("published", "本年新公开数量", ("本年新公开",)),
            N("total_published", "对外公开总数量", ("对外公开总数",)),
        ),
    ),
    Block(
        key="art20_5",
        title=N("art20_5", "第二十条第（五）项", ("第二十条第五项",)),
        captions=("信息内容",),
        rows=(
            N("art20_5.licensing", "行政许可"),
            N("art20_5.other_services", "其他对外管理服务事项"),
        ),
        columns=_items_columns(),
    ),
    Block(
        key="art20_6",
        title=N("art20_6", "第二十条第（六）项", ("第二十条第六项",)),
        captions=("信息内容",),
        rows=(N("art20_6.penalties", "行政处罚"), N("art20_6.coercion", "行政强制")),
        columns=_items_columns(),
    ),
    Block(
        key="art20_8",
        title=N("art20_8", "第二十条第（八）项", ("第二十条第八项",)),
        captions=("信息内容",),
        rows=(N("art20_8.fees", "行政事业性收费"),),
        columns=_items_columns(with_decisions=False),
    ),
    Block(
        key="art20_9",
        title=N("art20_9", "第二十条第（九）项", ("第二十条第九项",)),
        captions=("信息内容",),
        rows=(N("art20_9.procurement", "政府集中采购"),),
        columns=(
            N("procurement_items", "采购项目数量"),
            N("procurement_amount", "采购总金额", ("采购总金额（万元）",), decimals=True),
        ),
    ),
)

RESULT_ROWS_2019 = N(
    RESULT_ROWS.key,
    RESULT_ROWS.label,
    children=tuple(
        N("results.other", "（六）其他处理") if child.key == "results.other" else child
        for child in RESULT_ROWS.children
    ),
)

APPLICATION_ROWS_2019 = (
    N("new", "一、本年新收政府信息公开申请数量"),
    N("carried_over", "二、上年结转政府信息公开申请数量"),
    RESULT_ROWS_2019,
    N("carried_forward", "四、结转下年度继续办理", ("四、结转下年度继续办理数量",)),
)

TEMPLATE_2019 = national_template(
    "2019", "国办公开办函〔2019〕60号", ACTIVE_BLOCKS_2019, APPLICATION_ROWS_2019, RESULT_ROWS_2019
)
