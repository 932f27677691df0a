"""HTML reader: the content of a council web page, without the site around it.

The page is parsed with BeautifulSoup and lxml. Site chrome (menus, breadcrumbs, cookie
banners, footers with the council's address) is dropped: the tags, ``id``/``class``
words and ARIA roles that mark it are data, in ``extractors/data/html_chrome.csv``
(columns ``kind,value,note``; kind is ``tag``, ``token`` or ``role``; a ``token`` matches
an id/class word that starts with it, so ``nav`` matches ``navbar`` but not ``canvas``).
When the page has a ``<main>`` (or else an ``<article>``) only that is read.

The text is written block by block, blocks separated by a blank line: a heading or a
paragraph is one line; a list is one line per ``<li>``, each starting ``"- "``; a table
is one line per row with cells separated by tabs and recorded as a
:class:`~outturn.extractors.models.TableSpan`. A cell spanning columns (``colspan``) or
rows (``rowspan``) is repeated in each column or row it covers, so every row has one
value per header column (a "2023-24" header spanning two columns labels both).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from outturn.errors import DocumentError
from outturn.extractors.models import Document, TableSpan
from outturn.extractors.readers.text import detect_date, detect_title, load_rule_csv

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_PARAGRAPHS = frozenset({"p", "dt", "dd", "caption", "figcaption", "pre", "address"})
_LISTS = frozenset({"ul", "ol"})
# Containers: their own text is a paragraph; their children are walked in order.
_CONTAINERS = frozenset({
    "html", "body", "main", "article", "section", "div", "header", "footer", "blockquote",
    "dl", "figure", "details", "summary", "center", "li", "td", "th", "fieldset",
})
# Anything that starts a block of its own, looked for inside inline elements.
_BLOCK_TAGS = sorted(_CONTAINERS | _HEADINGS | _PARAGRAPHS | _LISTS | {"table"})
_SKIPPED_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)
# Meta tags that carry a publication date.
_DATE_META = ("article:published_time", "dc.date", "dcterms.date", "dcterms.created", "date")
# An id/class value splits into words at anything that is not a letter or digit.
_ID_WORD = re.compile(r"[^a-z0-9]+")
# Whitespace (including tabs, which separate table cells) collapses to one space.
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class ChromeRules:
    """What marks site chrome: tag names, id/class word prefixes, ARIA roles."""

    tags: frozenset[str]
    tokens: tuple[str, ...]
    roles: frozenset[str]


@lru_cache(maxsize=4)
def chrome_rules(source: str | Path = "html_chrome.csv") -> ChromeRules:
    """The chrome rules from ``html_chrome.csv``, validated.

    Raises:
        DataFileError: a bad header or an unknown kind, naming the file and line.
    """
    rows = load_rule_csv(source, ("kind", "value", "note"), ("tag", "token", "role"))
    by_kind: dict[str, list[str]] = {"tag": [], "token": [], "role": []}
    for row in rows:
        by_kind[row["kind"]].append(row["value"].strip().lower())
    return ChromeRules(frozenset(by_kind["tag"]), tuple(by_kind["token"]), frozenset(by_kind["role"]))


def is_chrome(element: Tag, rules: ChromeRules) -> bool:
    """Whether an element is site chrome (an element holding the page's h1 never is).

    >>> soup = BeautifulSoup('<div class="cookie-banner">x</div><div class="canvas">y</div>', "lxml")
    >>> [is_chrome(d, chrome_rules()) for d in soup.find_all("div")]
    [True, False]
    """
    words = []
    for attribute in ("id", "class"):
        value = element.get(attribute)
        if value:
            text = " ".join(value) if isinstance(value, list) else str(value)
            words.extend(w for w in _ID_WORD.split(text.lower()) if w)
    marked = (
        element.name in rules.tags
        or str(element.get("role", "")).lower() in rules.roles
        or any(w.startswith(rules.tokens) for w in words)
    )
    return marked and element.find("h1") is None


def inline_text(element: Tag | NavigableString) -> str:
    """The whitespace-collapsed text of an element.

    >>> inline_text(BeautifulSoup("<p>Re-referrals <b>24.2</b>%\\n within\\t12 months</p>", "lxml").p)
    'Re-referrals 24.2% within 12 months'
    """
    if isinstance(element, NavigableString):
        return _SPACE.sub(" ", str(element)).strip()
    return _SPACE.sub(" ", element.get_text()).strip()


def table_rows(table: Tag) -> list[list[str]]:
    """A table's rows as cell texts, spanned cells repeated; empty rows dropped.

    >>> html = ("<table><tr><th rowspan=2>KPI</th><th colspan=2>2023-24</th></tr>"
    ...         "<tr><th>Q1</th><th>Q2</th></tr><tr><td>CLA</td><td>81</td><td>83</td></tr></table>")
    >>> table_rows(BeautifulSoup(html, "lxml").table)
    [['KPI', '2023-24', '2023-24'], ['KPI', 'Q1', 'Q2'], ['CLA', '81', '83']]
    """
    grid: dict[tuple[int, int], str] = {}
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            while (r, c) in grid:
                c += 1
            text = inline_text(cell)
            for dr in range(_span(cell, "rowspan")):
                for dc in range(_span(cell, "colspan")):
                    grid.setdefault((r + dr, c + dc), text)
            c += _span(cell, "colspan")
    width = 1 + max((c for _, c in grid), default=-1)
    out = [[grid.get((r, c), "") for c in range(width)] for r in range(len(rows))]
    return [row for row in out if any(row)]


def _span(cell: Tag, attribute: str) -> int:
    try:
        return max(1, min(int(cell.get(attribute, 1)), 100))
    except (TypeError, ValueError):
        return 1


class _TextBuilder:
    """Collects blocks of text and the character ranges of tables among them."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.tables: list[tuple[int, int]] = []  # block indexes
        self.pending: list[str] = []

    def inline(self, text: str) -> None:
        self.pending.append(text)

    def flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self.pending)).strip()
        self.pending = []
        if text:
            self.blocks.append(text)

    def block(self, text: str) -> None:
        self.flush()
        if text:
            self.blocks.append(text)

    def table(self, rows: list[list[str]]) -> None:
        self.flush()
        if rows:
            self.tables.append(len(self.blocks))
            self.blocks.append("\n".join("\t".join(row) for row in rows))

    def document_text(self) -> tuple[str, list[TableSpan]]:
        self.flush()
        text, spans, offset = [], [], 0
        table_blocks = set(self.tables)
        for i, block in enumerate(self.blocks):
            if i:
                text.append("\n\n")
                offset += 2
            if i in table_blocks:
                spans.append(TableSpan(offset, offset + len(block)))
            text.append(block)
            offset += len(block)
        return "".join(text), spans


