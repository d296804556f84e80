"""Report metadata from the title and the first paragraphs: agency, year, date.

>>> m = extract_meta(["法库县柏家沟镇2022年政府信息公开工作年度报告", "发布日期:2023-01-17来源:x"])
>>> m["agency"], m["year"], m["published"]
('法库县柏家沟镇', 2022, '2023-01-17')
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from .sections import strip_marks

_TITLE = re.compile(
    r"^(?P<agency>.*?)\s*(?P<year>(?:19|20)\d{2})\s*年度?\s*(?:政府|政务)?\s*信息公开(?:工作)?\s*年度?\s*报告"
)
_DATE = re.compile(r"(?:发布|公开|成文)(?:日期|时间)\s*[:：]?\s*((?:19|20)\d{2})[-年./](\d{1,2})[-月./](\d{1,2})")
_DEPARTMENT = re.compile(r"(局|厅|委员会|委|办公室|办|中心|部|署|院|所|站|队|会)$")
_LEVELS = (
    ("街道办事处", "街道"),
    ("街道", "街道"),
    ("镇", "乡镇"),
    ("乡", "乡镇"),
    ("自治区", "省"),
    ("自治州", "市"),
    ("自治县", "县"),
    ("区", "区"),
    ("县", "县"),
    ("市", "市"),
    ("旗", "县"),
    ("盟", "市"),
    ("省", "省"),
)

# a page's field label before the title: 标题: 平潭综合实验区2021年度…
_LABEL = re.compile(r"^\s*(?:标\s*题|题\s*目|文\s*章\s*标\s*题|名\s*称|索\s*引\s*号[^:：]*)\s*[:：]\s*")
META_KEYS = ("agency", "year", "published", "title", "level", "template")
# where each value came from: "title", "statistics period", "prose", "published"
FOUND_IN = "found_in"
_NAME = re.compile(r"^[\u4e00-\u9fff（）()]{2,30}$")


def extract_meta(lines: list[str], max_lines: int = 80) -> dict[str, Any]:
    """Agency, year, publication date and title from the first lines of a document.

    Keys are those of :data:`META_KEYS`; a value the text does not hold is None.
    """
    meta: dict[str, Any] = dict.fromkeys(META_KEYS)
    head = lines[:max_lines]
    for i, raw in enumerate(head):
        if "报告" not in raw and "期" not in raw and "时间" not in raw:
            # no line without these can name a report or a date once normalized:
            # NFKC maps nothing else to 报, 告, 期, 时 or 间 (only 日 has compatibility
            # forms, e.g. the Kangxi radical ⽇), and maps no character to nothing
            continue
        raw = _nfkc(raw)
        # only a line naming a report or a date is looked at closely
        want_title = meta["year"] is None and "报告" in raw
        want_date = meta["published"] is None and ("日期" in raw or "时间" in raw)
        if not (want_title or want_date):
            continue
        line = strip_marks(raw)
        if not line:
            continue
        if want_title and len(line) <= 80:
            m = _TITLE.search(line)
            if m:
                agency = _LABEL.sub("", m.group("agency")).strip(" :：,，")
                previous = _line_before(head, i) if not agency else ""
                if not agency and _NAME.match(previous):
                    # a title printed on two lines: the agency stands alone above
                    agency, line = previous, previous + line
                meta["title"] = _LABEL.sub("", line)
                meta["year"] = int(m.group("year"))
                meta["agency"] = agency or None
        if want_date:
            d = _DATE.search(line)
            if d:
                meta["published"] = f"{d.group(1)}-{int(d.group(2)):02d}-{int(d.group(3)):02d}"
        if meta["year"] is not None and meta["published"] is not None:
            break
    found_in = {key: "title" for key in ("agency", "year") if meta[key] is not None}
    if meta["published"] is not None:
        found_in["published"] = "published"
    if meta["year"] is None:
        meta["year"], where = year_from_prose(lines)
        if where:
            found_in["year"] = where
    if meta["agency"] is None:
        meta["agency"] = agency_from_prose(lines)
        if meta["agency"]:
            found_in["agency"] = "prose"
    if meta["agency"]:
        meta["level"] = agency_level(meta["agency"])
    meta[FOUND_IN] = found_in
    return meta


# 本报告统计数据从2023年1月1日至12月31日; 所列数据的统计期限从2024年1月1日起至…
_PERIOD = re.compile(r"统计(?:数据|期限|时限|期间|时段|周期)[^。；;]{0,12}?((?:19|20)\d{2})\s*年\s*0?1\s*月\s*0?1\s*日")
# 2024年，我区深入贯彻…: the body speaking of itself in the year reported on
_YEAR_SELF = re.compile(
    r"((?:19|20)\d{2})\s*年(?:度|以来)?\s*[,，]?\s*(?:我|全)(?:区|县|市|镇|乡|省|街道|局|委|办|厅|院|中心)"
)
# 我区, 我镇, 我局: the level the body calls itself by
_SELF = re.compile(r"我(区|县|市|镇|乡|省|街道|局|委|办|厅)")
_NOT_A_NAME = set("我全本各该辖城其此每县市区镇乡省年的和与及在对为向将由了是等")


def year_from_prose(lines: list[str]) -> tuple[int | None, str]:
    """The year reported on, from the statistics period or the body's own account of
    the year, when no title names it.

    >>> year_from_prose(["所列数据的统计期限从2024年1月1日起至2024年12月31日止。"])
    (2024, 'statistics period')
    >>> year_from_prose(["2023年，我镇坚持以习近平新时代中国特色社会主义思想为指导"])
    (2023, 'prose')
    """
    text = _nfkc("\n".join(lines))
    period = _PERIOD.search(text)
    if period:
        return int(period.group(1)), "statistics period"
    said = _YEAR_SELF.search(text)
    if said:
        return int(said.group(1)), "prose"
    return None, ""


def agency_from_prose(lines: list[str]) -> str | None:
    """The body's name for itself in its report, when no title names it.

    The body calls itself 我区 or 我镇 and names itself now and then (秦都区2025年将…):
    the name ending in that level character that the text uses most (at least twice).

    >>> agency_from_prose(["我区深入贯彻落实条例。", "秦都区2025年将着重做好以下工作。", "秦都区2024年报告"])
    '秦都区'
    """
    text = _nfkc("\n".join(lines))
    levels = {m.group(1) for m in _SELF.finditer(text)}
    counts: dict[str, int] = {}
    for level in levels:
        for name_length in range(2, 7):
            pattern = f"(?=([\u4e00-\u9fff]{{{name_length}}}{level}))"
            for m in re.finditer(pattern, text):
                name = m.group(1)
                if not _NOT_A_NAME.intersection(name[: -len(level)]):
                    counts[name] = counts.get(name, 0) + 1
    if not counts:
        return None
    best, used = max(counts.items(), key=lambda item: (item[1], len(item[0])))
    if used < 2:
        return None
    # the full name where the text mostly uses it in full: 平潭综合实验区 (8 times)
    # over 实验区 (9, once as 实验区 alone)
    longer = [name for name, n in counts.items() if name.endswith(best) and n * 4 >= used * 3]
    return max(longer, key=len)


def _nfkc(text: str) -> str:
    # the quick check is far cheaper than normalizing text that is already normal
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


def _line_before(lines: list[str], i: int) -> str:
    """The last line before ``lines[i]`` that is not blank once cleaned."""
    for raw in reversed(lines[:i]):
        line = strip_marks(_nfkc(raw))
        if line:
            return line
    return ""


def agency_level(agency: str) -> str | None:
    """The administrative level a body's name shows: 省, 市, 县, 区, 乡镇, 街道 or 部门.

    >>> agency_level("法库县柏家沟镇"), agency_level("淮安市人民政府"), agency_level("某省交通运输厅")
    ('乡镇', '市', '部门')
    """
    name = agency.strip()
    if name.endswith("人民政府"):
        name = name[: -len("人民政府")]
    elif _DEPARTMENT.search(name):
        return "部门"  # a department of a government, whatever its level
    for suffix, level in _LEVELS:
        if name.endswith(suffix):
            return level
    return None
