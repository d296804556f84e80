"""govdisclosure: the statistical tables of Chinese government information-disclosure
annual reports (政府信息公开工作年度报告) as pandas DataFrames.

    >>> import govdisclosure as gd
    >>> from govdisclosure.testing import example_text
    >>> report = gd.read(example_text())
    >>> sorted(report.tables)
    ['active', 'applications', 'reviews']
"""

from __future__ import annotations

from .api import assemble, check, read, read_text
from .caches import clear_caches
from .corpus import Corpus, read_many
from .dictionary import data_dictionary
from .errors import (
    CorruptDocumentError,
    CorruptPDFError,
    DecodingError,
    DocumentTimeout,
    EmptyDocumentError,
    EncryptedPDFError,
    GovDisclosureError,
    LayoutError,
    NoTablesFoundError,
    NoTextLayerError,
    PDFError,
    SourceTooLargeError,
    TemplateError,
    UnsupportedSourceError,
)
from .findings import Finding, findings_frame
from .grid import Cell, Grid, Location
from .limits import Limits
from .report import Report
from .schema import TEMPLATES, Template, get_template
from .sources import SourceNotFoundError

__version__ = "0.1.0"

__all__ = [
    "Cell",
    "Corpus",
    "DocumentTimeout",
    "CorruptDocumentError",
    "CorruptPDFError",
    "DecodingError",
    "EmptyDocumentError",
    "EncryptedPDFError",
    "Finding",
    "GovDisclosureError",
    "Grid",
    "LayoutError",
    "Limits",
    "Location",
    "NoTablesFoundError",
    "NoTextLayerError",
    "PDFError",
    "Report",
    "SourceNotFoundError",
    "SourceTooLargeError",
    "TEMPLATES",
    "Template",
    "TemplateError",
    "clear_caches",
    "UnsupportedSourceError",
    "assemble",
    "check",
    "data_dictionary",
    "findings_frame",
    "get_template",
    "read",
    "read_many",
    "read_text",
    "__version__",
]
