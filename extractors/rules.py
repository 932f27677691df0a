"""Load and validate the prose extractor's cue files (``extractors/data/prose_*.jsonl``).

Each file is JSON Lines, one cue an object; blank lines and lines starting with ``//``
are ignored. Every cue has a ``pattern`` (a regular expression for the ``regex``
module, matched case-insensitively) and an optional ``comment``. ``{NUM}`` in a pattern
stands for a number in digits or words (``5``, ``1,073``, ``nine``, ``twenty-one``).

======================== ======================================================
file                     keys (required / optional)
======================== ======================================================
prose_roles.jsonl        role, where (before|after|list|sentence|lead_in), pattern / priority, comment
prose_units.jsonl        unit, where (after|before|clause|context), pattern / comment
prose_not_statements     reason, pattern / unless_before, comment
prose_indicator.jsonl    kind (verb|clause_break|relative_break|strip_lead|strip_tail|weak|
                         stop_after|after_lead|after_reject|after_whole|after_skip|
                         heading_strip|unit_noun|share_before|share_after|
                         object_before|borrowed_head|actor_verb|whole_end|
                         content_word|reporter|weak_lead|after_resume|
                         role_phrase|after_bracket|restates|opens_clause),
                         pattern / comment
prose_periods.jsonl      kind (own|frame|base|contrast|latest|compared|reviewed), pattern / comment
======================== ======================================================

``before`` patterns are matched against the text just before a value and should end
with ``$``; ``after`` patterns against the text just after it and should start with
``^``. An unknown key, a missing key, a value outside its vocabulary or a pattern that
does not compile raises :class:`~outturn.errors.DataFileError` naming the file, the
line and the key.

>>> [c.label for c in load_cues("prose_roles.jsonl")][:3]
['change', 'change', 'benchmark_other']
"""

from __future__ import annotations

import functools
import importlib.resources
import json
from dataclasses import dataclass
from pathlib import Path

import regex

from outturn.errors import DataFileError
from outturn.extractors.models import ROLES, UNITS

#: A number in digits or words, for ``{NUM}`` in cue patterns.
NUM = (
    r"(?:\b\d+(?:[.,]\d+)*\b|\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty"
    r"|sixty|seventy|eighty|ninety)(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?\b)"
)

#: :data:`NUM` alone, compiled as cues are: where a number can start (see :func:`finditer`).
_NUM_START = regex.compile(NUM, regex.IGNORECASE | regex.V0)
_NEWLINE = regex.compile(r"\n")


def _syntax(source: str, start: int = 0):
    r"""``(offset, char, depth)`` for each character of ``source`` from ``start`` that is
    regex syntax: not escaped and not inside a character class. ``depth`` counts the
    groups open before the character (a ``)`` has the depth of the ``(`` it closes).

    >>> [(i, c, d) for i, c, d in _syntax(r"a(\(|[)|])b")]
    [(0, 'a', 0), (1, '(', 0), (4, '|', 1), (9, ')', 0), (10, 'b', 0)]
    """
    depth, in_class, escaped = 0, False, False
    for i in range(start, len(source)):
        char = source[i]
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == ")":
            depth -= 1
            yield i, char, depth
        else:
            yield i, char, depth
            depth += char == "("


def _top_level_branches(source: str) -> list[str]:
    r"""The alternatives of ``source`` at its outermost level (``|`` outside any group
    or character class).

    >>> _top_level_branches(r"{NUM}\s+or\s+more|\b(?:at|of)\s+[|]{NUM}")
    ['{NUM}\\s+or\\s+more', '\\b(?:at|of)\\s+[|]{NUM}']
    """
    bars = [i for i, char, depth in _syntax(source) if char == "|" and depth == 0]
    return [source[a + 1:b] for a, b in zip([-1, *bars], [*bars, len(source)])]


#: What stops a cue's branches being matched apart or joined with others: back-references,
#: named groups (their numbers and names would change), a global inline flag at the start.
_UNJOINABLE = regex.compile(r"\\[1-9g]|\(\?P[=>]|\(\?P?<[A-Za-z_]|^\(\?[a-zA-Z]+\)")


