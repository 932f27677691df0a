"""Indicator phrases: the words of a clause that name what a value measures.

A small phrase grammar over the text around one value, tried in this order by
:func:`own_phrase`:

1. after the value (:func:`phrase_after`): ``85.3% of <Early Help Contacts triaged
   within 5 working days>``, ``212 <Payment by Results claims submitted>``, ``82.7% for
   <eligible Children in Need>``, ``a 49.6% decrease in the <number of First Time Entrants>``;
2. before it (:func:`phrase_before`): the subject of a linking or reporting verb,
   ``<Primary attendance rate> was currently 95.7%``, or a bare noun phrase,
   ``and <Looked After Children> 488 to 624``.

A sentence without a value of its own is named by its subject, or by the words after
a change noun (:func:`sentence_phrase`: ``Increase in the last 3 months in the <number
of LAC who were experiencing multiple placement moves>``).

Every phrase is tidied (:func:`tidy`): connectives, determiners, dates and filler
("provisional performance in relation to", "the regional average for") are stripped in
front, comparators, periods and connectives ("for statistical neighbours", "during
2017/18", "and") at the end. A phrase that names nothing ("this measure", "the rate")
is weak (:func:`is_weak`); the prose extractor then looks elsewhere: the other values
of the sentence, the earlier sentences of the block, a lead-in line, the heading.

The cue words are data, ``prose_indicator.jsonl`` (see :mod:`outturn.extractors.rules`):
``verb`` ends a subject; ``clause_break`` and ``relative_break`` end a clause (a
subject may run across a relative one: "referrals which go onto an assessment is");
``strip_lead`` / ``strip_tail`` are removed from either end; ``weak`` names nothing;
``stop_after`` ends the words after a value; ``after_lead`` is skipped right after a
value ("of the", "decrease in"); ``after_reject`` cannot start a naming phrase ("until",
"against"); ``after_whole`` is the whole a share is of, which names nothing ("of
the workforce"); ``after_skip`` is a unit or denominator between a value and its naming
words ("out of 38", "per 10k"); ``unit_noun`` is what a count is of ("16 children"),
which names the value only when no subject before it does, or with what an
``actor_verb`` says the council did ("Plymouth <looked after> 516 children"); ``share_before`` and
``share_after`` mark a share of a population ("up to date for 81.7% of children"), named
by the clause before it; after ``object_before`` ("at", "was") a value is no subject;
``borrowed_head`` is an anaphoric subject ("The rate of 91.7", "This is a rate of"), whose
head is kept after the words borrowed from an earlier sentence: "[children in care] rate";
``whole_end`` ends the noun phrase of a whole a part is of ("care leavers aged 19-21 <we>
are in touch with"), and a ``content_word`` names something (the whole is dropped when its
predicate repeats one); a ``reporter`` verb after a subject says it reports figures
("the Head of Service <reported> that"), so it names none; a ``weak_lead`` in front leaves a
weak phrase weak ("the North West").
"""

from __future__ import annotations

import functools

import regex

from outturn.extractors.rules import load_cues

#: A phrase and its offset in the text it was found in.
Phrase = tuple[str, int]

_MARKUP = regex.compile(r"</?\w+>|\*\*")
_WS = regex.compile(r"\s+")
# The words after an earlier value ("85% <of pupils> achieved ... 4.9% below") are its own.
_TAIL_OF_VALUE = regex.compile(r"\s*(?:of|for)\b", regex.IGNORECASE)
# ... but in phrase_before they follow a value only in lower case: a sentence may open
# with "For comparison, <re-referral rates> average 26%"
_TAIL_BEFORE = regex.compile(
    r"""\s*(?:of|for)\b                            # lower case: the earlier value's own words
        (?!\s+(?:comparison|example|instance)\b)    # not a connective: "for comparison,"
    """,
    regex.VERBOSE,
)
# A clause without a verb names a value only as a capitalised noun phrase, after an
# optional connective: "and <Looked After Children> 488 to 624", "<England> 62".
_BARE = regex.compile(r"(?:[\s,\-•*#>]|\d{1,2}(?:\.\d{1,2})+\s)*(?:(?:and|&|or)\s+)?(?:the\s+)?(?-i:[A-Z])")
# Bullets and paragraph numbers in front of a sentence.
_SENTENCE_MARKUP = regex.compile(r"(?:[\s\-•·*#>]|\d{1,2}(?:\.\d{1,2})+\s)*")
# A subject holding a value ("100% of care leavers") is that value's clause, not a name.
_VALUE_INSIDE = regex.compile(r"^\W*[£+\-]?\d|\d\s*%|£\s*\d")
# "and that the conversion rate of 26.9%": a noun phrase naming the value right before it
_NP_OF = regex.compile(r"[a-z]\s+of\s*$", regex.IGNORECASE)
_RELATIVE_END = regex.compile(r"\b(?:who|which|that)\s*$", regex.IGNORECASE)
# A verb right after a value (its clause's subject): "316 were in ..."
_STARTS_WITH_WORD = regex.compile(r"\s+[a-z]")
#: What a count may be of, in the one or two words :func:`counts_only` reads ("children",
#: "young people"); a pattern fragment for the places that look for it after a value.
COUNT_WORDS = r"(?:young\s+)?[a-z][\w'’-]*"
#: The one or two words right after a value that may say what it counts.
_COUNTED = regex.compile(rf"\s+({COUNT_WORDS})(?=[\s,.;:)]|$)", regex.IGNORECASE)
_PAST_PERFECT = {"had", "have", "has"}  # "had lasted two years or more" is the predicate itself
_MAX_WORDS = 25
_REACH = 300  # characters either side of a value that can hold its naming words  # a "phrase" longer than this is a clause the grammar misread