def _walk(element: Tag, out: _TextBuilder) -> None:
    for child in element.children:
        if isinstance(child, _SKIPPED_STRINGS):
            continue
        if isinstance(child, NavigableString):
            out.inline(str(child))
        elif child.name in _HEADINGS or child.name in _PARAGRAPHS:
            out.block(inline_text(child))
        elif child.name in _LISTS:
            out.flush()
            _walk_list(child, out)
        elif child.name == "table":
            out.table(table_rows(child))
        elif child.name in _CONTAINERS or child.find(_BLOCK_TAGS):
            out.flush()
            _walk(child, out)
            out.flush()
        else:
            out.inline(child.get_text())


def _walk_list(list_element: Tag, out: _TextBuilder) -> None:
    """Each item a line "- text"; nested lists follow their parent item."""
    lines: list[str] = []
    for item in list_element.find_all("li", recursive=False):
        own = "".join(
            c.get_text() if isinstance(c, Tag) else str(c)
            for c in item.children
            if not (isinstance(c, Tag) and c.name in _LISTS | {"table"}) and not isinstance(c, _SKIPPED_STRINGS)
        )
        own = _SPACE.sub(" ", own).strip()
        if own:
            lines.append("- " + own)
        for nested in item.find_all(_LISTS, recursive=False):
            inner = _TextBuilder()
            _walk_list(nested, inner)
            lines.extend(inner.document_text()[0].splitlines())
    out.block("\n".join(line for line in lines if line.strip()))
    for item in list_element.find_all("li", recursive=False):
        for table in item.find_all("table", recursive=False):
            out.table(table_rows(table))


def _meta_date(soup: BeautifulSoup) -> str | None:
    for meta in soup.find_all("meta"):
        key = str(meta.get("property") or meta.get("name") or "").lower()
        if key in _DATE_META and meta.get("content"):
            content = str(meta["content"])
            iso = re.match(r"\d{4}-\d\d-\d\d", content)
            return iso.group() if iso else detect_date(content)
    return None


def read_html(path: str | Path, data: bytes, doc_id: str) -> Document:
    """Read an HTML page: its content as text, tables as tab-separated rows.

    Args:
        path: where the bytes came from.
        data: the raw bytes (the encoding is taken from the page or sniffed).
        doc_id: sha256 of ``data``.

    Raises:
        DocumentError: the page has no readable text once chrome is removed.
    """
    path = Path(path)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError(str(path), "contains NUL bytes: this is a binary file, not HTML")
    soup = BeautifulSoup(data, "lxml")
    page_title = inline_text(soup.title) if soup.title else None
    for br in soup.find_all("br"):
        br.replace_with("\n")
    root = soup.find("main") or soup.find("article") or soup.body or soup
    rules = chrome_rules()
    for element in [e for e in root.find_all(True) if is_chrome(e, rules)]:
        if not element.decomposed:
            element.decompose()
    builder = _TextBuilder()
    _walk(root, builder)
    text, spans = builder.document_text()
    if not text.strip():
        raise DocumentError(str(path), "no readable text in the page once menus and footers are removed")
    h1 = root.find("h1")
    title = inline_text(h1) if h1 else page_title or detect_title(text)
    return Document(
        path=str(path),
        name=path.name,
        doc_id=doc_id,
        format="html",
        text=text,
        table_spans=spans,
        title=title or None,
        date=_meta_date(soup) or detect_date(text),
    )