def _group_end(source: str, start: int) -> int:
    r"""The offset just after the group that opens at ``source[start]``.

    >>> _group_end(r"(?<=,\s*|(and)\s+){NUM}", 0)
    18
    """
    return next((i + 1 for i, char, depth in _syntax(source, start) if char == ")" and depth == 0), len(source))


def _after_lookbehinds(branch: str) -> str:
    """``branch`` without the lookbehinds it opens with, which consume nothing."""
    while branch.startswith(("(?<=", "(?<!")):
        branch = branch[_group_end(branch, 0):]
    return branch


def _branch_anchor(branch: str, multiline: bool) -> str | None:
    r"""Where every match of one top-level ``branch`` begins (see :func:`anchor_of`). A
    lookbehind consumes nothing, so ``(?<=,\s*){NUM}`` begins at its number.

    >>> _branch_anchor(r"(?<=,\s*|\band\s+){NUM}\s+met", False), _branch_anchor(r"\bwithin\s+{NUM}", False)
    ('number', None)
    """
    branch = _after_lookbehinds(branch)
    if branch.startswith(("{NUM}", r"\b{NUM}")):
        return "number"
    if multiline and branch.startswith("^"):
        return "line"
    return None


def number_tails(source: str) -> tuple[str, ...]:
    r"""What follows the ``{NUM}`` in each branch of the cue pattern ``source`` that begins
    at one (see :func:`anchor_of`), with ``{NUM}`` replaced: a cue can match at a number
    only where :data:`NUM` followed by one of its tails does.

    >>> number_tails(r"\b{NUM}\s+times|(?<=,\s*){NUM}\s+met|\bwithin\s+{NUM}")
    ('\\s+times', '\\s+met')
    """
    multiline = source.startswith("(?m)")
    tails = []
    for branch in _top_level_branches(source[4:] if multiline else source):
        if _branch_anchor(branch, multiline) != "number":
            continue
        tail = _after_lookbehinds(branch).removeprefix(r"\b").removeprefix("{NUM}").replace("{NUM}", NUM)
        tails.append(f"(?m:{tail})" if multiline else tail)
    return tuple(tails)


def anchor_of(source: str) -> tuple[str | None, str | None]:
    r"""Where the matches of the cue pattern ``source`` begin: ``("number", rest)`` when
    its branches begin at a ``{NUM}``, ``("line", rest)`` when they begin at ``(?m)^`` (the
    text's start or after a newline), and ``(None, None)`` otherwise. ``rest`` is the
    pattern of the branches that begin anywhere else (None when there are none); a
    cue's matches begin at its anchors or where ``rest`` matches.

    >>> anchor_of(r"{NUM}\s*miles"), anchor_of(r"(?m)^\s*\d+\.|^\(\d+\)"), anchor_of(r"aged\s+{NUM}")
    (('number', None), ('line', None), (None, None))
    >>> anchor_of(r"{NUM}\s+or\s+more|\bat\s+least\s+{NUM}"), anchor_of(r"(?m)^a|b")
    (('number', '\\bat\\s+least\\s+{NUM}'), ('line', '(?m)b'))
    """
    multiline = source.startswith("(?m)")
    body = source[4:] if multiline else source
    branches = _top_level_branches(body)
    kinds = [_branch_anchor(b, multiline) for b in branches]
    anchors = {kind for kind in kinds if kind}
    if len(anchors) != 1:
        return None, None
    rest = [b for b, kind in zip(branches, kinds) if kind is None]
    if not rest:
        return anchors.pop(), None
    if _UNJOINABLE.search(body) or any(_UNJOINABLE.match(b) for b in branches):
        return None, None
    return anchors.pop(), ("(?m)" if multiline else "") + "|".join(rest)


def number_starts(text: str) -> list[int]:
    """Every offset of ``text`` where a :data:`NUM` match starts (overlapping ones too)."""
    return [m.start() for m in _NUM_START.finditer(text, overlapped=True)]


def line_starts(text: str) -> list[int]:
    """Every offset where ``(?m)^`` matches: 0 and each offset after a ``\\n``."""
    return [0] + [m.end() for m in _NEWLINE.finditer(text)]


_STARTS = {"number": number_starts, "line": line_starts}


