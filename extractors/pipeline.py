"""The spaCy pipeline behind the prose extractor: ``spacy.blank("en")`` plus rule components.

Components (registered with ``@Language.factory``, settings keyword-only, so a pipeline
is described by config and a trained pipeline can replace the blank one):

- ``outturn_blocks``: bullets, numbered paragraphs, ``Label: value`` lines, headings and
  run-on paragraphs as ``doc.spans["blocks"]`` (label = kind), and sentence starts.
- ``outturn_quantities``: every number token as ``doc.spans["quantities"]``, with the
  :class:`~outturn.extractors.numbers.Quantity` in ``span._.quantity``; tokens a
  not-a-statement cue covers go to ``doc.spans["not_statements"]`` (label = reason).
- ``outturn_periods``: period expressions as ``doc.spans["periods"]`` (``span._.period``).

The components run the ``regex`` module over ``doc.text`` (linear time) and map
character offsets back with ``doc.char_span``.

>>> nlp = build_pipeline()  # numbers inside periods are dropped later, by the prose extractor
>>> doc = nlp("- 4.2 Assessments stand at 98% (43 out of 44) in June 2021.")
>>> [s.text for s in doc.spans["quantities"]], [s.text for s in doc.spans["periods"]]
(['98%', '43', '44', '2021'], ['June 2021'])
"""

from __future__ import annotations

import datetime
import re

import numpy
import regex
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from outturn.extractors.numbers import find_quantities
from outturn.extractors.periods import find_periods
from outturn.extractors.prose_indicator import has_verb
from outturn.extractors.rules import load_cues, scan

#: The default pipeline description; pass a changed copy to :func:`build_pipeline`.
DEFAULT_CONFIG: dict = {
    "base": "blank:en",
    "max_length": 20_000_000,
    "components": [
        ("outturn_blocks", {"max_heading_chars": 250}),
        ("outturn_quantities", {"cue_file": "prose_not_statements.jsonl"}),
        ("outturn_periods", {}),
    ],
}

for _name in ("quantity", "period"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)
if not Doc.has_extension("reference_date"):
    Doc.set_extension("reference_date", default=None)

#: Where :func:`doc_text` keeps a doc's text (a doc's tokens never change text).
_TEXT_KEY = "outturn_text"

_LINE = regex.compile(r"[^\n]*(?:\n|$)")
#: A bullet's mark: "-", "•", dashes.
BULLET = r"[-•·▪◦*–—]"
#: A list item's start: a bullet, or a letter or roman numeral in brackets ("(a) ", "ii) ").
LIST_ITEM = regex.compile(rf"[ \t]*(?:{BULLET}|\(?[a-z]\)|\(?[ivx]{{1,4}}\))(?:\s|$)")
# A line that opens a new block: a bullet, a numbered paragraph, a markdown heading.
_BLOCK_START = regex.compile(
    r"""^[ \t]*(?:
        """ + BULLET + r"""(?:\s|$)               # bullet
      | \#{1,6}\s                          # markdown heading
      | \*\*                               # bold line (headings, Target lines)
      | \(?\d{1,2}(?:\.\d{1,2})*[.)]?\s    # numbered paragraph "4.1", "5.", "(2)"
      | [A-Z][^:\n]{0,80}:\s*[+\-£]?\d     # Label: value (labels run to 80 characters)
    )""",
    regex.VERBOSE,
)
# A heading: markdown, bold, numbered title, or a short upper-case line without a full stop.
_HEADING = regex.compile(
    r"""^[ \t]*(?:
        \#{1,6}\s.*
      | \*\*[^*\n].*\*\*[ \t]*
      | \d{1,2}\.\d{1,2}(?:\.\d{1,2})*\.?[ \t]+[A-Z][^.\n]*    # 3.24 Electively Home Educated
      | \d{1,2}\.?[ \t]+(?:[A-Z][\w'’&/()-]*[ \t]*(?:(?:and|of|the|for|to|in|on|&|-)[ \t]+)?)+  # 5. Finance
      | [A-Z][A-Z0-9 &,'’()/:-]{3,}
    )$""",
    regex.VERBOSE,
)
# A title on a line of its own, between blank lines ("KPI 03  Percentage of referrals that are
# re-referrals within 12 months"): up to 120 characters, no sentence end, colon, percentage
# or money, and no number at its end (nor a verb: see find_blocks).
_TITLE = regex.compile(r"^[ \t]*[A-Z](?=[^\n]{0,119}$)[^\n%£:;.!?]*[^\d\s%£:;.!?,-][ \t]*$")
_ENDS_SENTENCE = regex.compile(r"[.!?:;]['’\"”)*]*\s*$")
# A sentence ends at . ! ? before a capital, unless the dot follows an abbreviation.
_SENTENCE_END = regex.compile(
    r"(?<!\b(?:c|e\.g|i\.e|etc|no|nos|mr|mrs|ms|dr|st|ext|approx|vs|cf|para|fig))[.!?](?=[\s\u00a0]+[\"“(]?[A-Z0-9£])"
)
# A line that stops on a word no sentence ends with runs on to the next: "fell from"
_OPEN_END = regex.compile(
    r"\b(?:from|to|of|at|by|with|and|or|than|in|on|for|the|a|an|was|were|is|are|be|been|had|has|have)[ \t]*\n?$")
