"""Numbers as council papers write them: ``85.3%``, ``85.3 per cent``, ``1,073``,
``+0.06``, ``£435,922``, ``c£150k``, ``1.2m``, ``71.%`` and words (``zero``,
``Forty-three``, ``One hundred and fifty-five``).

:func:`find_quantities` finds every number-like token with its offsets and the
qualifiers written next to it (a bound such as "less than", a range "94-95%", a
denominator "43 out of 44"); deciding which of them are statements is the prose and
table extractors' job.

>>> [(q.value_text, q.value, q.unit_hint) for q in find_quantities("c£150k and 85.3 per cent")]
[('£150k', 150000.0, 'gbp'), ('85.3 per cent', 85.3, 'percent')]
>>> [(q.value_text, q.value, q.unit_hint) for q in find_quantities("Eighty-two per cent of them")]
[('Eighty-two per cent', 82.0, 'percent')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Number words: a closed list of the language, not a tunable cue, so it lives here.
_UNITS_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_WORD_VALUE = {w: i for i, w in enumerate(_UNITS_WORDS)}
_WORD_VALUE.update({w: 20 + 10 * i for i, w in enumerate(_TENS_WORDS)})
_WORD_VALUE.update({"hundred": 100, "thousand": 1000, "million": 1_000_000})

_SMALL = rf"(?:(?:{'|'.join(_TENS_WORDS)})(?:[-\s](?:{'|'.join(_UNITS_WORDS[1:10])}))?|{'|'.join(_UNITS_WORDS)})"

_QUANTITY = re.compile(
    rf"""
    (?:(?<=\bc)(?=£)|(?<=\bc\.)                   # c£150k, c.40: "circa" glued on
      |(?<![\w.,£$]))                           # else not inside a word, code (NI59) or number
    (?:
      (?P<num>
        (?P<sign>[+\-−](?=[\d£]))?               # an explicit sign: +0.06, -0.03
        (?P<cur>£)?                              # pounds sterling
        (?P<digits>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?   # 1,073 / 435,922.50
                  |\d+\.\d+                      # 85.3
                  |\d+\.(?=\s?%)                 # 71.% (a typo kept as written)
                  |\d+)                          # 633
        (?P<mult>\s?(?:million|bn|m|k)(?![\w]))?  # 1.2m, £150k, 2 million
        (?P<pct>\s?%|\s?per\s?cent(?!\w)|\s?percent(?!\w)|pp(?:ts?)?(?!\w))?   # 85.3%, 85.3 per cent, +4.2pp
        (?P<ord>st|nd|rd|th)?                    # 3rd (a rank), 19th (a day)
      )
      |
      (?P<words>                                 # Forty-three, One hundred and fifty-five
        {_SMALL}(?:\s+hundred(?:\s+and\s+{_SMALL})?)?
      )
      (?P<wpct>\s+per\s?cent(?!\w))?            # Eighty-two per cent
    )
    (?![\w£]|[.,]\d|\.[a-z])                     # a whole token: not 2,50, 3.7.1 or 11.xlsx
    """,
    re.VERBOSE | re.IGNORECASE,
)

# Qualifiers read around a number (short, anchored patterns; linear time).
_BOUND_BEFORE = re.compile(
    r"""\b(?:
        (?P<lt>less\s+than|fewer\s+than|under|below|up\s+to|no\s+more\s+than|at\s+most)
      | (?P<gt>more\s+than|over|above|at\s+least|exceeding|in\s+excess\s+of)
      | (?P<approx>c\.?|circa|approximately|approx\.?|around|about|nearly|almost|some)
    )\s*$""",
    re.VERBOSE | re.IGNORECASE,
)
_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|to)\s*$|\s+and\s+$", re.IGNORECASE)
_RANGE_BETWEEN = re.compile(r"(?:between|from)\s+$", re.IGNORECASE)
# "Tolerance 85 – 100%", "target range for the rate in 2013/14 is 38 to 42"
_RANGE_CUE = re.compile(r"\b(?:tolerance|between|range|ranging|band)\b"
                        r"(?:[^.;\d]|\b(?:19|20)\d\d(?:\s*[-/]\s*\d{2,4})?\b){0,40}$", re.IGNORECASE)
_POINTS_AFTER = re.compile(r"\s*(?:percentage\s+)?points?\b", re.IGNORECASE)
# "43 out of 44", "17 of the 96", "4 of the county's 47 schools", "98 of the month's 418 referrals"
_OUT_OF = re.compile(r"\s*(?:(?:[a-z]+\s+){0,3}out\s+of|of|(?-i:of\s+(?:the|its|our|their))"
                     r"|(?-i:of\s+the\s+[a-z]+['’]s)|/)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    """One number-like token in a text.

    Attributes:
        start, end: offsets of ``value_text`` in the text searched.
        value_text: the number as written, with its symbol (``85.3%``, ``£150k``).
        value: the float, sign kept, ``k``/``m`` applied, words converted.
        unit_hint: ``percent``, ``gbp`` or ``ordinal`` from the token itself, else None.
        bound: ``lt``, ``gt`` or ``approx`` where a bound word precedes it.
        bound_start: where that bound's words start ("<no more than> 180"), else None.
        range_part: ``low`` or ``high`` for either end of "94-95%", "between 10 and 12".
        denominator: Y for X in "X out of Y" / "(X/Y)".
        is_denominator: True for Y itself.
        is_word: True for a number written in words.
    """

    start: int
    end: int
    value_text: str
    value: float
    unit_hint: str | None = None
    bound: str | None = None
    bound_start: int | None = None
    range_part: str | None = None
    denominator: float | None = None
    is_denominator: bool = False
    is_word: bool = False


def _words_value(text: str) -> float | None:
    """The value of a number written in words.

    >>> _words_value("Forty-three"), _words_value("One hundred and fifty-five"), _words_value("zero")
    (43.0, 155.0, 0.0)
    """
    total, current = 0, 0
    for word in re.split(r"[\s-]+", text.lower()):
        if word == "and":
            continue
        value = _WORD_VALUE.get(word)
        if value is None:
            return None
        if value == 100:
            current = max(current, 1) * 100
        elif value >= 1000:
            total += max(current, 1) * value
            current = 0
        else:
            current += value
    return float(total + current)


def parse_number(text: str) -> float | None:
    """The value of one number token, or None when ``text`` is not exactly one number.

    >>> [parse_number(t) for t in ["85.3%", "1,073", "+0.06", "-0.03", "£435,922", "£150k", "1.2m", "71.%"]]
    [85.3, 1073.0, 0.06, -0.03, 435922.0, 150000.0, 1200000.0, 71.0]
    >>> parse_number("six"), parse_number("3.7.1"), parse_number("n/a")
    (6.0, None, None)
    """
    text = (text or "").strip()
    if text[:1] in ("c", "C") and text[1:2] in ("£", "."):
        text = text[1:].lstrip(".")
    m = _QUANTITY.fullmatch(text)
    return _value(m) if m else None


def _value(m: re.Match) -> float | None:
    if m.group("words"):
        return _words_value(m.group("words"))
    value = float(m.group("digits").replace(",", "").rstrip(".") or "nan")
    mult = (m.group("mult") or "").strip().lower()
    value *= {"k": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9}.get(mult, 1)
    if m.group("sign") in ("-", "−"):
        value = -value
    return round(value, 10)


def _hint(m: re.Match) -> str | None:
    if m.group("words"):
        return "percent" if m.group("wpct") else None
    if m.group("pct"):
        return "percent"
    if m.group("cur"):
        return "gbp"
    if m.group("ord"):
        return "ordinal"
    return None


def find_quantities(text: str) -> list[Quantity]:
    """Every number-like token in ``text``, in order, with its qualifiers.

    >>> [(q.value_text, q.denominator, q.is_denominator) for q in find_quantities("98% (43 out of 44)")]
    [('98%', None, False), ('43', 44.0, False), ('44', None, True)]
    >>> [(q.value, q.denominator, q.is_denominator) for q in find_quantities("eleven of the 136 posts")]
    [(11.0, 136.0, False), (136.0, None, True)]
    >>> [(q.value_text, q.unit_hint, q.range_part) for q in find_quantities("Tolerance 85 – 100%")]
    [('85', 'percent', 'low'), ('100%', 'percent', 'high')]
    >>> [(q.value, q.bound, q.bound_start) for q in find_quantities("Less than 1% and c.40")]
    [(1.0, 'lt', 0), (40.0, 'approx', 17)]
    >>> [q.value for q in find_quantities("Forty-three of One hundred and fifty-five; NI59 Q1")]
    [43.0, 155.0]
    """
    found: list[Quantity] = []
    for m in _QUANTITY.finditer(text):
        value = _value(m)
        if value is None:
            continue
        lo = max(0, m.start() - 30)
        bound = _BOUND_BEFORE.search(text[lo:m.start()])
        found.append(Quantity(
            m.start(), m.end(), m.group(0), value, _hint(m),
            bound=next((k for k, v in bound.groupdict().items() if v), None) if bound else None,
            bound_start=lo + bound.start() if bound else None,
            is_word=bool(m.group("words")),
        ))
    return _link(text, found)


def _link(text: str, found: list[Quantity]) -> list[Quantity]:
    """Mark ranges ("85 – 100%") and denominators ("43 out of 44") between neighbours."""
    out = list(found)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        gap = text[a.end:b.start]
        if len(gap) > 40 or a.is_denominator:
            continue
        if _OUT_OF.fullmatch(gap) and a.unit_hint is None and b.unit_hint is None and a.value <= b.value:
            out[i] = _replace(a, denominator=b.value)
            out[i + 1] = _replace(b, is_denominator=True)
        elif _RANGE_JOIN.fullmatch(gap) and a.value <= b.value and not a.is_word and not b.is_word:
            joiner = gap.strip().lower()
            b_hint = b.unit_hint or ("percent" if _POINTS_AFTER.match(text, b.end) else None)
            cue = _RANGE_CUE.search(text[max(0, a.start - 40):a.start])
            if joiner == "and":
                linked = bool(_RANGE_BETWEEN.search(text[max(0, a.start - 10):a.start]))
            elif joiner == "to":  # "4 to 5 percentage points"; "26.6% to 28.6%" is a change
                linked = (bool(cue) and a.unit_hint in (None, b_hint)) or (a.unit_hint is None and b_hint is not None)
            else:  # "94-95%"; spaced dashes need a cue: "Tolerance 85 – 100%", not "Amber: 19 - 66%"
                linked = a.unit_hint in (None, b_hint) and (not gap.strip() == gap or bool(cue)) and (
                    gap == joiner or bool(cue))
            if linked:
                out[i] = _replace(a, range_part="low", unit_hint=a.unit_hint or b_hint)
                out[i + 1] = _replace(b, range_part="high", unit_hint=b_hint)
    return out


def _replace(q: Quantity, **changes) -> Quantity:
    return Quantity(**{**q.__dict__, **changes})
