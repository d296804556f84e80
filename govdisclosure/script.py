"""Reports in Traditional Chinese, folded to Simplified before they are read.

Mirrors of reports (and reports of bodies that publish both scripts) print
``政府資訊公開``, ``規範性檔案`` for ``规范性文件``, ``總計``. The templates hold the Simplified
labels, so a Traditional text is converted with OpenCC's ``t2s`` (a maintained converter,
``pip install "govdisclosure[traditional]"``) before anything is matched. Digits are
untouched by the conversion: every printed value stays as printed.

    >>> is_traditional("三、收到和處理政府資訊公開申請情況"), is_traditional("三、收到和处理政府信息公开申请情况")
    (True, False)
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .errors import UnsupportedSourceError

# Traditional forms of characters every report prints (公開, 報告, 申請, 處理, 復議, 訴訟,
# 審結, 總計, 資訊, 規範, 關於), and their Simplified forms in the same order
_TRADITIONAL = re.compile("[開報請處議訴審結總計資規範關與務數據辦]")
_SIMPLIFIED = re.compile("[开报请处议诉审结总计资规范关与务数据办]")


def is_traditional(text: str) -> bool:
    """True when ``text`` is printed in Traditional characters: more of the telling
    characters in their Traditional form than in their Simplified one (a Simplified
    page whose chrome offers a 繁體 version, or prints a few Traditional words, stays
    Simplified)."""
    traditional = len(_TRADITIONAL.findall(text))
    return traditional > 0 and traditional > len(_SIMPLIFIED.findall(text))


def to_simplified(text: str, *, name: str = "<text>") -> str:
    """``text`` in Simplified characters (OpenCC ``t2s``).

    Raises :class:`~govdisclosure.errors.UnsupportedSourceError` naming the remedy when
    OpenCC is not installed.
    """
    return _converter(name).convert(text)


@lru_cache(maxsize=1)
def _load() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def _converter(name: str) -> Any:
    try:
        return _load()
    except ImportError:
        raise UnsupportedSourceError(
            f"{name}: the report is printed in Traditional Chinese, and reading it needs OpenCC to fold it to "
            'Simplified: pip install "govdisclosure[traditional]"'
        ) from None