_TARGET_LINE = regex.compile(r"^[\s*#]*(?:target|tolerance|no\s+target)\b", regex.IGNORECASE)
# "England: 70" / "Commentary: The rate ...": a line under a label line that has its own label
_LABELLED = regex.compile(r"[ \t]*[A-Z][^:\n]{0,40}:[ \t]")  # used with match(): anchored where it starts


def find_blocks(text: str, *, max_heading_chars: int = 250) -> list[tuple[int, int, str]]:
    """Blocks of ``text`` as ``(start, end, kind)``; kind is ``heading``, ``cue_line``
    (a bold Target/Tolerance line) or ``block`` (bullet, paragraph, ``Label: value`` line).

    A line that does not end a sentence and is followed by one starting in lower case
    (a PDF page break inside a sentence) continues its block across blank lines.

    >>> t = "## 3.8 Rate per 10k\\n**Target 79**\\n- Rate fell\\n\\nto 91.2 in April.\\nJanuary: 72%\\n"
    >>> [(t[s:e].strip(), k) for s, e, k in find_blocks(t)]
    [('## 3.8 Rate per 10k', 'heading'), ('**Target 79**', 'cue_line'), ('- Rate fell\\n\\nto 91.2 in April.', 'block'), ('January: 72%', 'block')]
    """
    blocks: list[list] = []
    open_block = False
    for m in _LINE.finditer(text):
        line = m.group(0)
        if not line:
            break
        stripped = line.strip()
        if not stripped:
            # a blank line closes the block unless the sentence visibly runs on
            if blocks and open_block and _ENDS_SENTENCE.search(text[blocks[-1][0]:blocks[-1][1]][-200:]):
                open_block = False
            continue
        start, end = m.start() + (len(line) - len(line.lstrip())), m.start() + len(line.rstrip())
        runs_on = (
            open_block and blocks and blocks[-1][2] == "block"
            and not _ENDS_SENTENCE.search(text[max(blocks[-1][0], blocks[-1][1] - 200):blocks[-1][1]])
            and not _BLOCK_START.match(line) and stripped[:1].islower()
        )
        next_line = open_block and blocks and blocks[-1][2] == "block" and text[blocks[-1][1]:m.start()].count("\n") <= 1
        # "... 11 more than at" / "30 June (713) and ...": a wrapped line runs on even into
        # one that starts like a numbered paragraph
        labels_follow = blocks and _LABELLED.match(line) and _LABELLED.match(text, blocks[-1][0], end)
        if runs_on or next_line and (_wraps_on(text, m.start()) or not _BLOCK_START.match(line)
                                     and not _HEADING.match(line) and not _TARGET_LINE.match(line)
                                     and not labels_follow):
            blocks[-1][1] = end
            continue
        if _TARGET_LINE.match(line):
            kind = "cue_line"
        elif len(stripped) <= max_heading_chars and _HEADING.match(line) and not _wraps_on(text, m.end()):
            kind = "heading"
        else:
            kind = "block"
        blocks.append([start, end, kind])
        open_block = kind == "block"
    for i, (start, end, kind) in enumerate(blocks[:-1]):
        line = text[start:end]
        if (kind == "block" and blocks[i + 1][2] != "heading" and _TITLE.match(line)
                and _stands_alone(text, start, end) and not has_verb(line)):
            blocks[i][2] = "heading"  # a title on a line of its own over the lines it names
    return [tuple(b) for b in blocks]