def finditer(cue: Cue, text: str, starts: list[int] | None = None):
    r"""The matches of ``cue.pattern.finditer(text)``. For an anchored cue (see
    :func:`anchor_of`), given ``starts`` (a superset of the offsets where its anchored
    branches can match, e.g. :func:`number_starts` of ``text``), the pattern is tried only
    at those offsets and where its other branches (``cue.rest``) match, leftmost first
    and never inside the previous match: the same matches as a scan of every offset, in
    a fraction of the time.

    >>> cue = parse_cues(r'{"reason": "r", "pattern": "{NUM}\\s*days?"}', "prose_not_statements.jsonl")[0]
    >>> text = "Within 5 days, 1,5 days or ten days, twenty-one days; not 12days ago"
    >>> [m.group() for m in finditer(cue, text, number_starts(text))]
    ['5 days', '1,5 days', 'ten days', 'twenty-one days']
    >>> _ == [m.group() for m in finditer(cue, text)]
    True
    >>> cue = parse_cues(r'{"reason": "r", "pattern": "{NUM}\\s+or\\s+more|\\bat\\s+least\\s+{NUM}"}',
    ...                  "prose_not_statements.jsonl")[0]
    >>> text = "3 or more moves; at least 2 or more"
    >>> [m.group() for m in finditer(cue, text, number_starts(text))]
    ['3 or more', 'at least 2']
    """
    if starts is None or cue.anchor is None:
        yield from cue.pattern.finditer(text)
        return
    if cue.rest is not None:
        starts = sorted({*starts, *(m.start() for m in cue.rest.finditer(text, overlapped=True))})
    end = 0
    for start in starts:
        if start < end:
            continue
        m = cue.at.match(text, start)
        if m is not None:
            yield m
            end = max(m.end(), start + 1)


@functools.lru_cache(maxsize=64)
def _any_of(sources: tuple[str, ...]) -> regex.Pattern | None:
    r"""One pattern that matches where any of ``sources`` does (their alternation), or
    None when they cannot be joined exactly (back-references or named groups, inline
    global flags other than a ``(?m)`` that all of them share).

    >>> _any_of((r"(?m)^\d+\.", r"(?m)^\(\d\)")).pattern, _any_of((r"(a)\1", r"b")), _any_of((r"(?m)^a", "b"))
    ('(?:^\\d+\\.)|(?:^\\(\\d\\))', None, None)
    """
    flags = regex.IGNORECASE | regex.V0
    if all(s.startswith("(?m)") for s in sources):
        sources, flags = tuple(s[4:] for s in sources), flags | regex.MULTILINE
    if any(_UNJOINABLE.search(s) for s in sources):
        return None
    return regex.compile("|".join(f"(?:{s})" for s in sources), flags)


@functools.lru_cache(maxsize=64)
def _number_then_any_of(tails: tuple[str, ...]) -> regex.Pattern | None:
    r"""One pattern that matches at a number wherever :data:`NUM` followed by any of
    ``tails`` does, or None when they cannot be joined (see :func:`_any_of`). Matching the
    number once, it is much cheaper than the alternation of the whole cues.

    >>> p = _number_then_any_of((r"\s+times", r"%\s+or\s+more"))
    >>> [bool(p.match(t)) for t in ("three times", "40% or more", "40 days")]
    [True, True, False]
    """
    if not tails or any(_UNJOINABLE.search(tail) for tail in tails):
        return None
    return regex.compile(NUM + "(?:" + "|".join(f"(?:{tail})" for tail in tails) + ")", regex.IGNORECASE | regex.V0)


