"""Templates: the canonical tables of each national report format, as data.

>>> from govdisclosure.schema import get_template
>>> t = get_template("2021")
>>> t["applications"].column_label_paths()["legal_person.commercial"]
('法人或其他组织', '商业企业')
"""

from __future__ import annotations

from ..errors import TemplateError
from .model import Block, CellKey, Node, Rule, TableTemplate, Template
from .v2019 import TEMPLATE_2019
from .v2021 import TEMPLATE_2021

TEMPLATES: dict[str, Template] = {"2019": TEMPLATE_2019, "2021": TEMPLATE_2021}
"""Every known format version by name. A new version is one new entry here."""

TABLE_NAMES = ("active", "applications", "reviews")


def get_template(version: str | Template) -> Template:
    """Look up a template by version name (``"2021"``), or pass a Template through.

    Raises :class:`~govdisclosure.errors.TemplateError` for an unknown name.
    """
    if isinstance(version, Template):
        return version
    try:
        return TEMPLATES[str(version)]
    except KeyError:
        raise TemplateError(f"unknown template {version!r}; known: {', '.join(sorted(TEMPLATES))}") from None


__all__ = [
    "Block",
    "CellKey",
    "Node",
    "Rule",
    "TableTemplate",
    "Template",
    "TEMPLATES",
    "TABLE_NAMES",
    "get_template",
]
