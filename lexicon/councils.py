"""The council register: which English council a document is about.

Data files (in :mod:`outturn.lexicon`):

councils.csv (derived, ``scripts/build_councils.py``)
    ``dfe_code`` (DfE 3-digit LA number), ``ons_code`` (E06/E08/E09/E10), ``name``
    (everyday name, e.g. ``Rotherham``), ``official_name``, ``alt_names`` (``;``-joined).
council_operators.csv (hand-kept)
    ``operator`` (a trust or company running children's services), ``dfe_codes``
    (``;``-joined; the first is the council it is reported under), ``note``.
council_common_words.csv (hand-kept)
    ``word``: one-word council names that are also ordinary words (``Reading``,
    ``Bury``); only their longer forms ("Reading Borough Council") are looked for.
council_domains.csv (hand-kept)
    ``domain`` (a web or e-mail domain label such as ``royalgreenwich`` or
    ``togetherforchildren``) and ``dfe_code``: labels that are not simply a council's
    name without spaces (those are derived).

:func:`detect_council` weighs the evidence: a name with "Council" around it, an
operator's name, an e-mail or web domain count more than a bare name; the title
counts more than the first lines, which count more than the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from outturn.errors import DataFileError
from outturn.lexicon.datafile import package_file, read_rows

REGISTER_COLUMNS = ("dfe_code", "ons_code", "name", "official_name", "alt_names")
OPERATOR_COLUMNS = ("operator", "dfe_codes", "note")
DOMAIN_COLUMNS = ("domain", "dfe_code")
COMMON_WORD_COLUMNS = ("word",)
MANIFEST_COLUMNS = ("path", "council", "title", "date", "url")

_DFE = re.compile(r"^[0-9]{3}$")
_ONS = re.compile(r"^E(?:06|08|09|10)[0-9]{6}$")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_COMPACT = re.compile(r"[^a-z0-9]+")

# "Council" words around a name make a mention strong evidence.
_SUFFIX = re.compile(
    r"""
    \s+ (?:metropolitan\s+)?            # "Rotherham Metropolitan Borough Council"
    (?:borough\s+|city\s+|county\s+|district\s+)?   # "Rutland County Council"
    council\b
    """,
    re.VERBOSE | re.IGNORECASE,
)
_PREFIX = re.compile(
    r"""
    (?:london\s+borough|royal\s+borough|city|council)\s+of\s+(?:the\s+)?$   # "London Borough of Brent"
    """,
    re.VERBOSE | re.IGNORECASE,
)
# Host names in e-mail addresses and links: "@rotherham.gov.uk", "www.leeds.gov.uk".
_HOST = re.compile(
    r"""
    (?: @ | https?:// | \bwww\. )        # an e-mail address or a link
    ([a-z0-9][a-z0-9.-]{1,120})          # the host name
    """,
    re.VERBOSE | re.IGNORECASE,
)
_GENERIC_LABELS = frozenset("www gov uk org co com net democracy moderngov committees".split())

_PUNCT = re.compile(r"[^\w\s]")  # punctuation, for loose name comparison

SCAN_CHARS = 20_000   # detection reads the title and the start of the text only
HEAD_CHARS = 1_500    # "first lines": mentions here count double


@dataclass(frozen=True)
class Council:
    """An English local authority with children's services."""

    name: str
    ons_code: str
    dfe_code: str


@dataclass
class Register:
    """The councils with the names, operators and domains that point at them."""

    councils: list[Council]
    names: dict[str, Council] = field(default_factory=dict)        # casefold name -> council
    operators: dict[str, Council] = field(default_factory=dict)    # casefold operator -> council
    domains: dict[str, Council] = field(default_factory=dict)      # domain label -> council
    common: set[str] = field(default_factory=set)                  # names needing "Council"
    loose: dict[str, Council] = field(default_factory=dict)        # name without punctuation -> council
    pattern: re.Pattern | None = None

    def names_of(self, council: Council) -> list[str]:
        """Every name (case-folded) that points at ``council`` alone, longest first.

        >>> sorted(default_register().names_of(default_register().lookup("City of Bristol")))[:2]
        ['bristol', 'bristol city council']
        """
        return sorted((n for n, c in self.names.items() if c == council), key=len, reverse=True)

    def lookup(self, text: str) -> Council | None:
        """A council by name, alternative name, operator, DfE code or ONS code."""
        key = " ".join(text.split()).casefold()
        for c in self.councils:
            if key in (c.dfe_code, c.ons_code.casefold()):
                return c
        if "," in key:
            # Registers invert names: "Bristol, City of" is "City of Bristol".
            name, qualifier = (part.strip() for part in key.split(",", 1))
            key = f"{qualifier} {name}"
        # "St. Helens" is written "St Helens" too; failing that, compare without punctuation.
        return self.names.get(key) or self.operators.get(key) or self.loose.get(_loose_name(key))


def _loose_name(name: str) -> str:
    """A name without punctuation or case, for comparing names as people write them.

    >>> _loose_name("Bristol, City of") == _loose_name("bristol city of")
    True
    """
    return " ".join(_PUNCT.sub(" ", name).split()).casefold()


def read_register(path: str | Path) -> list[tuple[Council, list[str]]]:
    """Read and validate councils.csv: each council with its alternative names.

    Raises:
        DataFileError: unknown column, bad or duplicate code.
    """
    out, seen = [], set()
    for lineno, row in read_rows(path, REGISTER_COLUMNS, required=("dfe_code", "ons_code", "name")):
        if not _DFE.match(row["dfe_code"]) or not _ONS.match(row["ons_code"]):
            raise DataFileError(str(path), lineno, f"bad code {row['dfe_code']!r}/{row['ons_code']!r}")
        if row["dfe_code"] in seen:
            raise DataFileError(str(path), lineno, f"duplicate dfe_code {row['dfe_code']!r}")
        seen.add(row["dfe_code"])
        alts = [a for a in row.get("alt_names", "").split(";") if a]
        if row.get("official_name"):
            alts.append(row["official_name"])
        out.append((Council(row["name"], row["ons_code"], row["dfe_code"]), alts))
    return out


def _form_regex(form: str) -> str:
    # A one-word name must be written as a name ("Reading", not "reading"); longer
    # names may be in any case.
    body = r"\s+".join(re.escape(w) for w in form.split())
    return body if " " not in form else f"(?i:{body})"


def load_register(directory: str | Path | None = None) -> Register:
    """Load the register (packaged files, or the four files in ``directory``).

    Raises:
        DataFileError: a bad row in any of the files, naming the file and line.
    """
    def where(name: str) -> Path:
        return Path(directory) / name if directory else package_file(name)

    entries = read_register(where("councils.csv"))
    by_code = {c.dfe_code: c for c, _ in entries}
    reg = Register([c for c, _ in entries])
    clashes: set[str] = set()
    for council, alts in entries:
        for form in [council.name, *alts]:
            key = " ".join(form.split()).casefold()
            if reg.names.get(key, council) != council:
                clashes.add(key)
            reg.names[key] = council
            reg.domains.setdefault(_COMPACT.sub("", key), council)
    for key in clashes:  # a name two councils share tells us nothing
        reg.names.pop(key)
    path = where("council_operators.csv")
    for lineno, row in read_rows(path, OPERATOR_COLUMNS, required=OPERATOR_COLUMNS[:2]):
        codes = row["dfe_codes"].split(";")
        if any(code not in by_code for code in codes):
            raise DataFileError(str(path), lineno, f"unknown dfe_code in {row['dfe_codes']!r}")
        reg.operators[" ".join(row["operator"].split()).casefold()] = by_code[codes[0]]
    path = where("council_domains.csv")
    for lineno, row in read_rows(path, DOMAIN_COLUMNS, required=DOMAIN_COLUMNS):
        if row["dfe_code"] not in by_code:
            raise DataFileError(str(path), lineno, f"unknown dfe_code {row['dfe_code']!r}")
        reg.domains[row["domain"].lower()] = by_code[row["dfe_code"]]
    common = {row["word"].casefold() for _, row in read_rows(
        where("council_common_words.csv"), COMMON_WORD_COLUMNS, required=COMMON_WORD_COLUMNS)}
    forms = sorted({*reg.names, *reg.operators}, key=len, reverse=True)
    # Keys are case-folded; one-word names are matched as written (capitalised).
    originals = {council.name for council in reg.councils} | {
        a for _, alts in entries for a in alts}
    single = [(f, re.escape(f)) for f in sorted(originals, key=len, reverse=True)
              if " " not in f and len(f) > 3 and f[0].isupper() and f.casefold() in reg.names]
    reg.common = common
    for key, council in [*reg.names.items(), *reg.operators.items()]:
        reg.loose.setdefault(_loose_name(key), council)
    reg.pattern = re.compile(
        r"(?<![\w-])("
        + _by_first_letter([(f, _form_regex(f)) for f in forms if " " in f] + single)
        + r")(?![\w-])"
    )
    return reg


def _by_first_letter(alternatives: list[tuple[str, str]]) -> str:
    """An alternation of ``(form, regex)`` pairs, grouped by the form's first letter.

    Each group opens with a look-ahead for its letter (either case), so at a word start
    only the names that can match there are tried, in their order: the same matches as
    the plain alternation, at a tenth of the cost. Forms not opening with an ASCII
    letter keep the plain alternation.

    >>> _by_first_letter([("bath", "bath"), ("Bury", "Bury"), ("york", "york")])
    '(?=(?i:b))(?:bath|Bury)|(?=(?i:y))(?:york)'
    """
    if not all(f[:1].isascii() and f[:1].isalpha() for f, _ in alternatives):
        return "|".join(r for _, r in alternatives)
    groups: dict[str, list[str]] = {}
    for form, pattern in alternatives:
        groups.setdefault(form[0].lower(), []).append(pattern)
    return "|".join(f"(?=(?i:{letter}))(?:{'|'.join(patterns)})" for letter, patterns in groups.items())


@lru_cache(maxsize=1)
def default_register() -> Register:
    """The packaged register, read once."""
    return load_register()


def _mentions(reg: Register, text: str, weight: float, scores: dict[Council, float]) -> None:
    for m in reg.pattern.finditer(text):
        key = " ".join(m.group(1).split()).casefold()
        council = reg.names.get(key) or reg.operators.get(key)
        if council is None:
            continue
        strong = (key in reg.operators or _SUFFIX.match(text, m.end())
                  or _PREFIX.search(text[max(0, m.start() - 30):m.start()]))
        if key in reg.common and not strong:
            continue
        boost = 2.0 if m.start() < HEAD_CHARS else 1.0
        scores[council] = scores.get(council, 0.0) + weight * boost * (4.0 if strong else 1.0)


def _hosts(reg: Register, text: str, weight: float, scores: dict[Council, float]) -> None:
    for m in _HOST.finditer(text):
        for label in m.group(1).lower().split("."):
            council = reg.domains.get(label) if label not in _GENERIC_LABELS else None
            if council is not None:
                scores[council] = scores.get(council, 0.0) + weight * 4.0
                break


def detect_council(text: str, *, title: str | None = None, url: str | None = None,
                   register: Register | None = None, min_score: float = 2.0) -> Council | None:
    """The council a document is most likely about, or None when the evidence is thin.

    Args:
        text: the document text (only the first 20,000 characters are read).
        title: the document's title, weighted three times.
        url: where it was published; its domain is strong evidence.
        register: the register; default the packaged one.
        min_score: least total evidence (a bare name in the body scores 1).

    >>> detect_council("Report to Cabinet", title="Rutland County Council").name
    'Rutland'
    >>> detect_council("Contact: jo.bloggs@rotherham.gov.uk").name
    'Rotherham'
    >>> detect_council("Performance report, Together for Children").name
    'Sunderland'
    >>> detect_council("no council named here") is None
    True
    """
    reg = register or default_register()
    scores: dict[Council, float] = {}
    head = (text or "")[:SCAN_CHARS]
    if title:
        _mentions(reg, title, 3.0, scores)
    _mentions(reg, head, 1.0, scores)
    _hosts(reg, head, 1.0, scores)
    if url:
        _hosts(reg, url if "://" in url or url.startswith("www.") else f"https://{url}", 3.0, scores)
    if not scores:
        return None
    best = max(scores.items(), key=lambda kv: (kv[1], kv[0].name))
    return best[0] if best[1] >= min_score else None


@dataclass(frozen=True)
class ManifestRow:
    """One row of a corpus ``manifest.csv``: a document and what is known about it."""

    path: Path
    council: Council | None
    title: str | None
    date: str | None
    url: str | None
    line: int


def read_manifest(path: str | Path, *, register: Register | None = None,
                  errors: list[DataFileError] | None = None) -> dict[str, ManifestRow]:
    """Read a corpus manifest (``path,council,title,date,url``; paths relative to it).

    Returns a dict keyed by each document's resolved absolute path (as a string).

    Args:
        path: the manifest CSV.
        register: the council register; default the packaged one.
        errors: if given, a bad row is appended here and skipped; otherwise it raises.

    Raises:
        DataFileError: an unknown column, an unknown council, a bad date or a row
            pointing at a missing file, naming the manifest and the line.
    """
    path = Path(path)
    reg = register or default_register()
    out: dict[str, ManifestRow] = {}
    for lineno, row in read_rows(path, MANIFEST_COLUMNS, required=("path",)):
        try:
            doc = (path.parent / row["path"]).resolve()
            if not doc.is_file():
                raise DataFileError(str(path), lineno, f"no such document {row['path']!r}")
            council = None
            if row.get("council"):
                council = reg.lookup(row["council"])
                if council is None:
                    raise DataFileError(str(path), lineno, f"unknown council {row['council']!r}")
            if row.get("date") and not _ISO_DATE.match(row["date"]):
                raise DataFileError(str(path), lineno, f"date {row['date']!r} is not YYYY-MM-DD")
        except DataFileError as exc:
            if errors is None:
                raise
            errors.append(exc)
            continue
        out[str(doc)] = ManifestRow(doc, council, row.get("title") or None,
                                    row.get("date") or None, row.get("url") or None, lineno)
    return out
