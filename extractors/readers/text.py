"""Plain-text and markdown reader, and the cheap title/date detection all readers share.

Bytes are decoded as UTF-8. Council papers copied out of Word often carry stray
Windows-1252 bytes (a lone ``0xA3`` for "£", ``0x96`` for an en dash); each run of bytes
that is not UTF-8 is decoded as cp1252 instead, and an event on the document says so.
A BOM is dropped and line ends become ``\\n`` before anything else happens, so every
offset indexes the returned text.

Title and date detection is deliberately small: the title cues (label lines such as
``Title:`` and boilerplate lines that are never a title) live in
``extractors/data/title_cues.csv``; a date is the first full date in the opening lines.
"""

from __future__ import annotations

import calendar
import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from outturn.errors import DataFileError, DocumentError
from outturn.extractors.models import Document

#: Characters of the opening of a document searched for a title and a date.
HEAD_CHARS = 4000
#: A text whose share of control characters exceeds this is binary, not text.
MAX_CONTROL_SHARE = 0.05

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))

_DATE = re.compile(
    rf"""
    \b(?:
        # 30 September 2021, 8th September 2010, 1 Sept. 2020
        (?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH_NAMES})\.?,?\s+(?P<y1>(?:19|20)\d\d)
      | # September 30, 2021
        (?P<m2>{_MONTH_NAMES})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,\s*(?P<y2>(?:19|20)\d\d)
      | # 09/07/2015 or 9.7.2015: day first, as English councils write it
        (?P<d3>\d{{1,2}})[/.](?P<m3>\d{{1,2}})[/.](?P<y3>(?:19|20)\d\d)
      | # ISO 2021-09-30
        (?P<y4>(?:19|20)\d\d)-(?P<m4>\d\d)-(?P<d4>\d\d)
    )\b
    """,
    re.IGNORECASE | re.VERBOSE,
)

# Runs of bytes that were not UTF-8, as decoded by "surrogateescape".
_UNDECODED_RUN = re.compile(r"[\udc80-\udcff]+")
# Control characters that never occur in text (tab, newline, form feed and CR do).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
# Markdown heading marks, list bullets and emphasis around a candidate title line.
_LINE_DECORATION = re.compile(r"^[\s#>*_\-•]+|[\s#*_]+$")
# Leading clause numbering such as "3." or "1.2" before a label.
_NUMBERING = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s*")


@dataclass(frozen=True)
class TitleCues:
    """Compiled title cues: label words and lines that are never a title."""

    label: re.Pattern
    skip: tuple[re.Pattern, ...]


def load_rule_csv(
    source: str | Path, columns: tuple[str, ...], allowed_kinds: tuple[str, ...]
) -> list[dict]:
    """Read a rule CSV and check its shape.

    Args:
        source: a file name inside ``outturn.extractors.data``, or a path (tests, users).
        columns: the header the file must have, in order.
        allowed_kinds: values the ``kind`` column may take.

    Raises:
        DataFileError: wrong header, unknown kind or empty value, naming file and line.
    """
    path = source if isinstance(source, Path) else resources.files("outturn.extractors.data").joinpath(source)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != columns:
            raise DataFileError(str(path), 1, f"header must be {','.join(columns)}; got {reader.fieldnames}")
        rows = []
        for row in reader:
            line = reader.line_num
            if row["kind"] not in allowed_kinds:
                raise DataFileError(str(path), line, f"unknown kind {row['kind']!r}; expected one of {allowed_kinds}")
            if not (row[columns[1]] or "").strip():
                raise DataFileError(str(path), line, f"empty {columns[1]!r}")
            rows.append({**row, "line": line, "path": str(path)})
    return rows


@lru_cache(maxsize=4)
def title_cues(source: str | Path = "title_cues.csv") -> TitleCues:
    """The title cues from ``title_cues.csv`` (columns kind,pattern,note; kind is
    ``label`` or ``skip``; pattern is a case-insensitive regex).

    Raises:
        DataFileError: a bad header, kind or pattern, naming the file and line.
    """
    labels: list[str] = []
    skips: list[re.Pattern] = []
    for row in load_rule_csv(source, ("kind", "pattern", "note"), ("label", "skip")):
        try:
            compiled = re.compile(row["pattern"], re.IGNORECASE)
        except re.error as exc:
            raise DataFileError(row["path"], row["line"], f"bad pattern {row['pattern']!r}: {exc}") from exc
        if row["kind"] == "label":
            labels.append(compiled.pattern)
        else:
            skips.append(compiled)
    label = re.compile(r"^(?:" + "|".join(labels) + r")\s*(?::|\t)\s*(?P<value>.+)$", re.IGNORECASE)
    return TitleCues(label=label, skip=tuple(skips))


