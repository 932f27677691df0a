"""Readers: one per format, each returning a :class:`~outturn.extractors.models.Document`.

:func:`read_document` picks the reader from the file's extension and checks that the
bytes agree with it (a text file named ``.pdf`` is an error, not a crash).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from outturn.errors import DocumentError
from outturn.extractors.models import Document

#: Extensions outturn reads, and the format each one means.
FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}


def read_document(path: str | Path, data: bytes | None = None) -> Document:
    """Read one document.

    Args:
        path: the file; its extension chooses the reader.
        data: the bytes, when already in hand (a download); read from ``path`` otherwise.

    Raises:
        DocumentError: unknown extension, unreadable path, empty file, or bytes that are
            not what the extension says.
    """
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise DocumentError(str(path), f"unknown file type {path.suffix or '(none)'!r}; outturn reads {known}")
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise DocumentError(str(path), f"cannot read the file: {exc.strerror or exc}") from exc
    if not data.strip():
        raise DocumentError(str(path), "the file is empty")
    doc_id = hashlib.sha256(data).hexdigest()
    if fmt == "pdf":
        from outturn.extractors.readers.pdf import read_pdf

        return read_pdf(path, data, doc_id)
    if fmt == "html":
        from outturn.extractors.readers.html import read_html

        return read_html(path, data, doc_id)
    from outturn.extractors.readers.text import read_text

    return read_text(path, data, doc_id, fmt)
