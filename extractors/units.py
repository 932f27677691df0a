"""The unit of a value in prose, from the token, the words around it, and the heading.

Cues are data (``extractors/data/prose_units.jsonl``). In order:

1. the token's own symbol (``%``, ``£``, an ordinal suffix);
2. an ``after`` cue (``4 to 5 percentage points``, ``402 per 10k``, ``23 days``);
3. a ``before`` cue (``ranked 3rd``);
4. a ``clause`` cue (``score``: the Progress 8 score was +0.06);
5. a bare number followed by a noun is a ``count`` (``29 referrals``);
6. a bare number in a clause or heading about a ``rate`` takes the rate base named in
   the heading, else the sentence, else the section text before it
   (``... rate per 10,000 children is 34``); the heading wins because it defines the
   measure;
7. a bare target or tolerance under a heading that starts with ``%`` is a ``percent``;
8. otherwise ``count``.

>>> unit_for(None, after=" per 10k of the population", before="", clause="at 402 per 10k")
'rate_per_10k'
>>> unit_for(None, after=" in April", before="a decrease to ", clause="a decrease to 91.2",
...          heading="Rate of children per 10k of the population")
'rate_per_10k'
>>> unit_for(None, after=" referrals in April", before="There were ", clause="There were 29 referrals")
'count'
"""

from __future__ import annotations

import functools

import regex

from outturn.extractors.rules import load_cues

_NOUN_AFTER = regex.compile(
    r"^\s*(?:\(|-)?\s*(?!(?:in|at|on|by|of|for|to|and|or|the|a|an|which|with|was|is|were|are|has|have|"
    r"had|than|from|as|per|compared|against|but|whilst|while|this|that|so|it|up|down|over|under|"
    r"below|above|since|during|until|after|before|when|where|respectively|overall)\b)[A-Za-z][\w'’-]*",
    regex.IGNORECASE,
)


_BEFORE_REACH = 120  # characters before a value that a "before" cue sees (a long "Label:" fits)


@functools.lru_cache(maxsize=None)
def _cues(where: str) -> tuple:
    return tuple(c for c in load_cues("prose_units.jsonl") if c.where == where)


def _context_rate(*texts: str | None) -> str | None:
    for text in texts:
        if not text:
            continue
        for cue in _cues("context"):
            if cue.pattern.search(text):
                return cue.label
    return None


def document_rate(text: str) -> str | None:
    """The rate base a document names first ("per 10,000"), or None.

    >>> document_rate("a rate of 52 per 10,000 children ... 154 per 100,000"), document_rate("no rates")
    ('rate_per_10k', None)
    """
    found = [(m.start(), cue.label) for cue in _cues("context") if (m := cue.pattern.search(text))]
    return min(found)[1] if found else None


def about_rate(clause: str) -> bool:
    """True when ``clause`` speaks of a rate ("Liverpool's rate remains above England (41.6)").

    >>> about_rate("the rate remains above England (41.6)"), about_rate("compared with 731 a year earlier")
    (True, False)
    """
    return any(c.pattern.search(clause) for c in _cues("clause") if c.label == "rate_context")


def own_unit(hint: str | None, *, after: str, heading: str | None = None) -> str | None:
    """The unit a value states itself: its symbol, or the words right after it (rules 1-2).

    A comparator without one ("compared to 69 nationally") takes the unit of the value
    it is compared with; the prose extractor needs to know which values state theirs.

    >>> own_unit(None, after=" per 10,000 in England"), own_unit("percent", after=""), own_unit(None, after=" nationally")
    ('rate_per_10k', 'percent', None)
    """
    if hint in ("percent", "gbp"):
        return hint
    for cue in _cues("after"):
        if cue.pattern.search(after[:60]):
            if cue.label.startswith("rate_per"):  # the heading defines the measure's base
                return _context_rate(heading) or cue.label
            return cue.label
    return None


def unit_for(
    hint: str | None,
    *,
    after: str,
    before: str,
    clause: str,
    heading: str | None = None,
    section: str | None = None,
    sentence: str | None = None,
    is_cue_line: bool = False,
    document_rate: str | None = None,
) -> str | None:
    """The unit of one value (None: an ordinal that is no rank); see the module docstring for the order of the rules.

    Args:
        hint: the token's own unit hint from :mod:`outturn.extractors.numbers`.
        after, before: the text right after and right before the value (same clause).
        clause: the clause holding the value.
        heading: the nearest heading above it.
        section: the text from that heading up to the value.
        sentence: the sentence holding the value.
        is_cue_line: the value sits on a Target/Tolerance line or in a heading.
        document_rate: the rate base the document names (:func:`document_rate`), for a
            value in a clause about a rate whose heading, sentence and section name none.
    """
    if hint == "ordinal":
        ranked = any(c.pattern.search(before[-_BEFORE_REACH:]) for c in _cues("before") if c.label == "other")
        return "other" if ranked else None  # a day of the month, not a statement
    own = own_unit(hint, after=after, heading=heading)
    if own:
        return own
    for cue in _cues("before"):
        if cue.pattern.search(before[-_BEFORE_REACH:]):
            return cue.label
    for cue in _cues("clause"):
        if cue.label != "rate_context" and cue.pattern.search(clause):
            return cue.label
    if not is_cue_line and _NOUN_AFTER.match(after):
        return "count"
    if is_cue_line or any(about_rate(t) for t in (clause, sentence or "", heading or "")):
        rate = _context_rate(heading, sentence, section)
        if rate:
            return rate
        if document_rate and about_rate(clause):
            return document_rate  # "The CLA rate (63.0) has risen", the base named pages before
    if is_cue_line and heading and heading.lstrip("#* ").startswith("%"):
        return "percent"
    return "count"