def detect_date(text: str) -> str | None:
    """The first full date in the opening of ``text``, as ISO ``YYYY-MM-DD``.

    >>> detect_date("Cabinet\\n2. Date: 8th September 2010\\n")
    '2010-09-08'
    >>> detect_date("Date Created: 09/07/2015"), detect_date("30 September 2021")
    ('2015-07-09', '2021-09-30')
    >>> detect_date("As at May 2015") is None   # a month is not a date
    True
    """
    for match in _DATE.finditer(text[:HEAD_CHARS]):
        g = match.groupdict()
        day, month, year = (g["d1"] or g["d2"] or g["d3"] or g["d4"],
                            g["m1"] or g["m2"] or g["m3"] or g["m4"],
                            g["y1"] or g["y2"] or g["y3"] or g["y4"])
        month_no = int(month) if month.isdigit() else _MONTHS[month.lower()]
        if 1 <= month_no <= 12 and 1 <= int(day) <= calendar.monthrange(int(year), month_no)[1]:
            return f"{int(year):04d}-{month_no:02d}-{int(day):02d}"
    return None


def detect_title(text: str) -> str | None:
    """The document's title: a labelled ``Title:`` line, else the first substantial line.

    >>> detect_title("Agenda item\\n\\nCYPS 2017/2018 Year End Performance\\n")
    'CYPS 2017/2018 Year End Performance'
    >>> detect_title("CABINET\\n1. Meeting:\\tCabinet\\n3.\\tTitle:\\tNotice to Improve - Update")
    'Notice to Improve - Update'
    >>> detect_title("SCRUTINY COMMITTEE\\n30 September 2021\\n### PERFORMANCE UPDATE\\n")
    'PERFORMANCE UPDATE'
    """
    cues = title_cues()
    lines = text[:HEAD_CHARS].splitlines()
    for line in lines:
        labelled = cues.label.match(_NUMBERING.sub("", line.strip()))
        if labelled:
            return labelled.group("value").strip()
    for line in lines:
        candidate = " ".join(_LINE_DECORATION.sub("", line).split())
        letters = sum(c.isalpha() for c in candidate)
        if letters < 8 or len(candidate) > 200 or _DATE.fullmatch(candidate):
            continue
        if any(p.search(candidate) for p in cues.skip):
            continue
        return candidate
    return None


def decode_text(path: str, data: bytes) -> tuple[str, list[str]]:
    """Decode bytes to text with LF line ends, repairing cp1252 runs.

    Returns:
        The text and the events to record (one per kind of repair).

    Raises:
        DocumentError: the bytes are binary (NUL bytes, control characters).

    >>> decode_text("a.txt", b"\\xef\\xbb\\xbfCost \\xa31m\\r\\nnext")
    ('Cost £1m\\nnext', ['repaired 1 byte(s) in 1 run(s) that were not UTF-8 as cp1252 (first on line 1)'])
    """
    events: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
        events.append("decoded as UTF-16 (byte-order mark)")
    else:
        if b"\x00" in data:
            raise DocumentError(path, "contains NUL bytes: this is a binary file, not text")
        text = data.decode("utf-8", errors="surrogateescape")
        runs = _UNDECODED_RUN.findall(text)
        if runs:
            first_line = text[: _UNDECODED_RUN.search(text).start()].count("\n") + 1
            text = _UNDECODED_RUN.sub(_cp1252_run, text)
            events.append(
                f"repaired {sum(map(len, runs))} byte(s) in {len(runs)} run(s) that were not UTF-8 "
                f"as cp1252 (first on line {first_line})"
            )
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if text and len(_CONTROL.findall(text)) > MAX_CONTROL_SHARE * len(text):
        raise DocumentError(path, "mostly control characters: this is a binary file, not text")
    return text, events


def _cp1252_run(match: re.Match) -> str:
    raw = bytes(ord(c) - 0xDC00 for c in match.group())
    return raw.decode("cp1252", errors="replace")


def read_text(path: str | Path, data: bytes, doc_id: str, fmt: str = "text") -> Document:
    """Read a plain-text or markdown document.

    Args:
        path: where the bytes came from (named in errors and on the document).
        data: the raw bytes.
        doc_id: sha256 of ``data``.
        fmt: ``text`` or ``markdown``.

    Raises:
        DocumentError: binary content, or nothing but whitespace after decoding.
    """
    path = Path(path)
    text, events = decode_text(str(path), data)
    if not text.strip():
        raise DocumentError(str(path), "no text after decoding")
    return Document(
        path=str(path),
        name=path.name,
        doc_id=doc_id,
        format=fmt,
        text=text,
        title=detect_title(text),
        date=detect_date(text),
        events=events,
    )
