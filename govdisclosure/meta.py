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

META_KEYS = ("agency", "year", "published", "title", "level", "template")
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
                agency = m.group("agency").strip(" :：,，")
                previous = _line_before(head, i) if not agency else ""
                if not agency and _NAME.match(previous):
                    # a title printed on two lines: the agency stands alone above
                    agency, line = previous, previous + line
                meta["title"] = line
                meta["year"] = int(m.group("year"))
                meta["agency"] = agency or None
        if want_date:
            d = _DATE.search(line)
            if d:
                meta["published"] = f"{d.group(1)}-{int(d.group(2)):02d}-{int(d.group(3)):02d}"
        if meta["year"] is not None and meta["published"] is not None:
            break
    if meta["agency"]:
        meta["level"] = agency_level(meta["agency"])
    return meta


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