def _stands_alone(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is one line with a blank line (or the text's edge) on either side.

    >>> t = "Intro.\\n\\nKPI 03  Re-referrals\\n\\nQ2: 21.9%\\nTarget: 20%"
    >>> _stands_alone(t, 8, 28), _stands_alone(t, 30, 39)
    (True, False)
    """
    if "\n" in text[start:end]:
        return False
    line_start, line_end = text.rfind("\n", 0, start) + 1, text.find("\n", end)
    above = _line_at(text, line_start - 1) if line_start else ""
    below = _line_at(text, line_end + 1) if line_end != -1 else ""
    return not above.strip() and not below.strip()


def _line_at(text: str, at: int) -> str:
    """The line of ``text`` that holds offset ``at`` (a newline's offset: the line it ends)."""
    end = text.find("\n", at)
    return text[text.rfind("\n", 0, at) + 1:len(text) if end == -1 else end]


def _wraps_on(text: str, at: int) -> bool:
    """Whether the line starting at ``at`` continues the line before it, so that line is
    a hard-wrapped paragraph, not a heading: it starts in lower case ("2.1 The Hub
    received 6,398 contacts during the" / "quarter, a rise of 12%"), or with a number
    after a line that stops on a word no sentence ends with ("4.2 The number on a plan
    fell from" / "351 at 31 March 2023 to 312").

    >>> _wraps_on("2.1 The Hub received 398 contacts in the\\nquarter.", 41), _wraps_on("2. Scope\\nThe", 9)
    (True, False)
    >>> _wraps_on("4.2 Plans fell from\\n  351 to 312.", 20), _wraps_on("4. Children in care\\n351 were", 20)
    (True, False)
    """
    start = at
    while at < len(text) and text[at] in " \t":
        at += 1
    if text[at:at + 1].islower():
        return True
    return text[at:at + 1].isdigit() and bool(_OPEN_END.search(text, max(0, start - 40), start))


def find_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of ``text[start:end]`` as absolute ``(start, end)`` offsets.

    >>> t = "Rate was 92.2%. The total c. 40 was met. Next"
    >>> [t[s:e] for s, e in find_sentences(t, 0, len(t))]
    ['Rate was 92.2%.', 'The total c. 40 was met.', 'Next']
    """
    out, cursor = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        out.append((cursor, m.end()))
        cursor = m.end()
        while cursor < end and text[cursor].isspace():
            cursor += 1
    if cursor < end:
        out.append((cursor, end))
    return out


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per doc: spaCy rebuilds it from every token on each
    access, which cost more than all the components' regex scans together.

    >>> doc = spacy.blank("en")("Rate was 92.2%.")
    >>> doc_text(doc) == doc.text and doc_text(doc) is doc_text(doc)
    True
    """
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


#: A run of non-space characters, or of space characters (``str.isspace``, as spaCy's tokenizer).
_RUN = re.compile(r"\S+|\s+")
#: A run that is one word with punctuation around it ("the", "(Ofsted),"): no quantity or
#: period can start inside it, so at most one of each starts in it.
_ONE_WORD = re.compile(r"\W*\w+\W*")


def make_doc(nlp: Language, text: str) -> Doc:
    """The doc the components of ``nlp`` run on, with :func:`doc_text` already known.

    The ``outturn_*`` components read only the text and map character offsets back with
    ``alignment_mode="expand"``, so when they are the whole pipeline only the runs of
    non-space characters where two quantities or periods could start go through spaCy's
    tokenizer (in one call); any other run is one token. spaCy tokenizes each such run on
    its own, so the tokens there are its tokens; blocks start and end on a run's edge;
    and two spans that share a run (their extension values are keyed by their offsets)
    share the same tokens as with ``nlp.make_doc``. A quantity's or period's span may
    reach a plain run's edge; its exact offsets stay in ``span._.quantity`` and
    ``span._.period``. Any other component gets ``nlp.make_doc``.

    >>> nlp = build_pipeline()
    >>> text = "  Rate was 92.2%.\\n\\n- 43  of 44\\tin Q1 09/10"
    >>> doc = make_doc(nlp, text)
    >>> doc.text == text, doc_text(doc) is text, [t.text for t in doc][:5]
    (True, True, ['  ', 'Rate', 'was', '92.2', '%'])
    """
    if any(not name.startswith("outturn_") for name in nlp.pipe_names):
        doc = nlp.make_doc(text)
        doc.user_data[_TEXT_KEY] = text
        return doc
    runs = _RUN.findall(text)
    split = [i for i, run in enumerate(runs) if not run[0].isspace() and not _ONE_WORD.fullmatch(run)]
    pieces: dict[int, list[str]] = {}
    if split:
        offsets, at = [], 0
        for i in split:
            offsets.append(at)
            at += len(runs[i]) + 1
        k = 0
        for token in nlp.tokenizer(" ".join(runs[i] for i in split)):
            while k + 1 < len(offsets) and token.idx >= offsets[k + 1]:
                k += 1
            pieces.setdefault(split[k], []).append(token.text)
    words: list[str] = []
    spaces: list[bool] = []
    for i, run in enumerate(runs):
        if run[0].isspace():
            # one plain space after a word is that word's trailing space, as in spaCy
            if words and run[0] == " " and not spaces[-1] and not words[-1][0].isspace():
                spaces[-1] = True
                run = run[1:]
                if not run:
                    continue
        elif i in pieces:
            words.extend(pieces[i])
            spaces.extend([False] * len(pieces[i]))
            continue
        words.append(run)
        spaces.append(False)
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    doc.user_data[_TEXT_KEY] = text
    return doc


def _span(doc: Doc, start: int, end: int, label: str) -> Span | None:
    return doc.char_span(start, end, label=label, alignment_mode="expand")


@Language.factory("outturn_blocks", default_config={"max_heading_chars": 250})
def make_blocks(nlp: Language, name: str, *, max_heading_chars: int):
    """Blocks and sentence starts (see :func:`find_blocks`, :func:`find_sentences`)."""

    def blocks_component(doc: Doc) -> Doc:
        spans, starts = [], set()
        text = doc_text(doc)
        for start, end, kind in find_blocks(text, max_heading_chars=max_heading_chars):
            span = _span(doc, start, end, kind)
            if span is None:
                continue
            spans.append(span)
            for s, _ in find_sentences(text, start, end) if kind == "block" else [(start, end)]:
                token = doc.char_span(s, min(s + 1, end), alignment_mode="expand")
                if token is not None:
                    starts.add(token.start)
        doc.spans["blocks"] = spans
        # one array write: setting token.is_sent_start one by one is quadratic in spaCy
        flags = numpy.full((len(doc), 1), -1, dtype="int32")
        for i in starts | {0}:
            if i < len(doc):
                flags[i, 0] = 1
        if len(doc):
            doc.from_array([SENT_START], flags.astype("uint64"))
        return doc

    return blocks_component


@Language.factory("outturn_quantities", default_config={"cue_file": "prose_not_statements.jsonl"})
def make_quantities(nlp: Language, name: str, *, cue_file: str):
    """Number tokens, split into candidates and not-statements by the cue file."""
    cues = load_cues(cue_file)

    def quantities_component(doc: Doc) -> Doc:
        text = doc_text(doc)
        covered: list[tuple[int, int, str]] = []
        for cue, m in scan(cues, text):
            if cue.unless_before is not None and cue.unless_before.search(text[max(0, m.start() - 40):m.start()]):
                continue
            covered.append((m.start(), m.end(), cue.label))
        covered.sort()
        keep, drop = [], []
        i = 0
        for q in find_quantities(text):
            while i < len(covered) and covered[i][1] <= q.start:
                i += 1
            reason = next((c[2] for c in covered[max(0, i - 4):i + 8] if c[0] < q.end and q.start < c[1]), None)
            span = _span(doc, q.start, q.end, reason or "quantity")
            if span is None:
                continue
            span._.quantity = q
            (drop if reason else keep).append(span)
        doc.spans["quantities"] = keep
        doc.spans["not_statements"] = drop
        return doc

    return quantities_component


@Language.factory("outturn_periods", default_config={})
def make_periods(nlp: Language, name: str):
    """Period expressions; a bare month takes its year from ``doc._.reference_date``."""

    def periods_component(doc: Doc) -> Doc:
        reference: datetime.date | None = doc._.reference_date
        spans = []
        for start, end, period in find_periods(doc_text(doc), reference=reference):
            span = _span(doc, start, end, period.kind)
            if span is not None:
                span._.period = (start, end, period)
                spans.append(span)
        doc.spans["periods"] = spans
        return doc

    return periods_component


def build_pipeline(config: dict | None = None) -> Language:
    """A pipeline described by ``config`` (default :data:`DEFAULT_CONFIG`).

    ``config["base"]`` is ``"blank:en"`` or the name of an installed spaCy pipeline to
    start from; ``config["components"]`` lists ``(factory name, settings)`` pairs.
    """
    config = {**DEFAULT_CONFIG, **(config or {})}
    base = config["base"]
    nlp = spacy.blank(base.split(":", 1)[1]) if base.startswith("blank:") else spacy.load(base)
    nlp.max_length = config["max_length"]
    for factory, settings in config["components"]:
        nlp.add_pipe(factory, config=dict(settings))
    return nlp