@functools.lru_cache(maxsize=None)
def _cues(kind: str) -> tuple[regex.Pattern, ...]:
    return tuple(c.pattern for c in load_cues("prose_indicator.jsonl") if c.label == kind)


def _first(kind: str, text: str) -> regex.Match | None:
    """The match of the first cue of ``kind`` that occurs in ``text``, or None."""
    return next((m for p in _cues(kind) if (m := p.search(text))), None)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Move ``start`` past leading and ``end`` before trailing filler, until stable."""
    for _ in range(8):
        before = (start, end)
        for pattern in _cues("strip_lead"):
            m = pattern.match(text[start:end])
            if m and m.end():
                start += m.end()
        for pattern in _cues("strip_tail"):
            m = pattern.search(text[start:end])
            if m and m.start() < end - start:
                end = start + m.start()
        if (start, end) == before:
            break
    return start, end


def tidy(raw: str) -> Phrase | None:
    """The naming words of ``raw`` and their offset, or None when nothing is left.

    >>> tidy("- 4.2 Provisional performance in relation to assessment timeliness ")
    ('assessment timeliness', 45)
    >>> tidy("the regional average for care leavers in EET")[0]
    'care leavers in EET'
    >>> tidy("Children centres’ registration rates during 2017/18")[0]
    'Children centres’ registration rates'
    >>> tidy("individual actions (instead of")[0]
    'individual actions'
    """
    start, end = _strip(raw, 0, len(raw))
    phrase = _WS.sub(" ", _MARKUP.sub(" ", raw[start:end])).strip(" ,;:-–—*.")
    if phrase.endswith(")") and phrase.count("(") < phrase.count(")"):
        phrase = phrase[:-1].rstrip()
    if phrase.startswith("(") and phrase.count("(") > phrase.count(")"):
        phrase = phrase[1:].lstrip()
    if not phrase or len(phrase.split()) > _MAX_WORDS:
        return None
    return phrase, start


def is_weak(phrase: str | None) -> bool:
    """True when ``phrase`` names no indicator ("this measure", "the rate", "Service").

    >>> is_weak("this measure"), is_weak("statistical neighbour comparison"), is_weak("re-referrals")
    (True, True, False)
    >>> is_weak("the North West"), is_weak("the children in care")
    (True, False)
    """
    if not phrase:
        return True
    low = phrase.strip().lower()
    lead = _first("weak_lead", low)  # "the North West" is as weak as "North West"
    bare = low[lead.end():] if lead else low
    return any(p.match(low) or bare != low and p.match(bare) for p in _cues("weak"))


def names_a_role(phrase: str) -> bool:
    """True when ``phrase`` names a value's role, not a measure ("the milestone target").

    >>> names_a_role("milestone target for December 2015"), names_a_role("re-referrals")
    (True, False)
    """
    return any(p.match(phrase.strip().lower()) for p in _cues("role_phrase"))


def borrowed_head(lead: str) -> str | None:
    """The head noun of an anaphoric subject ("The rate of", "This is a rate of"), which the
    words borrowed from an earlier sentence name only with it: "[children in care] rate".

    >>> borrowed_head("The rate of "), borrowed_head("This is a rate of "), borrowed_head("Of the ")
    ('rate', 'rate', None)
    """
    m = _first("borrowed_head", lead)  # its patterns are anchored at the start
    return m.group("head").lower() if m else None


def _clauses(text: str, kinds=("clause_break",)) -> int:
    """Offset where the last clause of ``text`` starts."""
    first = 0
    for kind in kinds:
        for pattern in _cues(kind):
            for m in pattern.finditer(text):
                first = max(first, m.end())
    return first


def reports(after: str) -> bool:
    """True when a subject followed by ``after`` reports figures rather than names them.

    >>> reports(" reported that there were 421"), reports(" has also explained that"), reports(" rose to 421")
    (True, True, False)
    """
    return _first("reporter", after) is not None


def _first_verb(text: str) -> int | None:
    """Offset of the first verb that ends a subject (not one inside a relative clause)."""
    best = None
    for pattern in _cues("verb"):
        for m in pattern.finditer(text):
            head = text[max(0, m.start() - 12):m.start()]
            if not text[:m.start()].strip(" ,-•*#\n\t") or _RELATIVE_END.search(head):
                continue
            if best is None or m.start() < best:
                best = m.start()
            break
    return best


def has_verb(text: str) -> bool:
    """True when ``text`` holds a verb that ends a subject (a sentence, not a name).

    >>> has_verb("What is working well"), has_verb("Children looked after (CLA) seen in timescale")
    (True, False)
    """
    return _first_verb(text) is not None


def phrase_before(before: str, *, bare: bool = True) -> Phrase | None:
    """The subject of a verb, or a bare noun phrase, in the text before a value.

    ``bare`` allows a clause without a verb ("and Looked After Children 488").

    >>> phrase_before("Primary attendance rate was currently ")
    ('Primary attendance rate', 0)
    >>> phrase_before("NI 68 – referrals which go onto an initial assessment is now ")[0]
    'referrals which go onto an initial assessment'
    >>> phrase_before(" and Looked After Children ")[0]
    'Looked After Children'
    >>> phrase_before("For comparison, re-referral rates average ")[0]
    're-referral rates'
    >>> phrase_before(" out of 618 children) was an increase on ") is None
    True
    >>> phrase_before("this has decreased in April 2018 to ") is None
    True
    """
    first = _clauses(before)
    clause = before[first:]
    verb = _first_verb(clause)
    if verb is None and not bare:
        return None
    raw = clause[:verb] if verb is not None else clause
    if _TAIL_BEFORE.match(raw) or verb is None and not _BARE.match(raw):
        return None
    found = tidy(raw)
    if found is None or is_weak(found[0]) or _VALUE_INSIDE.search(found[0]) and verb is None:
        return None
    return found[0], first + found[1]


def _stop_after(text: str) -> int:
    """Where the naming words at the start of ``text`` end: the first ``stop_after`` cue."""
    return min((m.start() for p in _cues("stop_after") if (m := p.search(text))), default=len(text))


def _bracket_end(text: str, stop: int) -> int:
    """``stop``, or the first closing bracket before it that no bracket of ``text`` opened and
    a new clause follows: a bracketed value's words end with its bracket ("(63 <young
    people>), higher than ..."), but not its predicate ("(14.4% of those) had a score").

    >>> _bracket_end(" young people), higher than England", 30), _bracket_end(" leavers in EET (NEET)", 22)
    (13, 22)
    >>> _bracket_end(" of those asked) had a score of 17", 30), _bracket_end(" referrals received) and the year", 30)
    (30, 19)
    """
    depth = 0
    for i, char in enumerate(text[:stop]):
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                return i if any(p.match(text, i + 1) for p in _cues("after_bracket")) else stop
            depth -= 1
    return stop


def phrase_after(after: str, *, opens: bool = False) -> Phrase | None:
    """Naming words right after a value, up to ``after``'s end (the next value or clause end).

    A share ("85% of ...") or a value that ``opens`` its clause is the subject of what is
    said after a time: "22.9% of plans starting <in the quarter> were second plans".

    >>> phrase_after(" of Early Help Contacts triaged within 5 working days, whilst below")[0]
    'Early Help Contacts triaged within 5 working days'
    >>> phrase_after(" out of 38 care leavers are currently in employment, education or training (EET)")[0]
    'care leavers are currently in employment, education or training (EET)'
    >>> phrase_after(" decrease in the number of First Time Entrants from the same period last year")[0]
    'number of First Time Entrants'
    >>> phrase_after(" until March 2018") is None, phrase_after(" of the qualified workforce in October") is None
    (True, True)
    >>> phrase_after(" of posts were vacant")[0]
    'posts were vacant'
    >>> phrase_after(" of plans starting in the quarter were repeat plans")[0], phrase_after(" plans in the quarter were")[0]
    ('plans starting in the quarter were repeat plans', 'plans')
    >>> phrase_after(" plans in the quarter were repeat plans", opens=True)[0]
    'plans in the quarter were repeat plans'
    """
    pos, led = 0, False
    for _ in range(3):
        moved = False
        for kind in ("after_skip", "after_lead"):
            for pattern in _cues(kind):
                m = pattern.match(after[pos:])
                if m and m.end():
                    pos += m.end()
                    moved = True
                    led = led or kind == "after_lead"
        if not moved:
            break
    rest = after[pos:]
    # past a unit the same words still cannot name: "69 per 10,000 <in England>"
    if not led and any(p.match(rest) for p in _cues("after_reject")):
        return None
    # "made up 11.8% of <the qualified workforce>": the whole it is a share of, not a name
    if led and any(p.match(rest) for p in _cues("after_whole")):
        return None
    stop = _stop_after(rest)
    resumed = (led or opens) and next((m for p in _cues("after_resume") if (m := p.match(rest, stop))), None)
    if resumed:
        # "22.9% of plans starting in the quarter were second plans": the share's predicate
        stop = resumed.end() + _stop_after(rest[resumed.end():])
    found = tidy(rest[:_bracket_end(rest, stop)])
    if found is None or is_weak(found[0]) or len(found[0]) < 3:
        return None
    verb = _first_verb(found[0])
    if verb is not None and is_weak(tidy(found[0][:verb]) and tidy(found[0][:verb])[0]):
        return None  # "At 27.9% <the rate is the highest ...>": a clause about a weak subject
    return found[0], pos + found[1]


def predicate_after(before: str, after: str) -> Phrase | None:
    """What a value that is the subject of its clause is said to be or have: the words
    after it when they start with a verb ("316 <were in education, employment or
    training>", "7 <had lasted two years or more>"), or None. A value after a preposition
    or verb (``object_before``: "which at 90.7% was ...") is no subject.

    >>> predicate_after("Of 642 care leavers, ", " were in education, employment or training, and ")[0]
    'in education, employment or training'
    >>> predicate_after("", " had lasted two years or more.")[0]
    'had lasted two years or more'
    >>> predicate_after("", " children were looked after") is None, predicate_after("", " was higher than in June") is None
    (True, True)
    >>> predicate_after("which at ", " was the best performance in the region") is None
    True
    """
    if any(p.search(before) for p in _cues("object_before")):
        return None
    lead = _STARTS_WITH_WORD.match(after)
    if lead is None or not any(p.match(after, lead.end() - 1) for p in _cues("verb")):
        return None
    found = tidy(after[:_stop_after(after)])
    if found is None or is_weak(found[0]) or has_verb(found[0]) and found[0].split()[0].lower() not in _PAST_PERFECT:
        return None
    return found


def whole_of(phrase: str, predicate: str) -> str | None:
    """The noun phrase of ``phrase`` (the whole a part is of) to put before ``predicate``:
    up to its first verb or relative pronoun, or None when ``predicate`` already names it.

    >>> whole_of("care leavers aged 19-21 we are in touch with", "in suitable accommodation")
    'care leavers aged 19-21'
    >>> whole_of("new EHCPs were issued between April and September", "issued within 20 weeks")
    'new EHCPs'
    >>> whole_of("plans started", "repeat plans") is None, whole_of("young people in this cohort", "in this area")
    (True, 'young people in this cohort')
    """
    relative = _first("whole_end", phrase)
    found = tidy(phrase[:min(_first_verb(phrase) or len(phrase), relative.start() if relative else len(phrase))])
    if found is None or is_weak(found[0]):
        return None
    said = set(_content_words(predicate))
    return None if said & set(_content_words(found[0])) else found[0]


def _content_words(text: str) -> list[str]:
    """The words of ``text`` that name something (``content_word`` cues)."""
    return [w for p in _cues("content_word") for w in p.findall(text.lower())]


def _near(before: str, after: str) -> tuple[str, str]:
    """The last and first ``_REACH`` characters, cut at a space (never inside a word)."""
    if len(before) > _REACH:
        cut = before.find(" ", len(before) - _REACH)
        before = before[cut:] if cut != -1 else ""
    if len(after) > _REACH:
        cut = after.rfind(" ", 0, _REACH)
        after = after[:cut] if cut != -1 else ""
    return before, after


def share_clause(before: str, after: str) -> Phrase | None:
    """The clause before a value that is a share "of" a population, when the clause says
    what was done for that share: "<Dental checks were up to date> for 81.7% of children
    in care", "<Return interviews were offered> following 91% of episodes". The words
    after the value are the whole, not the measure.

    >>> share_clause("Dental checks were up to date for ", " of children in care")
    ('Dental checks were up to date', 0)
    >>> share_clause("It was done for ", " of children") is None, share_clause("Visits for ", " of children") is None
    (True, True)
    """
    if not any(p.match(after) for p in _cues("share_after")):
        return None
    first = _clauses(before)
    clause = before[first:]
    prep = _first("share_before", clause)
    verb = _first_verb(clause[:prep.start()]) if prep else None
    if verb is None:
        return None
    subject = tidy(clause[:verb])
    if subject is None or is_weak(subject[0]):
        return None
    # the predicate is kept whole ("up to date" is no period here)
    phrase = _WS.sub(" ", _MARKUP.sub(" ", clause[subject[1]:prep.start()])).strip(" ,;:-–—*")
    if _VALUE_INSIDE.search(phrase) or len(phrase.split()) > _MAX_WORDS:
        return None
    return phrase, first + subject[1]


def restates(before: str) -> bool:
    """True when the words before a value say it restates the value before it in other terms.

    >>> restates("were NEET, equivalent to "), restates("compared with ")
    (True, False)
    """
    return _first("restates", before) is not None


def counted_noun(after: str) -> bool:
    """True when the words right after a value say what it counts ("3,820 <families>").

    >>> counted_noun(" families by March 2020"), counted_noun(" young people"), counted_noun(" per 10,000")
    (True, True, False)
    """
    m = _COUNTED.match(after)
    return bool(m) and counts_only(m.group(1))


def counts_only(phrase: str) -> bool:
    """True when ``phrase`` only says what a count is of ("children"), naming no measure.

    >>> counts_only("children"), counts_only("young people"), counts_only("children in care")
    (True, True, False)
    """
    return any(p.match(phrase.strip().lower()) for p in _cues("unit_noun"))


def own_phrase(before: str, after: str) -> Phrase | None:
    """The value's own naming words: the clause before a share (:func:`share_clause`),
    else the words after it, else before it.

    Offsets are relative: positive into ``after``, negative (from its end) into ``before``.

    >>> own_phrase("Primary attendance rate was currently ", " compared to 96% nationally")
    ('Primary attendance rate', -38)
    >>> own_phrase("The average caseload was ", " children")[0], own_phrase("There were ", " children")[0]
    ('average caseload', 'children')
    >>> own_phrase("At 31 March Plymouth looked after ", " children.")[0]
    'looked after children'
    """
    before, after = _near(before, after)
    found = share_clause(before, after)
    if found:
        return found[0], found[1] - len(before)
    found = phrase_after(after, opens=_first("opens_clause", before) is not None)
    if found and any(p.match(found[0].lower()) for p in _cues("unit_noun")):
        # "Plymouth <looked after> 516 <children>": what the council did names them
        acted = _first("actor_verb", before)
        if acted:
            return f"{_WS.sub(' ', acted.group('verb'))} {found[0]}", acted.start("verb") - len(before)
        # "The average caseload ... was 16 <children>": the subject names it, if there is one
        subject = phrase_before(before, bare=False)
        if subject:
            return subject[0], subject[1] - len(before)
    if found:
        return found
    found = phrase_before(before)
    if found:
        return found[0], found[1] - len(before)
    return None


def sentence_phrase(sentence: str) -> Phrase | None:
    """Naming words of a sentence, for the values of later sentences that have none.

    >>> sentence_phrase("Increase in the last 3 months in the number of LAC who were experiencing multiple placement moves.")[0]
    'number of LAC who were experiencing multiple placement moves'
    >>> sentence_phrase("Satisfaction rates for Early Help were consistently high with 100% of families")[0]
    'Satisfaction rates for Early Help'
    """
    lead = _SENTENCE_MARKUP.match(sentence).end()
    for pattern in _cues("after_lead"):
        m = pattern.match(sentence[lead:])
        if m and m.end() and not _TAIL_OF_VALUE.match(sentence[lead:]):
            found = phrase_after(sentence[lead + m.end():])
            if found:
                return found[0], lead + m.end() + found[1]
    verb = _first_verb(sentence)
    if verb is None:
        return None
    return _subject_at(sentence, verb)


def _subject_at(sentence: str, verb: int) -> Phrase | None:
    first = _clauses(sentence[:verb])
    found = tidy(sentence[first:verb])
    if found is None or is_weak(found[0]) or _VALUE_INSIDE.search(found[0]):
        return None
    return found[0], first + found[1]