def scan(cues: list[Cue], text: str):
    r"""``(cue, match)`` for every match of every cue, cue by cue in order: the same as
    ``for cue in cues: for m in cue.pattern.finditer(text)``, faster.

    Anchored cues are tried only at their anchors (:func:`finditer`), and only at the
    anchors where one pattern joining all the cues of that anchor matches (for numbers,
    :data:`NUM` then any of their :func:`number_tails`): where it does not, none of
    them can.

    >>> cues = parse_cues('{"reason": "d", "pattern": "{NUM}\\\\s*days"}\n{"reason": "s", '
    ...                   '"pattern": "(?m)^\\\\d+\\\\."}\n{"reason": "p", "pattern": "page\\\\s+\\\\d+"}',
    ...                   "prose_not_statements.jsonl")
    >>> text = "1. Within 5 days\n2. See page 4: 3 days, not 2.5 weeks"
    >>> [(c.label, m.group()) for c, m in scan(cues, text)]
    [('d', '5 days'), ('d', '3 days'), ('s', '1.'), ('s', '2.'), ('p', 'page 4')]
    >>> _ == [(c.label, m.group()) for c in cues for m in c.pattern.finditer(text)]
    True
    """
    starts: dict[str, list[int]] = {}
    for anchor, find in _STARTS.items():
        group = [cue for cue in cues if cue.anchor == anchor]
        if group:
            offsets = find(text)
            joined = (_number_then_any_of(tuple(t for cue in group for t in cue.tails)) if anchor == "number"
                      else _any_of(tuple(cue.pattern.pattern for cue in group)))
            starts[anchor] = offsets if joined is None else [i for i in offsets if joined.match(text, i)]
    for cue in cues:
        for m in finditer(cue, text, starts.get(cue.anchor)):
            yield cue, m


# file -> (label key, allowed label values, allowed "where" values, required keys, optional keys)
_SCHEMAS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...] | None, set[str], set[str]]] = {
    "prose_roles.jsonl": ("role", ROLES, ("before", "after", "list", "sentence", "lead_in"), {"role", "where", "pattern"}, {"priority", "comment"}),
    "prose_units.jsonl": (
        "unit", UNITS + ("rate_context",), ("after", "before", "clause", "context"),
        {"unit", "where", "pattern"}, {"comment"},
    ),
    "prose_not_statements.jsonl": ("reason", (), None, {"reason", "pattern"}, {"unless_before", "comment"}),
    "prose_periods.jsonl": (
        "kind", ("own", "frame", "base", "contrast", "latest", "compared", "reviewed"), None, {"kind", "pattern"},
        {"comment"},
    ),
    "prose_indicator.jsonl": (
        "kind", ("verb", "clause_break", "relative_break", "strip_lead", "strip_tail", "weak", "stop_after",
                 "after_lead", "after_reject", "after_whole", "after_skip", "heading_strip", "unit_noun",
                 "share_before", "share_after", "object_before", "borrowed_head", "actor_verb", "whole_end",
                 "content_word", "reporter", "weak_lead", "after_resume", "role_phrase", "after_bracket",
                 "restates", "opens_clause"), None,
        {"kind", "pattern"}, {"comment"},
    ),
}


@dataclass(frozen=True)
class Cue:
    """One validated cue line.

    Attributes:
        label: the role, unit, reason or kind the cue stands for.
        pattern: the compiled pattern.
        where: where it is matched (``before``, ``after`` ...) or None.
        unless_before: a compiled pattern that, matching the text before, cancels the cue.
        line: its 1-based line in the file, for messages.
        anchor: where the matches begin (:func:`anchor_of`), or None.
        rest: the branches that begin elsewhere than at ``anchor``, compiled, or None.
        at: ``pattern`` as :func:`finditer` matches it at an anchor (:func:`for_match_at`).
        tails: :func:`number_tails` of the pattern when ``anchor`` is ``"number"``.
    """

    label: str
    pattern: regex.Pattern
    where: str | None = None
    unless_before: regex.Pattern | None = None
    line: int = 0
    anchor: str | None = None
    rest: regex.Pattern | None = None
    at: regex.Pattern | None = None
    tails: tuple[str, ...] = ()

    def __post_init__(self):
        if self.at is None and self.anchor is not None:
            object.__setattr__(self, "at", for_match_at(self.pattern))


_GLOBAL_FLAGS = regex.compile(r"\(\?[a-zA-Z]+\)")


def for_match_at(pattern: regex.Pattern) -> regex.Pattern:
    r"""``pattern`` for ``.match(text, offset)`` at many offsets of one long text: the same
    matches, but it no longer first looks for the literal every match needs (``times`` in
    ``{NUM}\s+times``) in the whole rest of the text, which the ``regex`` module does on
    every call: ten times the cost of the match itself on a 16,000-character text. The
    ``|(?!)`` branch never matches; it only hides the literal.

    >>> for_match_at(regex.compile(r"(?m)^\d+\s+times")).pattern
    '(?m)(?:^\\d+\\s+times|(?!))'
    """
    flags = _GLOBAL_FLAGS.match(pattern.pattern)
    lead = flags.group() if flags else ""
    return regex.compile(f"{lead}(?:{pattern.pattern[len(lead):]}|(?!))", pattern.flags)


