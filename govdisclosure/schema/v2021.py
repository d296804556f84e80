"""The 2021 national format (国办公开办函〔2021〕30号), in force for reports on 2021 onwards.

Labels are the official ones, verbatim with full-width brackets. Variants are printed
forms seen in real reports that the tolerant matcher of :mod:`govdisclosure.labels`
would not find on its own (a shortened child such as ``国家秘密``, a synonym such as
``合计``); truncations and spacing differences need no entry here.
"""

from __future__ import annotations

from .model import Block, Node, Rule, TableTemplate, Template, printed_paths

N = Node

# --- table 2: 主动公开政府信息情况 -------------------------------------------------

ACTIVE_BLOCKS = (
    Block(
        key="art20_1",
        title=N("art20_1", "第二十条第（一）项", ("第二十条第一项",)),
        captions=("信息内容",),
        rows=(
            N("art20_1.rules", "规章"),
            N("art20_1.normative_documents", "行政规范性文件", ("规范性文件",)),
        ),
        columns=(
            N("issued", "本年制发件数", ("本年发件", "本年制发件", "本年新制发件数")),
            N("repealed", "本年废止件数", ("本年废止件",)),
            N("in_force", "现行有效件数", ("现行有效件",)),
        ),
    ),
    Block(
        key="art20_5",
        title=N("art20_5", "第二十条第（五）项", ("第二十条第五项",)),
        captions=("信息内容",),
        rows=(N("art20_5.licensing", "行政许可"),),
        columns=(N("decisions", "本年处理决定数量", ("本年处理决定数",)),),
    ),
    Block(
        key="art20_6",
        title=N("art20_6", "第二十条第（六）项", ("第二十条第六项",)),
        captions=("信息内容",),
        rows=(
            N("art20_6.penalties", "行政处罚"),
            N("art20_6.coercion", "行政强制"),
        ),
        columns=(N("decisions", "本年处理决定数量", ("本年处理决定数",)),),
    ),
    Block(
        key="art20_8",
        title=N("art20_8", "第二十条第（八）项", ("第二十条第八项",)),
        captions=("信息内容",),
        rows=(N("art20_8.fees", "行政事业性收费"),),
        columns=(
            N(
                "fee_amount",
                "本年收费金额（单位：万元）",
                ("本年收费金额(万元)", "本年收费金额（万元）", "本年收费金额"),
                unit="万元",
                decimals=True,
            ),
        ),
    ),
)

# --- table 3: 收到和处理政府信息公开申请情况 --------------------------------------------

APPLICANT_COLUMNS = (
    N("natural_person", "自然人"),
    N(
        "legal_person",
        "法人或其他组织",
        ("法人或者其他组织",),
        children=(
            N("legal_person.commercial", "商业企业"),
            N("legal_person.research", "科研机构"),
            N("legal_person.public_interest", "社会公益组织"),
            N("legal_person.legal_services", "法律服务机构"),
            N("legal_person.other", "其他", ("其他组织",)),
        ),
    ),
    N("total", "总计", ("合计",)),
)

RESULT_ROWS = N(
    "results",
    "三、本年度办理结果",
    children=(
        N("results.granted", "（一）予以公开"),
        N(
            "results.partial",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            ("（二）部分公开",),
        ),
        N(
            "results.denied",
            "（三）不予公开",
            children=(
                N("results.denied.state_secret", "1.属于国家秘密", ("国家秘密",)),
                N(
                    "results.denied.prohibited_by_law",
                    "2.其他法律行政法规禁止公开",
                    ("法律行政法规禁止公开",),
                ),
                N(
                    "results.denied.security_stability",
                    "3.危及“三安全一稳定”",
                    ("三安全一稳定", "危及三安全一稳定"),
                ),
                N("results.denied.third_party", "4.保护第三方合法权益", ("第三方合法权益",)),
                N("results.denied.internal_affairs", "5.属于三类内部事务信息", ("三类内部事务信息",)),
                N("results.denied.process_info", "6.属于四类过程性信息", ("四类过程性信息",)),
                N("results.denied.enforcement_files", "7.属于行政执法案卷", ("行政执法案卷",)),
                N("results.denied.query_matters", "8.属于行政查询事项", ("行政查询事项",)),
            ),
        ),
        N(
            "results.unable",
            "（四）无法提供",
            children=(
                N("results.unable.not_held", "1.本机关不掌握相关政府信息"),
                N("results.unable.needs_creation", "2.没有现成信息需要另行制作"),
                N("results.unable.unclear", "3.补正后申请内容仍不明确"),
            ),
        ),
        N(
            "results.not_processed",
            "（五）不予处理",
            children=(
                N("results.not_processed.complaint", "1.信访举报投诉类申请"),
                N("results.not_processed.repeated", "2.重复申请"),
                N("results.not_processed.publication", "3.要求提供公开出版物"),
                N("results.not_processed.excessive", "4.无正当理由大量反复申请"),
                N("results.not_processed.confirmation", "5.要求行政机关确认或重新出具已获取信息"),
            ),
        ),
        N(
            "results.other",
            "（六）其他处理",
            children=(
                N(
                    "results.other.no_correction",
                    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                ),
                N(
                    "results.other.fee_unpaid",
                    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                ),
                N("results.other.other", "3.其他"),
            ),
        ),
        N("results.total", "（七）总计", ("（七）合计",)),
    ),
)

