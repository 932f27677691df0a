"""Statements from prose: sentences, bullets, ``Label: value`` lines and the bold
Target/Tolerance lines under headings.

For each number the pipeline (:mod:`outturn.extractors.pipeline`) keeps, this module
decides its clause, role (``prose_roles.jsonl``), unit (:mod:`outturn.extractors.units`),
period (``prose_periods.jsonl`` says which values a period belongs to), indicator phrase
and evidence, and builds a :class:`Statement`.

Confidence (0-1) is a heuristic, not a probability: 0.9 for a value with its own
naming words in its clause, minus 0.2 when the indicator came from an earlier sentence,
a lead-in or the heading, minus 0.1 for a number in words, for a bound ("less than"),
and for a unit taken from the heading or section; never below 0.3.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import math

import regex

from outturn.extractors.models import Document, Statement
from outturn.extractors.periods import Period, find_periods, parse_period
from outturn.extractors.pipeline import LIST_ITEM, build_pipeline, doc_text, make_doc
from outturn.extractors.prose_indicator import (
    COUNT_WORDS, borrowed_head, counted_noun, counts_only, has_verb, is_weak, names_a_role, own_phrase, phrase_after,
    predicate_after, reports, restates, sentence_phrase, tidy, whole_of,
)
from outturn.extractors.rules import load_cues
from outturn.extractors.units import about_rate, document_rate, own_unit, unit_for

_NEAR_HEADING = 200  # characters from a heading to a line it names that its evidence may span
_WINDOW = 400  # characters of context either side of a value (keeps long lines linear)
# A label ending in a colon right before a clause: no line, clause or bracket break inside.
_LABEL_COLON = regex.compile(r"[^\n;:.(),]{1,60}(?:\([^()\n]{0,40}\)[ \t]*)?:[ \t]*$")  # "England (calendar year 2023): "
_ROLE_LABEL_WORDS = 4  # "Same quarter last year:" at most
# "4.9% below the national average (all schools) and 6.6%": a second change; not after a
# comma ("…, 2.6 points higher than the 2023-24 outturn, and 92.5% were …" starts a clause)
_AND_NEXT = regex.compile(r"(?<![,;]\s{0,3})\band\s*\(?\s*$")
_COMPARATORS = ("national", "regional", "statistical_neighbour", "benchmark_other")
_CHAIN = regex.compile(r"^[\s)]*(?:,|and|&|or)\s*(?:\(\s*)?$|^\s*[-–]\s*$", regex.IGNORECASE)
_MARKUP = regex.compile(r"</?\w+>|\*\*|^[\s#>*•·\-–]+")
_WS = regex.compile(r"\s+")
_OWN_BRACKET = regex.compile(r"\s*\([^()]*$")
_BRACKET_AFTER_VALUE = regex.compile(r"\s*\(\s*$")
_OF_END = regex.compile(r"\bof\s*$")  # "the rate of 96%": the cue before "of" is this value's
# A value's own words, then the bracket of a share right after it: "127 children (26.3%)"
_OPENS_BRACKET = regex.compile(r"[^()]*\(\s*")
_CLOSES_BRACKET = regex.compile(r"\s*\)")
# The lead-in of the next value, whose unit words are not this value's
_RATE_OF_NEXT = regex.compile(r"\b(?:an?|the)\s+(?:\w+\s+)?rate\s+(?:of|was|is)\s*$", regex.IGNORECASE)
_PERIOD_LABEL = regex.compile(r"\s*[(:]\s*")
#: A Word conversion's superscript tags ("31<sup>st</sup> March").
_SUP = regex.compile(r"</?sup>", regex.IGNORECASE)
#: The end of a bracket holding one value, with the noun it counts if any: "(267 children)".
_COUNT_CLOSE = regex.compile(rf"(?:\s+({COUNT_WORDS}))?\s*\)")
#: Between the two ends of a movement: "from 61 <in April to> 74".
_FROM_TO = regex.compile(r"(?:\s+(?:in|at|on|during)(?:\s+[^.;,()\d]{1,30}?)?(?:\s+\d{4}(?:[/-]\d{2,4})?)?)?\s+to\s+")
#: Between two gaps in points, the first of a movement: "3.1 <percentage points in 2008/09 to> 2.5".
_POINTS_TO = regex.compile(r"\s*(?:percentage\s+)?(?:points?|pp)" + _FROM_TO.pattern)
#: Between a count and a bare bracketed number: a few words, if any, then the bracket ("640
#: children (60.8)", "196 (72.1)"); the last word must say what the count is of (see _second_measure).
_SECOND_MEASURE = regex.compile(rf"(?:\s+(?:[a-z][\w'’-]*\s+){{0,3}}?({COUNT_WORDS}))?\s*\(\s*")
# a line that a period labels: "- **Quarter 2:** 2,902", "Q1: 23.8%"
_SERIES_LEAD = regex.compile(r"[\s\-•*]*")
_SERIES_COLON = regex.compile(r"[\s*]*:[\s*]*")
# The unit words right after a value, before a role cue: "69 per 10,000 children in England"
_UNIT_WORDS = regex.compile(
    r"""\s*(?:per\s+(?:10|100),?000|per\s+(?:10|100)k|percentage\s+points?|points?   # the unit
           |(?:working\s+|calendar\s+)?(?:days|weeks|months))                      # (636 days for England)
        (?:\s+(?:children|young\s+people|population)\b)?                             # its base
        (?=\s)""",
    regex.IGNORECASE | regex.VERBOSE,
)
# "Average days from entering care to moving in with an adoptive family: 418"
# "4.2 Label: ", "• initial assessments within 10 working days: " (a bullet's label may be lower case)
# (matched up to the value's bound, if any: "- first time entrants: <no more than> 180")
_LABEL = regex.compile(r"[\s\-•*]*(?:\d{1,2}(?:\.\d{1,2})+\s+)?([A-Z][^:\n]{0,120}|(?<=[•*\-]\s{1,3})[a-z][^:\n]{0,120}):\s*$")
# "increases of 77% and 29% respectively": the values take the earlier phrases in order
_RESPECTIVELY = regex.compile(r"[\s,)]*respectively\b", regex.IGNORECASE)
# "Decline in the timeliness of X of 94.6% compared to 98.6%": a level contrasted with an
# earlier level, not the size of the decline
# "of 94.6% compared to 98.6%": a level contrasted with another value (not with a year: "an
# increase of £1,100 compared with 2023/24" is a change)
_LEVEL_CONTRAST = regex.compile(r"""^\s*,?\s*(?:compared\s+(?:to|with)|as\s+opposed\s+to|versus|vs\.?)\s+
    (?!(?:19|20)\d\d(?:\s*[/-]\s*\d{2,4})?\b)[+\-£]?\d""", regex.IGNORECASE | regex.VERBOSE)


@functools.lru_cache(maxsize=1)
def _default_nlp():
    return build_pipeline()


@functools.lru_cache(maxsize=None)
def _cues(kind: str) -> tuple:
    return tuple(c for c in load_cues("prose_indicator.jsonl") if c.label == kind)


@functools.lru_cache(maxsize=None)
def _role_cues(where: str) -> tuple:
    return tuple(c for c in load_cues("prose_roles.jsonl") if c.where == where)


def _clean(text: str) -> str:
    return _WS.sub(" ", _MARKUP.sub(" ", text)).strip(" ,;:-–()*")


def _reference_date(document: Document) -> tuple[datetime.date | None, Period | None]:
    """The document's reference date and reporting period.

    From the reader's date, else the latest month or day the text names; the reporting
    period is the first quarter, year or month in the title area, else that month.
    """
    title, top = document.title or "", document.text[:800]
    head = [(text, start, p) for text in (title, top) for start, _, p in find_periods(text)
            if p.kind in ("quarter", "financial_year", "year_to_date", "month")]
    # the period the paper reviews, where its title names others too ("PLAN 2022-23: REVIEW OF
    # PERFORMANCE IN 2021/22"), else the first
    reviewed = [p for text, start, p in head
                if any(c.search(text, max(0, start - 60), start) for c in _period_cues("reviewed"))]
    reporting = (reviewed or [p for _, _, p in head] or [None])[0]
    reference = None
    if document.date:
        try:
            reference = datetime.date.fromisoformat(document.date[:10])
        except ValueError:
            reference = None
    if reference is None:
        ends = [p.end for _, _, p in find_periods(document.text[:2_000_000]) if p.kind in ("month", "point")]
        reference = max((d for d in ends if d <= datetime.date.today()), default=None)
    if reporting is None and reference is not None:
        reporting = parse_period(reference.strftime("%B %Y"))  # the whole month, to its last day
    if reference is None and reporting is not None:
        reference = reporting.end  # "Quarter 2 2024/25 (July to September 2024)": its "Q1" is 2024's
    return reference, reporting


class _Context:
    """Per-document lookups: blocks, headings, periods, exclusions."""

    def __init__(self, doc, document: Document, exclude, reporting: Period | None):
        self.doc, self.text, self.document, self.reporting = doc, doc_text(doc), document, reporting
        # the text the label, role and unit cues read: markdown emphasis and a Word ordinal's
        # tags are no words, so "**Target:** 21%" reads as "Target: 21%" and "31<sup>st</sup>
        # March" as "31     st      March" (same length: offsets hold in both)
        self.plain = _SUP.sub(lambda m: " " * len(m.group()), self.text.replace("**", "  ").replace("__", "  "))
        self.blocks = sorted((s.start_char, s.end_char, s.label_) for s in doc.spans["blocks"])
        self.block_starts = [b[0] for b in self.blocks]
        self.headings = [b for b in self.blocks if b[2] == "heading"]
        self.heading_starts = [h[0] for h in self.headings]
        self.periods = sorted(s._.period for s in doc.spans["periods"])
        self.period_starts = [p[0] for p in self.periods]
        # periods a change is measured from ("higher than the 2023-24 outturn", "on Quarter 2"):
        # the base cue words end right where the period starts
        self.base_period_starts = {p[0] for p in self.periods if any(
            c.search(self.text, max(0, p[0] - 40), p[0]) for c in _period_cues("base"))}
        self.exclude = sorted(exclude)
        self.exclude_starts = [e[0] for e in self.exclude]
        self.value_starts = sorted(s.start_char for s in doc.spans["quantities"])
        self.document_rate = document_rate(self.text)  # two searches of the text, cheaper than asking lazily
        # the council by any of its names, longest first: the register's "City of Bristol" is
        # "Bristol" in its own papers
        names = {document.council, *document.council_names} if document.council else set()
        self.council_names = sorted({n.casefold() for n in names}, key=len, reverse=True)
        # the block start, end and actual rows with a unit of the sentence last read
        self.last_sentence: tuple[int, int, list[dict]] = (-1, 0, [])
        self.named: dict[int, tuple[str, int]] = {}  # sentence start -> the phrase its values took
        self.named_starts: list[int] = []  # the keys of ``named``, in order (for bisect)
        # sentence start -> unit -> the phrase its first value of that unit took (two units or more)
        self.named_by_unit: dict[int, dict[str, tuple[str, int]]] = {}

    def name_sentence(self, start: int, phrase: tuple[str, int]) -> None:
        """Remember the phrase (and its offset) the values of the sentence at ``start`` took."""
        self.named[start] = phrase
        self.named_starts.append(start)

    def holds_value(self, start: int, end: int) -> bool:
        """True when a value (a quantity) starts in ``[start, end)``."""
        i = bisect.bisect_left(self.value_starts, start)
        return i < len(self.value_starts) and self.value_starts[i] < end

    def is_council(self, phrase: str) -> bool:
        """True when ``phrase`` is only the council's name ("Surrey", "Cheshire East's"), or
        its name and one word that names nothing ("Surrey's rate", not "Norfolk's looked
        after population")."""
        phrase = phrase.strip()
        council = next((name for name in self.council_names if phrase.casefold().startswith(name)), None)
        if council is None:
            return False
        rest = phrase[len(council):]
        if rest[:1] not in ("", " ", "'", "’"):
            return False  # "Kentish"
        rest = rest.removeprefix("'s").removeprefix("’s").strip()
        return not rest or " " not in rest and is_weak(rest)

    def names_nothing(self, phrase: str, start: int) -> bool:
        """True when a sentence's subject (``phrase`` at ``start``) names no measure: it holds
        a value ("At 30 September, 371 children", "The rate of 91.7 per 10,000") or is the
        council ("Surrey remains below ...") or reports figures ("the Head of Service reported
        that ...")."""
        end = start + len(phrase)
        return self.holds_value(start, end) or self.is_council(phrase) or reports(self.text[end:end + 60])

    def excluded(self, start: int) -> bool:
        i = bisect.bisect_right(self.exclude_starts, start) - 1
        return i >= 0 and start < self.exclude[i][1]

    def after_excluded(self, start: int, at: int) -> int:
        """``start``, or the end of an excluded range (a table) between it and ``at``."""
        i = bisect.bisect_right(self.exclude_starts, at) - 1
        while i >= 0 and self.exclude[i][1] > at:
            i -= 1
        if i < 0 or self.exclude[i][1] <= start:
            return start
        end = self.exclude[i][1]
        while end < at and self.text[end].isspace():
            end += 1
        return end

    def block_of(self, start: int):
        i = bisect.bisect_right(self.block_starts, start) - 1
        return self.blocks[i] if i >= 0 and start < self.blocks[i][1] else None

    def heading_before(self, start: int):
        i = bisect.bisect_right(self.heading_starts, start) - 1
        return self.headings[i] if i >= 0 else None

    def periods_in(self, start: int, end: int):
        i = bisect.bisect_left(self.period_starts, start)
        out = []
        while i < len(self.periods) and self.periods[i][0] < end:
            out.append(self.periods[i])
            i += 1
        return out

    def in_period(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.period_starts, start) - 1
        return i >= 0 and self.periods[i][0] <= start and end <= self.periods[i][1]


def _clause_bounds(text: str, lo: int, hi: int, start: int, end: int) -> tuple[int, int, int]:
    """The clause around ``[start, end)`` within the window ``[lo, hi)``: its start and end,
    and the end of its naming words, which may run across a relative clause ("17 of the
    96 <plans that started>")."""
    c_start, n_end = _breaks(text, _cues("clause_break"), lo, hi, start, end)
    r_start, r_end = _breaks(text, _cues("relative_break"), lo, hi, start, end)
    return max(c_start, r_start), min(n_end, r_end), n_end


def _breaks(text: str, cues, lo: int, hi: int, start: int, end: int) -> tuple[int, int]:
    """``[lo, hi)`` narrowed to the last break of ``cues`` before ``start`` and the first after ``end``."""
    for cue in cues:
        for m in cue.pattern.finditer(text, lo, start):
            lo = max(lo, m.end())
        m = cue.pattern.search(text, end, hi)
        if m:
            hi = min(hi, m.start() + (1 if m.group(0).startswith(".") else 0))
    return lo, hi


def _heading_phrase(ctx: _Context, start: int) -> tuple[str, int] | None:
    heading = ctx.heading_before(start)
    if heading is None:
        return None
    raw = ctx.text[heading[0]:heading[1]]
    body = _MARKUP.sub(" ", raw)
    offset = 0
    for cue in _cues("heading_strip"):
        m = cue.pattern.search(body)
        if m and m.start() == 0:
            offset = m.end()
            body = body[m.end():]
        elif m:
            body = body[: m.start()]
    phrase = _clean(body)
    if not phrase:
        return None
    at = raw.find(phrase[:20])
    return phrase, heading[0] + (at if at >= 0 else 0)


def _role(ctx: _Context, q, before: str, after: str, prev, s_start: int) -> tuple[str, tuple[int, int] | None]:
    """The role from cues, and the span of the cue that decided it.

    ``after`` cues are matched past the value's unit words ("69 per 10,000 <in England>");
    ``sentence`` cues on the sentence up to the value ("- Increase ... from 58.3% to at least").
    """
    unit_words = _UNIT_WORDS.match(after)
    skip = unit_words.end() if unit_words else 0
    near_before, near_after = before[-160:], after[skip:skip + 160]
    for cue in load_cues("prose_roles.jsonl"):
        if cue.where == "sentence":
            m = cue.pattern.search(ctx.plain[s_start:q.start]) if q.start - s_start <= _WINDOW else None
            if m:
                return cue.label, (s_start + m.start(), q.start)
        elif cue.where == "before":
            m = cue.pattern.search(near_before)
            if m:
                abs_start = q.start - len(near_before) + m.start()
                if prev and prev["cue_span"] and abs_start < prev["cue_span"][1] and not _OF_END.search(
                        before) and not _BRACKET_AFTER_VALUE.search(near_before):
                    # "96% nationally and secondary was 94.5%": the cue belongs to 96%; but
                    # "1.4 points above the England average (82.9%)" names the bracket's value
                    continue
                return cue.label, (abs_start, q.start)
        elif cue.where == "after":
            m = cue.pattern.search(near_after)
            if m:
                return cue.label, (q.end, q.end + skip + m.end())
    return "actual", None


@functools.lru_cache(maxsize=None)
def _period_cues(kind: str) -> tuple[regex.Pattern, ...]:
    return tuple(c.pattern for c in load_cues("prose_periods.jsonl") if c.label == kind)


def _period_for(ctx: _Context, q, c_start: int, c_end: int, s_start: int, s_end: int, others=(),
                own: bool = True, base: bool = False):
    """The period nearest the value: its clause, then sentence, then heading, then document.

    A period with another value between it and this one belongs to that value; so does,
    for an ``own`` (actual or previous) value, one written right after another value. A
    ``base`` value (a change) does not take the period it is measured from.
    """
    def free(p) -> bool:
        # "2.6 points higher than the 2023-24 outturn", "9 fewer than at 31 March 2024 (491)"
        is_base = p[0] in ctx.base_period_starts
        if own and p[0] < q.start and not is_base and any(
                o.end <= p[0] and any(c.fullmatch(ctx.text, o.end, p[0]) for c in _period_cues("own"))
                and not any(c.search(ctx.text, max(0, o.start - 16), o.start) for c in _period_cues("frame"))
                for o in others):
            # "lower than the 671 received in Quarter 2, and … 93%": Quarter 2 is 671's, but
            # "Of the 1,310 EHCPs issued in 2024, 432 …" frames 432 in 2024
            return False
        if base and p[0] >= q.end and is_base:
            return False  # "a 5% decrease on Quarter 2": the change is the current period's
        if own and p[0] >= q.end and any(c.search(ctx.text, max(0, p[0] - 30), p[0]) for c in _period_cues("compared")):
            return False  # "(21.1%), the highest monthly figure since October 2015": what it is compared with
        if is_base and p[0] < q.start and any(0 <= p[0] - o.end <= 80 for o in others) and not _PERIOD_LABEL.fullmatch(
                ctx.text, p[1], q.start):
            return False  # "…, and 92.5% …": a change's base is no later value's; "(491)" is labelled by it
        lo, hi = (q.end, p[0]) if p[0] >= q.end else (p[1], q.start)
        opened = _OWN_BRACKET.search(ctx.text, lo, hi) if p[0] >= q.end else None
        if opened:  # "32.0% (2022-23: 24.0%)", "12% (9% in 2023-24)": the bracket's period is its value's
            close = ctx.text.find(")", p[1], p[1] + 200)
            if any(opened.start() <= o.start < (close if close != -1 else p[1] + 200) for o in others):
                return False
        # values in a bracket right after this one ("98% (43 out of 44) in Q1") do not block
        # nor does another measure of the same thing ("640 children (60.8) at the end of June")
        return not any(lo <= o.start < hi and not _OWN_BRACKET.match(ctx.text, q.end, o.start)
                       and not _second_measure(ctx.text, q.end, o.start) for o in others)

    for lo, hi in ((c_start, c_end), (s_start, s_end)):
        found = [p for p in ctx.periods_in(lo, hi) if free(p)]
        if found:
            after = [p for p in found if p[0] >= q.end]
            best = min(after or found, key=lambda p: abs(p[0] - q.end) if p[0] >= q.end else q.start - p[1])
            return best[2], best
    heading = ctx.heading_before(q.start)
    if heading:
        found = {(p[2].start, p[2].end): p[2] for p in ctx.periods_in(heading[0], heading[1])}
        # A heading naming two periods ("…, 2023-24 and 2024-25") does not say which one
        # a sentence under it is about: the document's reporting period decides.
        if len(found) == 1:
            return next(iter(found.values())), None
    return ctx.reporting, None


def _list_role(ctx: _Context, block) -> str | None:
    """The role the line introducing a list gives the list's items ("the following targets for
    2022/23:"), when ``block`` is one of its items; else None."""
    text = ctx.text
    if not LIST_ITEM.match(text, block[0]):
        return None
    i = bisect.bisect_right(ctx.block_starts, block[0]) - 2
    for j in range(i, max(i - 30, -1), -1):
        start, end = ctx.blocks[j][0], ctx.blocks[j][1]
        if LIST_ITEM.match(text, start):
            continue
        lead = ctx.plain[start:end][-_WINDOW:]
        return next((c.label for c in _role_cues("lead_in") if c.pattern.search(lead)), None)
    return None


def _statements_in_sentence(ctx: _Context, quantities, block, s_start: int, s_end: int) -> list[dict]:
    text, plain = ctx.text, ctx.plain
    rows: list[dict] = []
    prev = None
    for q in quantities:
        lo, hi = max(s_start, q.start - _WINDOW), min(s_end, q.end + _WINDOW)
        c_start, c_end, n_end = _clause_bounds(text, lo, hi, q.start, q.end)
        cut = max(c_start, prev["q"].end) if prev and prev["q"].end > c_start else c_start
        before, after = text[cut:q.start], text[q.end:c_end]
        role, cue_span = _role(ctx, q, _label_before(plain, s_start, cut) + plain[cut:q.start],
                               plain[q.end:c_end], prev, s_start)
        linked_range = prev and q.range_part == "high" and prev["q"].range_part == "low"
        if linked_range:
            role = prev["role"]
        elif prev and prev["role"] == "change" and (_AND_NEXT.search(text, prev["q"].end, q.start)
                                                   or q.unit_hint is None and _POINTS_TO.fullmatch(text, prev["q"].end, q.start)):
            role = "change"  # "narrowed from 3.1 percentage points in 2008/09 to 2.5 points"
        elif role == "actual" and prev and prev["role"] in _COMPARATORS + ("change", "previous", "tolerance", "target") \
                and _CHAIN.match(text[prev["q"].end:q.start]) and prev["q"].unit_hint == q.unit_hint:
            role = prev["role"]  # "increases of 77% and 29%"
        if role == "actual" and prev and prev["role"] in ("previous", "target") + _COMPARATORS and \
                _second_measure(text, prev["q"].end, q.start) and _closes_bracket(text, q.end):
            role = prev["role"]  # "down from 196 (72.1)": the same thing measured twice, at the same time
        if role == "actual" and cue_span is None and not linked_range:
            role = _list_role(ctx, block) or role  # "- ETE at end of intervention: 75%;" under "the following targets:"
        if role == "change" and cue_span and cue_span[1] == q.start and _LEVEL_CONTRAST.match(after):
            role = "actual"  # "Decline in the timeliness of X of 94.6% compared to 98.6%"
        rows.append(dict(q=q, role=role, cue_span=cue_span, c_start=c_start, c_end=c_end, n_end=n_end,
                         before=before, after=after,
                         phrase_before=text[max(lo, prev["q"].end if prev else s_start):q.start]))
        if prev:
            prev["phrase_after"] = text[prev["q"].end:min(prev["n_end"], q.start)]
        prev = rows[-1]
    if prev:
        prev["phrase_after"] = text[prev["q"].end:prev["n_end"]]
    _see_through_brackets(rows)
    _distribute_lists(ctx, rows)
    return rows


def _see_through_brackets(rows: list[dict]) -> None:
    """A value's naming words run on past a bracketed share right after it: in "127
    children (26.3%) lived outside the area", 127 counts "children lived outside the area".
    The bracket is blanked, so offsets into ``phrase_after`` stay those of the text.

    >>> from types import SimpleNamespace as At
    >>> rows = [dict(q=At(start=0, end=3), phrase_after=" children ("),
    ...         dict(q=At(start=14, end=19), phrase_after=") lived outside the area")]
    >>> _see_through_brackets(rows); rows[0]["phrase_after"].split(), len(rows[0]["phrase_after"])
    (['children', 'lived', 'outside', 'the', 'area'], 40)
    """
    for row, nxt in zip(rows, rows[1:]):
        head, tail = row["phrase_after"], nxt["phrase_after"]
        close = _CLOSES_BRACKET.match(tail)
        if len(head) != nxt["q"].start - row["q"].end or not _OPENS_BRACKET.fullmatch(head) or not close:
            continue
        opened = head.rindex("(")
        blank = nxt["q"].end + close.end() - (row["q"].end + opened)
        row["phrase_after"] = head[:opened] + " " * blank + tail[close.end():]


def _label_before(text: str, s_start: int, clause_start: int) -> str:
    """The short label whose colon opens the clause at ``clause_start`` ("Target: ",
    "England: ", "(previous quarter: "), or "": the words a role cue reads for the value
    after it. A longer label names the indicator ("Children with three or more placements
    in the last year: 11.8%"), not the value's role.

    >>> text = "Re-referrals: 21.4% (Target: 20%; England: 22.4%)"
    >>> _label_before(text, 0, text.index("20%")), _label_before(text, 0, text.index("22.4%"))
    ('Target: ', ' England: ')
    >>> _label_before("Children moved three times in the last year: 11.8%", 0, 45)
    ''
    """
    m = _LABEL_COLON.search(text, max(s_start, clause_start - 80), clause_start)
    return m.group() if m and len(m.group().split()) <= _ROLE_LABEL_WORDS else ""


def _distribute_lists(ctx: _Context, rows: list[dict]) -> None:
    """'the regional and national averages of 61 and 67': comparators in order."""
    for i, row in enumerate(rows):
        if row["role"] not in _COMPARATORS or i + 1 >= len(rows):
            continue
        nxt = rows[i + 1]
        if nxt["role"] != row["role"] or not _CHAIN.match(ctx.text[row["q"].end:nxt["q"].start]):
            continue
        head = ctx.text[max(row["c_start"], row["q"].start - 80):row["q"].start]
        found = sorted((m.start(), c.label) for c in _role_cues("list") for m in c.pattern.finditer(head))
        labels = [label for _, label in found]
        if len(labels) >= 2:
            row["role"], nxt["role"] = labels[-2], labels[-1]


def extract_prose_statements(
    document: Document, *, exclude: list[tuple[int, int]] = (), nlp=None
) -> list[Statement]:
    """Statements in the sentences, bullets and ``Label: value`` lines outside ``exclude``.

    Args:
        document: a read document.
        exclude: character ranges (tables) to skip.
        nlp: a pipeline from :func:`outturn.extractors.pipeline.build_pipeline`.
    """
    nlp = nlp or _default_nlp()
    reference, reporting = _reference_date(document)
    doc = make_doc(nlp, document.text)
    doc._.reference_date = reference
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    ctx = _Context(doc, document, exclude, reporting)
    from outturn.extractors.pipeline import find_sentences

    by_sentence: dict[tuple[int, int, int], list] = {}
    sentences_in: dict[tuple[int, int], list[tuple[int, int]]] = {}  # the values of a block share its window
    for span in doc.spans["quantities"]:
        q = span._.quantity
        if q.is_denominator or ctx.excluded(q.start) or ctx.in_period(q.start, q.end):
            continue
        block = ctx.block_of(q.start)
        if block is None:
            continue
        if block[2] == "block":
            lo, hi = max(block[0], q.start - 2000), min(block[1], q.end + 2000)
            sentences = sentences_in.get((lo, hi))
            if sentences is None:
                sentences = sentences_in[lo, hi] = find_sentences(ctx.text, lo, hi)
            s = next(((a, b) for a, b in sentences if a <= q.start < b), (lo, hi))
            # a sentence cut by the search window (a 1 MB line) is clipped around the value
            s = (s[0] if s[0] != lo or lo == block[0] else max(lo, q.start - _WINDOW),
                 s[1] if s[1] != hi or hi == block[1] else min(hi, q.end + _WINDOW))
        else:
            s = (block[0], block[1])
        s = (ctx.after_excluded(s[0], q.start), s[1])  # a table just above is no part of the sentence
        by_sentence.setdefault((block[0], *s), []).append(q)
    statements = []
    for (b_start, s_start, s_end), qs in by_sentence.items():
        block = ctx.block_of(qs[0].start)
        rows = _statements_in_sentence(ctx, qs, block, s_start, s_end)
        _name_rows(ctx, rows, block, s_start)
        _assign_units(ctx, rows, block, s_start, s_end)
        by_unit: dict[str, tuple[str, int]] = {}
        for row in rows:
            if row["unit"] and row["indicator"][0]:
                by_unit.setdefault(row["unit"], row["indicator"][:2])
        if len(by_unit) > 1:
            ctx.named_by_unit[s_start] = by_unit
        statements.extend(_build(ctx, row, block, s_start, s_end, rows) for row in rows)
    return [s for s in statements if s is not None]


def _label(ctx: _Context, block, q):
    """The ``Label:`` that opens ``block`` and ends right before ``q`` or its bound, if any."""
    return _LABEL.match(ctx.plain, block[0], q.start if q.bound_start is None else max(block[0], q.bound_start))


def _own(ctx: _Context, row, block) -> tuple[str, int] | None:
    """The value's own naming words (absolute offset), from a ``Label:`` or its clause."""
    q, text = row["q"], ctx.text
    label = _label(ctx, block, q)
    # a "Label:" is a name, not a sentence ("Health outcomes remain good: 92% of ..."), and
    # words right after the value name it better ("Missing episodes: 214 children went missing")
    if label and not has_verb(label.group(1)) and not phrase_after(row["phrase_after"]):
        found = tidy(label.group(1))
        return (found[0], label.start(1) + found[1]) if found and not is_weak(found[0]) else None
    found = own_phrase(row["phrase_before"], row["phrase_after"])
    if found is None or ctx.is_council(found[0]):  # "Surrey remains below the England average of 22.4%"
        return None
    phrase, at = found
    return phrase, (q.end + at) if at >= 0 else q.start + at


def _second_measure(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]``, between a value and the next, opens a bracket right after
    the value or after the noun it counts: the bracket holds the same thing measured another way.

    >>> [_second_measure(t, t.index(" "), t.rindex("(") + 1) for t in
    ...  ("640 children (60.8)", "196 (72.1)", "640 young people (60.8)", "12 in June (3)")]
    [True, True, True, False]
    """
    m = _SECOND_MEASURE.fullmatch(text, start, end)
    return bool(m) and (m.group(1) is None or counts_only(m.group(1)))


def _closes_bracket(text: str, end: int) -> bool:
    """True when a bracket closes right after the value that ends at ``end``, or after the
    noun it counts ("(72.1)", "(267 children)").

    >>> _closes_bracket("(72.1) in June", 5), _closes_bracket("(267 children) in June", 4), _closes_bracket("(3 of 4)", 2)
    (True, True, False)
    """
    m = _COUNT_CLOSE.match(text, end)
    return bool(m) and (not m.group(1) or counts_only(m.group(1)))


def _in_brackets(text: str, start: int, q) -> bool:
    head = text[start:q.start]
    return head.count("(") > head.count(")")


def _name_rows(ctx: _Context, rows: list[dict], block, s_start: int) -> None:
    """Set each row's ``indicator`` (phrase, evidence start, confidence penalty).

    Own words first; then the other values of the sentence (a comparator, target or
    change carries its actual's phrase; "77% and 29% respectively" take the earlier
    phrases in order); then the earlier sentences of the block, a lead-in line, the heading.
    """
    text = ctx.text
    for i, row in enumerate(rows):
        row["bracketed"] = _in_brackets(text, s_start, row["q"])
        # "98% (43 out of 44)", "13.1% (81 out of 618 children)": the bracket qualifies 98%
        qualifies = i > 0 and _BRACKET_AFTER_VALUE.match(text, rows[i - 1]["q"].end, row["q"].start)
        own = None if block[2] in ("heading", "cue_line") or qualifies else _own(ctx, row, block)
        # a comparator's cue words name its area or group, not the measure ("21.2% for the South West")
        cue = row["cue_span"]
        compared = row["role"] in _COMPARATORS and cue and own and cue[0] <= own[1] < cue[1]
        # "566 children were subject to a plan, a rate of 44.6": the subject before 44.6 is
        # 566's own words, which name 44.6 only in full (through its sibling)
        taken = own and i and rows[i - 1]["own"] and rows[i - 1]["q"].end <= own[1] <= rows[i - 1]["own"][1]
        # "to 44.7 at the end of September (296 children)", "9.3% ..., equivalent to 712 young
        # people": a count of the same thing, bracketed or said to be equivalent
        counted = own and i and counts_only(own[0]) and (
            row["bracketed"] or restates(text[rows[i - 1]["q"].end:row["q"].start]))
        row["own"] = None if compared or taken or counted else own
    _subjects_of_predicates(rows)
    _respectively(ctx, rows)
    fallback = head = None
    by_unit: dict[str, tuple[str, int, float]] = {}
    led = _led_by_label(ctx.plain, s_start, rows[0]["c_start"])
    for row in rows:
        if row["own"]:
            row["indicator"] = (row["own"][0], s_start, 0.0)
            continue
        if block[2] == "cue_line" and led:  # "Target: 20%" under the measure's own line
            found = _named_just_before(ctx, block, s_start)
            if found:
                row["indicator"] = found
                continue
        if block[2] in ("heading", "cue_line"):
            found = _heading_phrase(ctx, block[0] + 1 if block[2] == "heading" else row["q"].start)
            if found:
                row["indicator"] = (found[0], min(found[1], s_start), 0.1)
                continue
        sibling = _sibling(rows, row)
        if sibling:
            row["indicator"] = (sibling, s_start, 0.1)
            continue
        subject = _sentence_subject(ctx, s_start, row["q"].start)
        if subject:  # "The rate of X has decreased ..., with the latest figures at 402"
            row["indicator"] = (subject, s_start, 0.1)
            continue
        if fallback is None:
            # a line of targets, comparators or earlier values only, led by a role label
            # ("Target: 20% | England: 22.4%"), belongs to the measure stated just before it
            satellite = led and all(r["role"] != "actual" for r in rows)
            fallback = (satellite and _named_just_before(ctx, block, s_start)
                        or _reach_back(ctx, block, s_start) or (None, s_start, 0.3))
            head = fallback[0] and borrowed_head(text[s_start:rows[0]["q"].start])
            if head:  # "The rate of 91.7 per 10,000 was ...": the rate of what was named before
                fallback = (f"[{fallback[0]}] {head}", *fallback[1:])
        row["indicator"] = fallback
        unit = not led and not head and fallback[0] and own_unit(row["q"].unit_hint, after=row["after"])
        if unit:
            # "... 49 children (9.6%) had three or more moves. This remains inside the 10%
            # target": like is compared with like, so the earlier value of the same unit
            if unit not in by_unit:
                by_unit[unit] = _reach_back(ctx, block, s_start, unit) or fallback
            row["indicator"] = by_unit[unit]
    first = next((r["indicator"] for r in rows if r["indicator"][0]), None)
    if first:
        ctx.name_sentence(s_start, (first[0], first[1]))


def _subjects_of_predicates(rows: list[dict]) -> None:
    """A value that is its clause's subject is named by what it is said to be, after the
    whole it is part of, cut to its noun phrase: in "Of the 159 plans that ended, 7 had
    lasted two years or more", 7 is "plans had lasted two years or more"."""
    for i, row in enumerate(rows):
        if row["bracketed"]:
            continue
        found = predicate_after(row["before"], row["phrase_after"])
        if found is None:
            continue
        whole = next((r["own"][0] for r in reversed(rows[:i]) if r["own"] and not r.get("predicate")), None)
        whole = whole and whole_of(whole, found[0])
        row["own"] = (f"{whole} {found[0]}" if whole else found[0], row["q"].end + found[1])
        row["predicate"] = True


def _sentence_subject(ctx: _Context, s_start: int, at: int) -> str | None:
    """The subject of the sentence's verb before a value that has no naming words of its own."""
    found = sentence_phrase(ctx.text[s_start:at])
    if not found:
        return None
    # "The rate of 91.7 per 10,000 was below ... 97.9": the subject names 91.7 only
    return None if ctx.names_nothing(found[0], s_start + found[1]) else found[0]


def _sibling(rows: list[dict], row) -> str | None:
    """The phrase of the nearest other value of the sentence with its own words.

    Earlier values first; a value outside brackets does not take a bracketed one's.
    """
    i = rows.index(row)
    order = list(range(i - 1, -1, -1)) + list(range(i + 1, len(rows)))
    for j in order:
        other = rows[j]
        if other["own"] and (row["bracketed"] or not other["bracketed"]) and not names_a_role(other["own"][0]):
            return other["own"][0]
    return None


def _respectively(ctx: _Context, rows: list[dict]) -> None:
    """'X from 370 to 656 and Y 488 to 624, increases of 77% and 29% respectively'."""
    for end, row in enumerate(rows):
        if row["own"] or not _RESPECTIVELY.match(ctx.text, row["q"].end):
            continue
        start = end
        while start > 0 and not rows[start - 1]["own"] and _CHAIN.match(
                ctx.text[rows[start - 1]["q"].end:rows[start]["q"].start]):
            start -= 1
        phrases: list[tuple[str, int]] = []
        for earlier in rows[:start]:
            if earlier["own"] and earlier["own"][0] not in [p[0] for p in phrases]:
                phrases.append(earlier["own"])
        chain = rows[start:end + 1]
        if len(phrases) == len(chain):
            for member, phrase in zip(chain, phrases):
                member["own"] = phrase


def _led_by_label(text: str, s_start: int, clause_start: int) -> bool:
    """True when the sentence is a short label and its colon up to its first value's clause.

    >>> _led_by_label("  Target: 20% | RAG: G", 0, 10), _led_by_label("Tolerance 85 - 100%", 0, 0)
    (True, False)
    """
    lead = text[s_start:clause_start].strip()
    return bool(lead) and lead == _label_before(text, s_start, clause_start).strip()


def _named_just_before(ctx: _Context, block, s_start: int) -> tuple[str, int, float] | None:
    """The phrase the values of the nearest earlier sentence took, when that sentence is
    in this block or one of the two blocks before it, with no heading between."""
    i = bisect.bisect_left(ctx.named_starts, s_start) - 1
    if i < 0:
        return None
    start = ctx.named_starts[i]
    j = bisect.bisect_right(ctx.block_starts, block[0]) - 1
    nearby = ctx.blocks[max(0, j - 2):j + 1]
    if start < nearby[0][0] or any(b[2] == "heading" and b[0] > start for b in nearby):
        return None
    # the evidence runs from the words it borrows ("Current performance: 17.3%" / "Target: 18%")
    return ctx.named[start][0], min(ctx.named[start][1], s_start), 0.2


def _reach_back(ctx: _Context, block, s_start: int, unit: str | None = None) -> tuple[str, int, float] | None:
    """The naming words of an earlier sentence of the block, a lead-in line or the heading.

    Given the ``unit`` of the value to name, an earlier sentence with values of two units
    or more gives the words of its value of that unit.
    """
    from outturn.extractors.pipeline import find_sentences

    text = ctx.text
    if s_start > block[0]:
        lo = max(block[0], s_start - 2000)
        earlier = find_sentences(text, lo, s_start)
        if lo > block[0]:
            earlier = earlier[1:]  # the first one is cut by the window
        for a, b in reversed(earlier[-3:]):
            if unit and unit in ctx.named_by_unit.get(a, {}):
                phrase, at = ctx.named_by_unit[a][unit]
                return phrase, min(at, a), 0.2
            found = sentence_phrase(text[a:b])
            # such a subject names less than the phrase the sentence's values took
            if a in ctx.named and (not found or ctx.names_nothing(found[0], a + found[1])):
                return ctx.named[a][0], min(ctx.named[a][1], a), 0.2
            if found:
                return found[0], a + found[1], 0.2
    i = bisect.bisect_right(ctx.block_starts, block[0]) - 2
    for j in range(i, max(i - 10, -1), -1):
        prior = ctx.blocks[j]
        if prior[2] != "block" or not text[prior[0]:prior[1]].rstrip().endswith(":"):
            continue
        found = sentence_phrase(text[prior[0]:prior[1]][:_WINDOW])
        if found:
            return found[0], s_start, 0.2
        break
    found = _heading_phrase(ctx, s_start)
    if found and not is_weak(found[0]) and not has_verb(found[0]):
        # a heading just above ("2.2 Single assessments ..." / "Current performance: 91.8%")
        # is quoted in the evidence; a distant one is not
        return found[0], found[1] if 0 <= s_start - found[1] <= _NEAR_HEADING else s_start, 0.2
    return None


def _assign_units(ctx: _Context, rows: list[dict], block, s_start: int, s_end: int) -> None:
    """Each row's ``unit``.

    The words about a rate count up to the value's own words (a later "(a rate of 52
    per 10,000)" belongs to 52, not to "611 at the end of the quarter"). A comparator,
    target, earlier value or change that states no unit of its own ("compared to 69
    nationally", "up from 1,452") takes the unit of the nearest actual value of the sentence,
    or, in a sentence with no actual value, of the sentence just before it in the block.
    """
    text = ctx.text
    for i, row in enumerate(rows):
        q = row["q"]
        heading = _heading_phrase(ctx, q.start)
        upto = rows[i + 1]["q"].start if i + 1 < len(rows) else row["c_end"]
        bracket = text.find("(", q.end, upto)
        upto = max(q.end, min(row["c_end"], upto, bracket if bracket != -1 else upto))
        lead_in = _RATE_OF_NEXT.search(text, q.end, upto)  # "154 were issued, <a rate of> 53.7%"
        upto = lead_in.start() if lead_in and i + 1 < len(rows) and upto == rows[i + 1]["q"].start else upto
        label = _label(ctx, block, q)
        unit = functools.partial(
            unit_for, q.unit_hint, after=row["after"], before=ctx.plain[block[0]:q.start] if label else row["before"],
            clause=text[row["c_start"]:upto], sentence=text[max(s_start, q.start - _WINDOW):upto],
            is_cue_line=block[2] != "block", document_rate=ctx.document_rate)
        row["unit"] = unit(heading=heading[0] if heading else None,
                           section=text[max(heading[1] if heading else 0, q.start - 3000):q.start])
        row["own_unit"] = own_unit(q.unit_hint, after=row["after"], heading=heading[0] if heading else None)
        # a rate only because the heading is about one ("Children in care (rate per 10,000)")
        row["heading_rate"] = (not label and block[2] == "block" and not row["own_unit"]
                               and (row["unit"] or "").startswith("rate_per") and unit() == "count")
    for row in rows:
        if row["heading_rate"] and row["q"].denominator is not None:
            row["unit"] = "count"  # "Forty-three of the 606 were ...": a part of a whole is counted
        elif row["heading_rate"]:
            # "381 children were on a plan, 17 more than at 30 June (364)": a bare number in
            # the prose under a rate's heading is like the stated value nearest it in size
            stated = [r for r in rows
                      if not r["heading_rate"] and r["unit"] in ("count", "rate_per_10k", "rate_per_100k")]
            if stated and _nearest_in_size(stated, row)["unit"] == "count":
                row["unit"] = "count"
    # a sentence of comparators alone compares the values of the sentence before it:
    # "... 409 children, a rate of 61.8 per 10,000. This is lower than England (70)"
    valued = [r for r in rows if r["role"] == "actual" and r["unit"]]
    last_block, last_end, prior = ctx.last_sentence
    if last_block != block[0] or not text[last_end:s_start].isspace():
        prior = []
    before = [] if valued else prior
    ctx.last_sentence = block[0], s_end, valued
    for i, row in enumerate(rows):
        if row["unit"] is None or row["own_unit"]:
            continue
        if row["role"] == "actual":
            if i and _second_measure(text, rows[i - 1]["q"].end, row["q"].start) and \
                    _closes_bracket(text, row["q"].end) and not counted_noun(text[row["q"].end:row["q"].end + 40]):
                # "a reduction from 640 children (60.8) at the end of June": a bare number in
                # brackets after a counted noun is another measure of it, like the stated
                # value nearest it in size ("612 children ..., a rate of 58.1 per 10,000")
                stated = [r for r in rows[:i] + prior if r["unit"] and not r["heading_rate"]]
                if len({r["unit"] for r in stated}) > 1:
                    row["unit"] = _nearest_in_size(stated, row)["unit"]
            continue
        # "a rate of 62.9 per 10,000, down from 196": the rate words are 62.9's, which states its unit
        said = max(row["c_start"], rows[i - 1]["q"].end if i and rows[i - 1]["own_unit"] else 0)
        if row["unit"].startswith("rate_per") and about_rate(text[said:row["q"].start]):
            continue  # "..., but Liverpool's rate remains well above England (41.6)": a rate, whatever came before
        if row["unit"] == "count" and counted_noun(row["after"]):
            continue  # "Our commitment is 3,820 families by March 2020, so 62.0% ...": it says what it counts
        if i and row["role"] == "change" and rows[i - 1]["role"] == "change" and rows[i - 1]["own_unit"] and \
                _AND_NEXT.search(text, rows[i - 1]["q"].end, row["q"].start):
            row["unit"] = rows[i - 1]["unit"]  # "5.7 percentage points above ... and 8.1 points above England"
            continue
        # a tolerance is the band around a target: "no more than 180 per 100,000 (tolerance 170 to 190)"
        levels = ("actual", "target") if row["role"] == "tolerance" else ("actual",)
        earlier = [r for r in reversed(rows[:i]) if r["role"] in levels and r["unit"]] or before[::-1]
        later = [r for r in rows[i + 1:] if r["role"] == "actual" and r["unit"]]
        anchor = (earlier or later or [None])[0]
        if i + 1 < len(rows) and later and later[0] is rows[i + 1] and _FROM_TO.fullmatch(
                text, row["q"].end, rows[i + 1]["q"].start):
            anchor = later[0]  # "has risen from 61 in April to 74": the end of the movement, not an earlier £15.31m
        if len({r["unit"] for r in earlier}) > 1:
            # "689 children (rate 47.3 per 10,000), compared with 731": like is compared with
            # like, so the earlier value nearest in size (the nearest one on a tie)
            anchor = _nearest_in_size(earlier, row)
            counts = [r for r in earlier if r["unit"] == "count"]
            if row["role"] == "change" and counts and _whole(row) and not any(
                    _whole(r) for r in earlier if r["unit"] != "count"):
                # "1,083 children (rate 31.4 per 10,000), eight more than in March": a change
                # is smaller than its level, and a whole number is a change of the count when
                # the rates are written with decimals
                anchor = counts[0]
        if anchor is not None and anchor["unit"] != "other":
            row["unit"] = anchor["unit"]


def _whole(row) -> bool:
    """True when the row's value is written as a whole number ("eight", "11", not "3.6")."""
    return "." not in row["q"].value_text


def _nearest_in_size(rows: list[dict], row) -> dict:
    """The first of ``rows`` whose value is nearest in size to ``row``'s (like is compared with like)."""
    return min(rows, key=lambda r: _size_gap(r["q"].value, row["q"].value))


def _size_gap(a: float, b: float) -> float:
    """How far apart two values are in size (orders of magnitude).

    >>> _size_gap(689, 731) < _size_gap(47.3, 731), _size_gap(0, 5)
    (True, inf)
    """
    if a <= 0 or b <= 0:
        return math.inf if a != b else 0.0
    return abs(math.log10(a / b))


def _build(ctx: _Context, row, block, s_start: int, s_end: int, rows) -> Statement | None:
    q, text, document = row["q"], ctx.text, ctx.document
    indicator, ev_start, penalty = row["indicator"]
    unit = row["unit"]
    if unit is None:
        return None
    role = row["role"]
    period, found = _period_for(ctx, q, row["c_start"], row["c_end"], s_start, s_end,
                                [r["q"] for r in rows if r is not row],
                                own=role in ("actual", "previous"), base=role == "change")
    if role == "actual" and period is not None and found is not None and ctx.reporting is not None:
        earlier = period.end < ctx.reporting.start
        whole_year = period.kind in ("financial_year", "academic_year", "calendar_year", "quarter")
        in_brackets = "(" in text[max(s_start, q.start - 2):q.start] and found[0] > q.start
        # a period labels the value right after it: "Quarter 2 (10.1%)", "(2022-23: 24.0%)", "(Q1 3.4%)"
        in_brackets = in_brackets or found[1] <= q.start and bool(
            _PERIOD_LABEL.fullmatch(ctx.plain, found[1], q.start)
            or text[found[0] - 1:found[0]] == "(" and text[found[1]:q.start].isspace())
        rep = ctx.reporting
        later_here = len(rows) > 1 and any(  # "to 91.2 in April 2018 since a peak in December 2017 at 103.8"
            p[2].start <= rep.end and p[2].end >= rep.start and not p[2].guessed_year
            for p in ctx.periods_in(s_start, s_end))
        if period.guessed_year:  # "19.2% in Q2": which year's Q2 is the reference date's guess, no evidence
            whole_year = later_here = False
        # "Q1: 23.8%" / "Q2: 21.9%" lines: a series of the council's own, like a table's columns
        series = bool(_SERIES_LEAD.fullmatch(ctx.plain, block[0], found[0])
                      and _SERIES_COLON.fullmatch(ctx.plain, found[1], q.start))
        # "was now £5,870, against £5,120 in September 2023": a level set against an earlier one
        against = any(c.search(ctx.plain, max(row["c_start"], q.start - 20), q.start) for c in _period_cues("contrast"))
        # "fell from 9.2% in 2010/11 to 7.9% in 2011/12": the end of a movement is the latest value
        moved = not later_here and any(c.search(ctx.plain, max(s_start, q.start - 80), q.start)
                                       for c in _period_cues("latest"))
        if earlier and (whole_year or in_brackets or later_here or against) and not series and not moved:
            role = "previous"
    ev_end = min(s_end, max(row["c_end"], q.end))
    close = text.find(")", q.end, min(ev_end + 60, s_end))
    if close != -1 and "(" in text[q.end:close] or text[q.end:q.end + 3].lstrip().startswith("("):
        ev_end = max(ev_end, min(s_end, close + 1))
    if ev_end - ev_start > 1000:
        ev_start = max(row["c_start"], q.start - 400)
    evidence = text[ev_start:ev_end].strip(" \t\n-•*#")
    if not evidence or q.value_text not in evidence:
        evidence = text[max(s_start, q.start - 200):min(s_end, q.end + 200)]
    confidence = 0.9 - penalty - 0.1 * q.is_word - 0.1 * bool(q.bound) - 0.1 * (block[2] != "block")
    return Statement(
        doc=document.name, doc_id=document.doc_id, council=document.council,
        page=document.page_of(q.start), char_start=q.start, char_end=q.end, evidence=evidence,
        value_text=q.value_text, value=q.value, unit=unit, role=role,
        indicator_text=indicator, indicator_id=None, indicator_name=None, match_score=None,
        period_text=period.text if period else None,
        period_start=period.start.isoformat() if period else None,
        period_end=period.end.isoformat() if period else None,
        source="prose", confidence=round(max(0.3, min(1.0, confidence)), 2),
    )
