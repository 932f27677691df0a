"""One benchmark measurement, run in its own process by bench/run.py.

Usage:
    python bench/measure.py MODE FOLDER

MODE is one of:
    pdfium       bare pypdfium2: every page's text (``get_text_range``)
    pdfplumber   bare pdfplumber: every page's ``extract_text()`` and ``extract_tables()``
    reader       outturn's PDF reader alone (``read_document``), routed
    reader-ref   outturn's PDF reader with ``engine="pdfplumber"`` (the reference path)
    extract      ``read_document`` + ``extract_statements`` in-process (what ``outturn
                 extract`` does, without the CLI's start-up and output)

Prints one JSON line: documents, pages, seconds and cpu_seconds (timed after imports),
statements.
Peak memory is read by the parent from this process's resource usage.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from pathlib import Path


def _pdfium(paths: list[Path]) -> tuple[int, int]:
    import pypdfium2 as pdfium

    pages = 0
    for path in paths:
        pdf = pdfium.PdfDocument(path)
        for page in pdf:
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
            pages += 1
        pdf.close()
    return pages, 0


def _pdfplumber(paths: list[Path]) -> tuple[int, int]:
    import pdfplumber

    pages = 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.extract_tables()
                page.close()
                pages += 1
    return pages, 0


def _reader(paths: list[Path], engine: str) -> tuple[int, int]:
    from outturn.extractors.readers.pdf import read_pdf

    pages = 0
    for path in paths:
        data = path.read_bytes()
        pages += read_pdf(path, data, hashlib.sha256(data).hexdigest(), engine=engine).page_count or 0
    return pages, 0


def _extract(paths: list[Path], nlp) -> tuple[int, int]:
    from outturn.extractors import extract_statements, read_document

    pages = statements = 0
    for path in paths:
        doc = read_document(path)
        pages += doc.page_count or 0
        statements += len(extract_statements(doc, nlp=nlp))
    return pages, statements


MODES = {
    "pdfium": _pdfium,
    "pdfplumber": _pdfplumber,
    "reader": lambda paths: _reader(paths, "pdfium"),
    "reader-ref": lambda paths: _reader(paths, "pdfplumber"),
}


def _import_for(mode: str) -> None:
    """Import what ``mode`` uses before the clock starts: imports are start-up, not reading."""
    import pypdfium2  # noqa: F401

    if mode != "pdfium":
        import pdfplumber  # noqa: F401
    if mode.startswith("reader") or mode == "extract":
        import outturn.extractors.readers.pdf  # noqa: F401


def main(argv: list[str]) -> None:
    mode, folder = argv
    paths = sorted(Path(folder).glob("*.pdf"))
    measure = MODES.get(mode)
    _import_for(mode)
    if mode == "extract":  # the spaCy pipeline is built before the clock starts
        from outturn.extractors.pipeline import build_pipeline

        nlp = build_pipeline()
        measure = lambda paths: _extract(paths, nlp)  # noqa: E731
    if measure is None:
        raise SystemExit(f"unknown mode {mode!r}; expected one of {', '.join([*MODES, 'extract'])}")
    started, cpu = time.perf_counter(), time.process_time()
    pages, statements = measure(paths)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(json.dumps(dict(mode=mode, documents=len(paths), pages=pages, seconds=seconds, cpu_seconds=cpu,
                          statements=statements)))


if __name__ == "__main__":
    main(sys.argv[1:])