def _compile(path: str, line: int, key: str, source: object) -> regex.Pattern:
    if not isinstance(source, str) or not source:
        raise DataFileError(path, line, f"key {key!r}: expected a non-empty pattern string")
    try:
        return regex.compile(source.replace("{NUM}", NUM), regex.IGNORECASE | regex.V0)
    except regex.error as exc:
        raise DataFileError(path, line, f"key {key!r}: bad pattern: {exc}") from exc


def iter_jsonl(text: str, path: str = "<string>"):
    """The JSON objects of a rule file, with their 1-based line numbers; blank lines
    and ``//`` comment lines are skipped.

    >>> list(iter_jsonl('// a comment\\n\\n{"kind": "skip"}'))
    [(3, {'kind': 'skip'})]
    >>> list(iter_jsonl('[1, 2]', "cues.jsonl"))
    Traceback (most recent call last):
    outturn.errors.DataFileError: cues.jsonl:1: not a JSON object

    Raises:
        DataFileError: a line that is not a JSON object, naming the file and line.
    """
    for n, raw in enumerate(text.splitlines(), 1):
        raw = raw.strip()
        if not raw or raw.startswith("//"):
            continue
        try:
            row = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise DataFileError(path, n, f"not a JSON object: {exc.msg}") from exc
        if not isinstance(row, dict):
            raise DataFileError(path, n, "not a JSON object")
        yield n, row


def parse_cues(text: str, schema: str, path: str = "<string>") -> list[Cue]:
    """Validate and compile the cue lines in ``text`` under the schema named ``schema``.

    >>> parse_cues('{"reason": "page", "pattern": "page {NUM}"}', "prose_not_statements.jsonl")[0].label
    'page'
    >>> parse_cues('{"reason": "x", "pattern": "(", "x": 1}', "prose_not_statements.jsonl")
    Traceback (most recent call last):
    outturn.errors.DataFileError: <string>:1: unknown key 'x'; allowed: comment, pattern, reason, unless_before
    """
    label_key, labels, wheres, required, optional = _SCHEMAS[schema]
    cues = []
    for n, row in iter_jsonl(text, path):
        allowed = required | optional
        for key in row:
            if key not in allowed:
                raise DataFileError(path, n, f"unknown key {key!r}; allowed: {', '.join(sorted(allowed))}")
        for key in sorted(required - set(row)):
            raise DataFileError(path, n, f"missing key {key!r}")
        label = row[label_key]
        if labels and label not in labels:
            raise DataFileError(path, n, f"key {label_key!r}: {label!r} is not one of {', '.join(labels)}")
        where = row.get("where")
        if wheres and where not in wheres:
            raise DataFileError(path, n, f"key 'where': {where!r} is not one of {', '.join(wheres)}")
        unless = row.get("unless_before")
        anchor, rest = anchor_of(row["pattern"])
        cues.append(Cue(
            label=label,
            pattern=_compile(path, n, "pattern", row["pattern"]),
            where=where,
            unless_before=_compile(path, n, "unless_before", unless) if unless is not None else None,
            line=n,
            anchor=anchor,
            rest=_compile(path, n, "pattern", rest) if rest is not None else None,
            tails=number_tails(row["pattern"]) if anchor == "number" else (),
        ))
    return cues


def load_cue_file(path: str | Path, schema: str | None = None) -> list[Cue]:
    """Load a cue file from disk; ``schema`` defaults to the file's own name."""
    path = Path(path)
    return parse_cues(path.read_text(encoding="utf-8"), schema or path.name, str(path))


@functools.lru_cache(maxsize=None)
def load_cues(name: str) -> list[Cue]:
    """The packaged cue file ``name`` (e.g. ``prose_roles.jsonl``), validated, cached."""
    resource = importlib.resources.files("outturn.extractors.data") / name
    return parse_cues(resource.read_text(encoding="utf-8"), name, f"extractors/data/{name}")
