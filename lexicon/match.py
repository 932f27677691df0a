"""Matching an indicator phrase as written to an indicator of the lexicon.

A phrase and every name and alias of the lexicon are reduced to tokens
(:mod:`outturn.lexicon.normalise`). Words are weighted by how rare they are across the
lexicon (inverse document frequency), so that ``personal education plan`` decides a
match and ``children``, ``number`` or ``percentage`` hardly count;
``token_weights.csv`` sets the weight of such generic words directly. A phrase token
the lexicon does not know is repaired to its nearest lexicon word when they are close
(``Nunnber`` -> ``number``, ``manence`` -> ``permanence``).

The score of a name or alias is a weighted F-measure of the two token sets (how much
of the phrase the name explains, how much of the name the phrase mentions), blended
with rapidfuzz's ``token_set_ratio``. An indicator scores its best name or alias. Only
indicators whose unit agrees with the statement's are candidates: a percentage never
maps to a count indicator. A change stated in per cent is the exception (see
:func:`match_unit`): "contacts fell by 12%" is a change of a count.

The best indicator's score and its margin over the runner-up decide the status:
``auto`` (trust it), ``needs_review`` (keep it, but a person should look) or
``unmatched``; the thresholds live in :class:`MatchConfig`.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from rapidfuzz import fuzz, process

from outturn.errors import DataFileError
from outturn.extractors.models import Statement
from outturn.lexicon.datafile import package_file, read_rows
from outturn.lexicon.loader import Lexicon, fold, load_lexicon
from outturn.lexicon.normalise import Abbreviations, clean_phrase, default_abbreviations, stem, tokens

STATUSES = ("auto", "needs_review", "unmatched")

# A share and its count (cla_3_placements_pct, cla_3_placements_count) are one measure, which
# tables print side by side; a rate per 10,000 is never read as a count by mistake of wording.
_UNIT_SUFFIX = re.compile(r"_(?:pct|count)$")


def same_measure(first_id: str, second_id: str) -> bool:
    """Whether two indicator ids name one measure as a share and as a count.

    >>> same_measure("cla_3_placements_pct", "cla_3_placements_count")
    True
    >>> same_measure("cla_count", "cla_plans_up_to_date_pct"), same_measure("cla_count", "cla_rate_per_10k")
    (False, False)
    """
    return _UNIT_SUFFIX.sub("", first_id) == _UNIT_SUFFIX.sub("", second_id)


@dataclass(frozen=True)
class MatchConfig:
    """Thresholds and weights of the matcher.

    Attributes:
        auto_score: lowest score for an ``auto`` match.
        auto_margin: lowest lead over the runner-up for an ``auto`` match.
        review_score: lowest score for ``needs_review``; below it, ``unmatched``.
        beta: weight of name coverage against phrase coverage in the F-measure
            (above 1 favours names the phrase fully mentions).
        set_ratio_weight: share of rapidfuzz ``token_set_ratio`` in the final score.
        repair_cutoff: lowest rapidfuzz ratio (0-100) for repairing an unknown word.
        unknown_weight: weight of a phrase word the lexicon does not know.
        min_weight: least weight of a lexicon word not in ``token_weights.csv``, so
            that words common in the lexicon ("need", "looked") still decide.
        unit_conflict: an ``auto`` match becomes ``needs_review`` when an indicator
            of another unit scores at least this much more (the phrase says "rate per
            10,000" but the figure was read as a count: one of the two is wrong).
            A share and its count (``x_pct`` and ``x_count``) are no conflict. None turns the check off.
    """

    auto_score: float = 0.72
    auto_margin: float = 0.04
    review_score: float = 0.5
    beta: float = 1.0
    set_ratio_weight: float = 0.2
    repair_cutoff: float = 80.0
    unknown_weight: float = 1.5
    min_weight: float = 2.5
    unit_conflict: float | None = 0.05


@dataclass(frozen=True)
class IndicatorMatch:
    """The outcome of matching one phrase.

    ``score`` is in [0, 1]; ``margin`` is the lead over ``runner_up_id`` (the score
    itself when there is no runner-up). ``indicator_id`` is None when nothing scored.
    """

    indicator_id: str | None
    indicator_name: str | None
    score: float
    runner_up_id: str | None
    margin: float
    status: str


@dataclass(frozen=True)
class _Form:
    indicator_id: str
    text: str
    tokens: frozenset[str]


def load_token_weights(path: str | Path | None = None) -> dict[str, float]:
    """Read ``token_weights.csv`` (``word``, ``weight`` >= 0); words are stemmed.

    Raises:
        DataFileError: unknown column, bad or negative weight, duplicate word.
    """
    path = path or package_file("token_weights.csv")
    out: dict[str, float] = {}
    for lineno, row in read_rows(path, ("word", "weight"), required=("word", "weight")):
        try:
            weight = float(row["weight"])
        except ValueError:
            weight = -1.0
        if weight < 0:
            raise DataFileError(str(path), lineno, f"weight {row['weight']!r} is not a number >= 0")
        word = stem(row["word"].lower())
        if word in out:
            raise DataFileError(str(path), lineno, f"duplicate word {row['word']!r}")
        out[word] = weight
    return out


class IndicatorMatcher:
    """Matches indicator phrases to the lexicon.

    Args:
        lexicon: the lexicon; default the packaged one.
        config: thresholds; default :class:`MatchConfig`.
        extra_aliases: ``(phrase, indicator id)`` pairs learned from reviewers (the
            database's ``learned_aliases``). Each becomes an alias of its indicator; a
            packaged name or alias of another indicator with the same folded form is
            dropped (the reviewer wins), and a phrase that folds exactly like a learned
            one matches its indicator outright (score 1, ``auto``) when the unit agrees.
            Ids not in the lexicon are ignored.

    >>> m = IndicatorMatcher()
    >>> r = m.match("% of re-referrals within 12 months", "percent")
    >>> r.indicator_id, r.status
    ('rereferrals_12m_pct', 'auto')
    >>> m.match("Number of CLA", "count").indicator_id
    'cla_count'
    """

    def __init__(self, lexicon: Lexicon | None = None, config: MatchConfig | None = None,
                 *, abbreviations: Abbreviations | None = None,
                 token_weights: dict[str, float] | None = None,
                 extra_aliases: Iterable[tuple[str, str]] = ()):
        self.lexicon = lexicon if lexicon is not None else load_lexicon()
        self.config = config or MatchConfig()
        self._abbr = abbreviations or default_abbreviations()
        extra_aliases = tuple(extra_aliases)
        self._learned = {fold(p): i for p, i in extra_aliases if i in self.lexicon and fold(p)}
        learned_by_id: dict[str, list[str]] = defaultdict(list)
        for phrase, indicator_id in extra_aliases:
            if self._learned.get(fold(phrase)) == indicator_id:
                learned_by_id[indicator_id].append(phrase)
        self._forms: list[_Form] = []
        for ind in self.lexicon:
            surfaces = [ind.name, *ind.aliases] + ([ind.ni_code] if ind.ni_code else [])
            surfaces = [s for s in surfaces if self._learned.get(fold(s), ind.id) == ind.id]
            surfaces += learned_by_id.get(ind.id, [])
            for text in surfaces:
                toks = frozenset(tokens(text, self._abbr))
                if toks:
                    self._forms.append(_Form(ind.id, clean_phrase(text, self._abbr), toks))
        doc_freq: dict[str, int] = defaultdict(int)
        per_indicator: dict[str, set[str]] = defaultdict(set)
        for form in self._forms:
            per_indicator[form.indicator_id] |= form.tokens
        for toks in per_indicator.values():
            for tok in toks:
                doc_freq[tok] += 1
        n = max(len(per_indicator), 1)
        self._weight = {t: max(math.log(1 + n / df), self.config.min_weight)
                        for t, df in doc_freq.items()}
        fixed = token_weights if token_weights is not None else load_token_weights()
        self._weight.update(fixed)
        self._fixed = fixed
        self._vocab = sorted(doc_freq)
        # each form's total token weight, summed once; math.fsum, because a frozenset's order
        # changes with the string hash seed and a plain sum in another order can differ in the
        # last bit and so break a tie between two indicators the other way from run to run
        self._totals = [math.fsum(self._weigh(t) for t in form.tokens) for form in self._forms]
        self._index: dict[str, list[int]] = defaultdict(list)
        for i, form in enumerate(self._forms):
            for tok in form.tokens:
                self._index[tok].append(i)
        self._cache: dict[tuple[str, str | None], IndicatorMatch] = {}

    def _weigh(self, tok: str) -> float:
        if tok in self._weight:
            return self._weight[tok]
        return self.config.unknown_weight

    def _repair(self, toks: list[str]) -> dict[str, tuple[str, float]]:
        """Each phrase token -> (lexicon token, credit); unknown long tokens repaired."""
        out = {}
        for tok in toks:
            if tok in self._weight or len(tok) < 4 or tok.isdigit():
                out[tok] = (tok, 1.0)
                continue
            best = process.extractOne(tok, self._vocab, scorer=fuzz.ratio,
                                      score_cutoff=self.config.repair_cutoff)
            out[tok] = (best[0], best[1] / 100) if best else (tok, 1.0)
        return out

    def _score(self, repaired: dict[str, tuple[str, float]], cleaned: str, form: _Form, form_total: float) -> float:
        phrase_total = covered = 0.0
        hits: dict[str, float] = {}
        for tok, (target, credit) in repaired.items():
            w = self._weigh(target if target in form.tokens else tok)
            phrase_total += w
            if target in form.tokens:
                covered += w * credit
                hits[target] = max(hits.get(target, 0.0), credit)
        if not phrase_total or not form_total or not covered:
            return 0.0
        precision = covered / phrase_total
        recall = math.fsum(self._weigh(t) * c for t, c in hits.items()) / form_total
        b2 = self.config.beta ** 2
        f = (1 + b2) * precision * recall / (b2 * precision + recall)
        ratio = fuzz.token_set_ratio(cleaned, form.text) / 100
        return (1 - self.config.set_ratio_weight) * f + self.config.set_ratio_weight * ratio

    def match(self, phrase: str, unit: str | None = None) -> IndicatorMatch:
        """Match one phrase, considering only indicators of ``unit`` (any when None)."""
        key = (phrase, unit)
        if key not in self._cache:
            self._cache[key] = self._match(phrase, unit)
        return self._cache[key]

    def _match(self, phrase: str, unit: str | None) -> IndicatorMatch:
        learned = self._learned.get(fold(phrase or ""))
        if learned is not None and unit in (None, self.lexicon[learned].unit):
            return IndicatorMatch(learned, self.lexicon[learned].name, 1.0, None, 1.0, "auto")
        toks = list(dict.fromkeys(tokens(phrase or "", self._abbr)))
        repaired = self._repair(toks)
        cleaned = clean_phrase(phrase or "", self._abbr)
        candidates = {
            i for target, _ in repaired.values() if self._weight.get(target, 0) > 0
            for i in self._index.get(target, ())
        }
        best: dict[str, float] = {}
        for i in candidates:
            form = self._forms[i]
            if unit is not None and self.lexicon[form.indicator_id].unit != unit:
                continue
            s = self._score(repaired, cleaned, form, self._totals[i])
            if s > best.get(form.indicator_id, 0.0):
                best[form.indicator_id] = s
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))
        if not ranked:
            return IndicatorMatch(None, None, 0.0, None, 0.0, "unmatched")
        (top, score), runner = ranked[0], (ranked[1] if len(ranked) > 1 else (None, 0.0))
        margin = score - runner[1]
        cfg = self.config
        if score >= cfg.auto_score and margin >= cfg.auto_margin:
            status = "auto"
        elif score >= cfg.review_score:
            status = "needs_review"
        else:
            status = "unmatched"
        if status == "auto" and unit is not None and cfg.unit_conflict is not None:
            any_unit = self.match(phrase, None)
            if (any_unit.indicator_id not in (None, top)
                    and self.lexicon[any_unit.indicator_id].unit != unit
                    and not same_measure(any_unit.indicator_id, top)
                    and any_unit.score - score >= cfg.unit_conflict):
                status = "needs_review"
        return IndicatorMatch(top, self.lexicon[top].name, round(score, 4), runner[0],
                              round(margin, 4), status)


def match_unit(statement: Statement) -> str | None:
    """The unit an indicator must have to be a candidate for ``statement``: its own unit,
    except that a change in per cent may be a change of any indicator ("contacts fell
    by 12%", "the rate rose 5%"), so every unit is a candidate (None).

    >>> s = Statement(doc="d", doc_id="i", council=None, page=1, char_start=0, char_end=3,
    ...               evidence="contacts fell by 12%", value_text="12%", value=12.0, unit="percent",
    ...               role="change", indicator_text="contacts", indicator_id=None, indicator_name=None,
    ...               match_score=None, period_text=None, period_start=None, period_end=None,
    ...               source="prose", confidence=0.8)
    >>> match_unit(s), match_unit(replace(s, role="actual")), match_unit(replace(s, unit="count"))
    (None, 'percent', 'count')
    """
    if statement.role == "change" and statement.unit == "percent":
        return None
    return statement.unit


def match_statements(statements: list[Statement],
                     matcher: IndicatorMatcher | None = None) -> list[Statement]:
    """Copies of ``statements`` with ``indicator_id``, ``indicator_name`` and
    ``match_score`` filled for ``auto`` and ``needs_review`` matches of their
    ``indicator_text``; unmatched statements (or ones without text) keep None."""
    matcher = matcher or IndicatorMatcher()
    out = []
    for s in statements:
        m = matcher.match(s.indicator_text, match_unit(s)) if s.indicator_text else None
        if m is None or m.status == "unmatched":
            out.append(replace(s, indicator_id=None, indicator_name=None, match_score=None))
        else:
            out.append(replace(s, indicator_id=m.indicator_id,
                               indicator_name=m.indicator_name, match_score=m.score))
    return out