APPLICATION_ROWS = (
    N("new", "一、本年新收政府信息公开申请数量"),
    N("carried_over", "二、上年结转政府信息公开申请数量"),
    RESULT_ROWS,
    N("carried_forward", "四、结转下年度继续办理", ("四、结转下年度继续办理数量",)),
)

APPLICATIONS_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

# --- table 4: 政府信息公开行政复议、行政诉讼情况 --------------------------------------


def _outcomes(prefix: str) -> tuple[Node, ...]:
    return (
        N(f"{prefix}.maintained", "结果维持"),
        N(f"{prefix}.corrected", "结果纠正"),
        N(f"{prefix}.other", "其他结果"),
        N(f"{prefix}.pending", "尚未审结"),
        N(f"{prefix}.total", "总计", ("合计",)),
    )


REVIEW_COLUMNS = (
    N("review", "行政复议", children=_outcomes("review")),
    N(
        "litigation",
        "行政诉讼",
        children=(
            N("litigation_direct", "未经复议直接起诉", children=_outcomes("litigation_direct")),
            N("litigation_after_review", "复议后起诉", children=_outcomes("litigation_after_review")),
        ),
    ),
)

REVIEW_ROWS = (N("count", ""),)


# --- consistency rules --------------------------------------------------------------


def application_rules(
    rows_tree: tuple[Node, ...] = APPLICATION_ROWS,
    results: Node = RESULT_ROWS,
    columns: tuple[Node, ...] = APPLICANT_COLUMNS,
) -> tuple[Rule, ...]:
    """The table-3 rules of a format: 勾稽关系 per column, outcomes sum to （七）总计 per
    column, applicant columns sum to 总计 per row."""
    column_labels = printed_paths(columns)
    row_labels = printed_paths(rows_tree)
    cols = list(column_labels)
    outcome_rows = [leaf.key for leaf in results.leaves() if leaf.key != "results.total"]
    groups = [child.label[:3] for child in results.children if child.key != "results.total"]
    rules: list[Rule] = []
    for c in cols:
        rules.append(
            Rule(
                f"balance[{c}]",
                "applications",
                (("new", c), ("carried_over", c)),
                (("results.total", c), ("carried_forward", c)),
                "一+二 = 三（七）+四",
                column_labels[c],
            )
        )
    for c in cols:
        rules.append(
            Rule(
                f"outcomes[{c}]",
                "applications",
                tuple((r, c) for r in outcome_rows),
                (("results.total", c),),
                f"三{groups[0]}至{groups[-1]} = 三（七）总计",
                column_labels[c],
            )
        )
    for r in row_labels:
        rules.append(
            Rule(
                f"applicants[{r}]",
                "applications",
                tuple((r, c) for c in cols if c != "total"),
                ((r, "total"),),
                "自然人+法人或其他组织 = 总计",
                row_labels[r],
            )
        )
    return tuple(rules)


def review_rules() -> tuple[Rule, ...]:
    """Table 4: 维持+纠正+其他+尚未审结 = 总计 in each of the three blocks."""
    rules = []
    for block in ("review", "litigation_direct", "litigation_after_review"):
        where = printed_paths(REVIEW_COLUMNS)[f"{block}.total"].removesuffix(" 总计")
        rules.append(
            Rule(
                f"outcomes[{block}]",
                "reviews",
                tuple(("count", f"{block}.{k}") for k in ("maintained", "corrected", "other", "pending")),
                (("count", f"{block}.total"),),
                "结果维持+结果纠正+其他结果+尚未审结 = 总计",
                where,
            )
        )
    return tuple(rules)


def national_template(
    version: str,
    name: str,
    active_blocks: tuple[Block, ...],
    application_rows: tuple[Node, ...],
    result_rows: Node,
) -> Template:
    """A national format's three tables; the formats differ in table 2's blocks and
    table 3's rows, and share the rest (headings, captions, table 4, the rules' shape).

    >>> t = national_template("2021", "国办公开办函〔2021〕30号", ACTIVE_BLOCKS, APPLICATION_ROWS, RESULT_ROWS)
    >>> [(t[name].number, len(t[name].rules)) for name in ("active", "applications", "reviews")]
    [('二', 0), ('三', 39), ('四', 3)]
    """
    return Template(
        version=version,
        name=name,
        tables={
            "active": TableTemplate(
                name="active",
                number="二",
                title="主动公开政府信息情况",
                blocks=active_blocks,
                heading_keywords=("主动公开政府信息情况", "主动公开政府信息", "主动公开情况"),
            ),
            "applications": TableTemplate(
                name="applications",
                number="三",
                title="收到和处理政府信息公开申请情况",
                blocks=(
                    Block(
                        key="",
                        rows=application_rows,
                        columns=APPLICANT_COLUMNS,
                        captions=(APPLICATIONS_NOTE, "申请人情况"),
                        column_caption="申请人情况",
                    ),
                ),
                heading_keywords=("收到和处理政府信息公开申请",),
                rules=application_rules(application_rows, result_rows),
            ),
            "reviews": TableTemplate(
                name="reviews",
                number="四",
                title="政府信息公开行政复议、行政诉讼情况",
                blocks=(Block(key="", rows=REVIEW_ROWS, columns=REVIEW_COLUMNS),),
                heading_all=("行政复议", "行政诉讼"),
                rules=review_rules(),
            ),
        },
        end_keywords=("存在的主要问题", "存在问题", "主要问题", "其他需要报告"),
    )


TEMPLATE_2021 = national_template("2021", "国办公开办函〔2021〕30号", ACTIVE_BLOCKS, APPLICATION_ROWS, RESULT_ROWS)
