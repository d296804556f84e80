"""The typed errors raised by govdisclosure.

Every error the library raises on purpose derives from :class:`GovDisclosureError`,
so a batch job can catch that one class and record the message::

    >>> import govdisclosure as gd
    >>> try:
    ...     gd.read("")
    ... except gd.GovDisclosureError as exc:
    ...     print(type(exc).__name__)
    EmptyDocumentError
"""

from __future__ import annotations


class GovDisclosureError(Exception):
    """Base class of every error raised by govdisclosure."""


class EmptyDocumentError(GovDisclosureError, ValueError):
    """The source holds no text at all (zero bytes, or only white space)."""


class DecodingError(GovDisclosureError, UnicodeError):
    """The bytes are not text in any encoding reports use (UTF-8, GB18030/GBK, UTF-16)."""


class UnsupportedSourceError(GovDisclosureError, ValueError):
    """The source is of a kind no reader handles (or its optional dependency is missing)."""


class NoTablesFoundError(GovDisclosureError, LookupError):
    """The document holds none of the statistical tables of an annual report."""


class LayoutError(GovDisclosureError, ValueError):
    """A layout named with ``layout=`` does not exist or does not fit the source."""


class TemplateError(GovDisclosureError, LookupError):
    """A template (national format version) named by the caller does not exist."""


class PDFError(GovDisclosureError):
    """Base class of the errors raised while reading a PDF."""


class EncryptedPDFError(PDFError):
    """The PDF is encrypted and no (or a wrong) ``password=`` was given."""


class CorruptPDFError(PDFError):
    """The PDF is truncated or damaged beyond what the parser can recover."""


class NoTextLayerError(PDFError):
    """The PDF pages hold images only (a scan): OCR is needed before extraction."""


class SourceTooLargeError(GovDisclosureError):
    """The source exceeds a configured size or page limit (protects batch jobs)."""


class CorruptDocumentError(GovDisclosureError):
    """A Word file that cannot be opened (damaged, or not really a Word file)."""


class DocumentTimeout(GovDisclosureError, TimeoutError):
    """A document took longer than its time limit (``timeout=``)."""
