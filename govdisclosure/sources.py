"""Turning what the caller passed (a path, text, bytes, a file object) into a Source.

>>> load("二、主动公开政府信息情况\\n规章 | 0 |").kind
'text'
>>> load(b"%PDF-1.7 ...").kind
'pdf'
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from .errors import EmptyDocumentError, GovDisclosureError, SourceTooLargeError, UnsupportedSourceError
from .limits import current
from .readers.text import decode

SourceLike = str | bytes | bytearray | os.PathLike | IO[bytes] | IO[str]


_EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".doc": "doc",
}


class SourceNotFoundError(GovDisclosureError, FileNotFoundError):
    """A path was given that does not exist."""


@dataclass
class Source:
    """A loaded source: its display name, kind and content (text or bytes)."""

    name: str
    kind: str
    data: bytes | None = None
    text: str | None = None
    path: Path | None = None


def sniff(data: bytes) -> str:
    """The kind of a byte string from its first bytes: pdf, docx, html or text."""
    head = data[:2048].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    low = head[:1024].lower()
    if low.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<table" in low or b"<body" in low:
        return "html"
    return "text"


def _sniff_text(text: str) -> str:
    low = text[:2048].lstrip().lower()
    if low.startswith(("<!doctype html", "<html")) or "<table" in low or "<body" in low:
        return "html"
    return "text"


def _looks_like_path(s: str) -> bool:
    if len(s) >= 1024 or any(ch in s for ch in "\n\t<|"):
        return False
    return os.sep in s or Path(s).suffix.lower() in _EXTENSIONS


def load(source: SourceLike, *, encoding: str | None = None, max_bytes: int | None = None) -> Source:
    """Load a path, text, bytes or file object. Raises typed errors only; a source larger
    than ``max_bytes`` (default ``Limits.max_bytes``) is refused, so that a hostile or
    mistaken file cannot stall a batch.

    A ``str`` is a path when it names an existing file (or has no line break and looks
    like a file name); otherwise it is the report's text.
    """
    max_bytes = max_bytes or current().max_bytes
    if isinstance(source, os.PathLike) or (isinstance(source, str) and _looks_like_path(source)):
        path = Path(source)
        if not path.exists():
            raise SourceNotFoundError(f"no such file: {path}")
        if path.is_dir():
            raise UnsupportedSourceError(f"{path} is a folder; use gd.read_many for folders")
        size = path.stat().st_size
        if size > max_bytes:
            raise SourceTooLargeError(f"{path} is {size} bytes, above the limit of {max_bytes} (Limits.max_bytes)")
        data = path.read_bytes()
        kind = _EXTENSIONS.get(path.suffix.lower()) or sniff(data)
        if kind == "text" and sniff(data) != "text":
            kind = sniff(data)
        return _finish(Source(str(path), kind, data=data, path=path), encoding)
    if isinstance(source, str):
        if len(source) > max_bytes:
            raise SourceTooLargeError(
                f"the text is {len(source)} characters, above the limit of {max_bytes} (Limits.max_bytes)"
            )
        return _finish(Source("<text>", _sniff_text(source), text=source), encoding)
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        if len(data) > max_bytes:
            raise SourceTooLargeError(f"{len(data)} bytes, above the limit of {max_bytes} (Limits.max_bytes)")
        return _finish(Source("<bytes>", sniff(data), data=data), encoding)
    if hasattr(source, "read"):
        content = source.read()
        name = getattr(source, "name", "<file>")
        if isinstance(content, str):
            return _finish(Source(str(name), _sniff_text(content), text=content), encoding)
        if isinstance(content, (bytes, bytearray)):
            return _finish(Source(str(name), sniff(bytes(content)), data=bytes(content)), encoding)
    raise UnsupportedSourceError(
        f"cannot read a {type(source).__name__}: pass a path, text (str), bytes or a file object"
    )


def _finish(src: Source, encoding: str | None) -> Source:
    if src.text is None and src.data is not None and not src.data.strip():
        raise EmptyDocumentError(f"{src.name} is empty")
    if src.text is not None and not src.text.strip():
        raise EmptyDocumentError(f"{src.name} holds no text")
    if src.kind in ("text", "html") and src.text is None and src.data is not None:
        if encoding:
            try:
                src.text = src.data.decode(encoding)
            except (UnicodeDecodeError, LookupError) as exc:
                from .errors import DecodingError

                raise DecodingError(f"{src.name} does not decode as {encoding}: {exc}") from None
        elif src.kind == "text":
            src.text = decode(src.data)
        if src.text is not None and not src.text.strip():
            raise EmptyDocumentError(f"{src.name} holds no text")
    return src


def as_binary_io(src: Source) -> io.BytesIO:
    """The source's bytes as a file object (for readers that want one)."""
    assert src.data is not None
    return io.BytesIO(src.data)
