"""Matching indicator phrases to the lexicon: tables of real phrasings by origin."""

from __future__ import annotations

import doctest
import json
from dataclasses import replace

import pytest

import outturn.lexicon.match as match_module
from outturn.errors import DataFileError
from outturn.extractors.models import Statement
from outturn.lexicon.match import IndicatorMatcher, MatchConfig, load_token_weights, match_statements


@pytest.fixture(scope="module")
def matcher():
    return IndicatorMatcher()


# Phrases as written in the seed papers (gold "indicator"), with the gold unit.
FROM_SEEDS = [
    ("7.2 Rate | e of Looked After Children per 10,000 population aged under 18", "rate_per_10k", "cla_rate_per_10k"),
    ("7.1 Nun | nber of Looked After Children", "count", "cla_count"),
    ("% of care leavers (aged 19-21) who are in Employment, Education or Training", "percent", "care_leavers_eet_pct"),
    ("% of re-referrals within last 12 months", "percent", "rereferrals_12m_pct"),
    ("7.10 % o | f LAC with up to date PEPs", "percent", "peps_up_to_date_pct"),
    ("% single assessments completed within 45 days", "percent", "assessments_45_days_pct"),
    ("NI 59 (initial assessment)", "percent", "initial_assessments_7_days_pct"),
    ("NI 68 – referrals which go onto an initial assessment", "percent", "referrals_to_assessment_pct"),
    ("Rate of Children and Young People subject to Child Protection plan per 10k of the population", "rate_per_10k", "cp_rate_per_10k"),
    ("9.2 % o | f LAC who have had 3 or more placements - rolling 12 months", "percent", "cla_3_placements_pct"),
    ("No. of LAC who have had 3 or more placements - rolling 12 months", "count", "cla_3_placements_count"),
    ("Health of LAC - Dental Assessments", "percent", "cla_dental_checks_pct"),
    ("% CIN seen in timescale", "percent", "cin_visits_timely_pct"),
    ("% core groups held on time", "percent", "cp_core_groups_timely_pct"),
    ("Early Help Contacts triaged within 5 working days", "percent", "early_help_triage_5_days_pct"),
    ("Number of in-house fostering households", "count", "fostering_households_inhouse_count"),
    ("Rate of first time entrants to the criminal justice system (per 100k) of 10-17 population", "rate_per_100k", "fte_rate_per_100k"),
    ("NEET", "percent", "neet_16_17_pct"),
    ("NEET", "count", "neet_count"),
]

# Phrasings other councils use for the same measures (not in the seeds).
OTHER_COUNCILS = [
    ("Percentage of children becoming the subject of a Child Protection Plan for a second or subsequent time", "percent", "cp_repeat_plans_pct"),
    ("Number of children subject to a CP plan", "count", "cp_count"),
    ("% of single assessments completed within 45 working days", "percent", "assessments_45_days_pct"),
    ("Rate of Children in Need per 10,000 population", "rate_per_10k", "cin_rate_per_10k"),
    ("Children in Care per 10,000", "rate_per_10k", "cla_rate_per_10k"),
    ("% of care leavers aged 19-21 in EET", "percent", "care_leavers_eet_pct"),
    ("% of children in care with up to date ePEP", "percent", "peps_up_to_date_pct"),
    ("% of Initial Child Protection Conferences held within 15 working days of strategy discussion", "percent", "icpc_15_days_pct"),
    ("% re-referrals to CSC within 12 months", "percent", "rereferrals_12m_pct"),
    ("Average caseload per social worker", "count", "social_worker_caseload_avg"),
    ("% agency social workers", "percent", "agency_social_workers_pct"),
    ("CLA with 3+ placements in the last 12 months", "percent", "cla_3_placements_pct"),
    ("Number of missing episodes", "count", "missing_episodes_count"),
    ("% of EHCPs issued within 20 weeks (excluding exceptions)", "percent", "ehcp_20_weeks_excl_exceptions_pct"),
    ("First time entrants to the youth justice system per 100,000 10-17 year olds", "rate_per_100k", "fte_rate_per_100k"),
    ("Number of Section 47 enquiries", "count", "s47_enquiries_count"),
    ("% of CLA reviews held within timescales", "percent", "cla_reviews_timely_pct"),
    ("Percentage of children in care with an up to date health assessment", "percent", "cla_health_assessments_pct"),
    ("% of care leavers the local authority is in touch with", "percent", "care_leavers_in_touch_pct"),
    ("Average days between entering care and moving in with adoptive family", "days", "adoption_a1_days"),
    ("Case file audits rated good or outstanding", "percent", "audits_good_or_better_pct"),
    ("KPI 3 - Number of contacts received by the front door", "count", "contacts_count"),
]

# Not indicator phrases at all.
NOT_MATCHED = [
    ("Lorem ipsum dolor sit amet", "percent"),
    ("Date of meeting", "count"),
    ("Page 3 of 12", "count"),
    ("Appendix A", "percent"),
    ("Weather forecast rainfall", "percent"),
    ("Budget for highways maintenance", "gbp"),
    ("", "count"),
]


def _ids(rows):
    return [f"{unit}:{phrase[:50]}" for phrase, unit, *_ in rows]


# A population qualifier ("aged under 18") must not outweigh the words naming the measure.
BUGS_CAUGHT = [
    ("Children in need per 10,000 children aged under 18", "rate_per_10k", "cin_rate_per_10k"),
    ("Children looked after per 10,000 children aged under 18", "rate_per_10k", "cla_rate_per_10k"),
    ("children subject to a child protection plan per 10,000 aged under 18", "rate_per_10k", "cp_rate_per_10k"),
]


@pytest.mark.parametrize("phrase, unit, expected", BUGS_CAUGHT, ids=_ids(BUGS_CAUGHT))
def test_bugs_caught(matcher, phrase, unit, expected):
    assert matcher.match(phrase, unit).indicator_id == expected


@pytest.mark.parametrize("phrase, unit, expected", FROM_SEEDS, ids=_ids(FROM_SEEDS))
def test_from_seeds(matcher, phrase, unit, expected):
    result = matcher.match(phrase, unit)
    assert (result.indicator_id, result.status) == (expected, "auto") or (
        result.indicator_id == expected and result.status == "needs_review"
    )
    assert 0 < result.score <= 1


@pytest.mark.parametrize("phrase, unit, expected", OTHER_COUNCILS, ids=_ids(OTHER_COUNCILS))
def test_other_councils(matcher, phrase, unit, expected):
    result = matcher.match(phrase, unit)
    assert result.indicator_id == expected and result.status != "unmatched"


@pytest.mark.parametrize("phrase, unit", NOT_MATCHED, ids=_ids(NOT_MATCHED))
def test_not_matched(matcher, phrase, unit):
    assert matcher.match(phrase, unit).status == "unmatched"


@pytest.mark.parametrize("phrase, unit", [
    ("Number of Looked After Children", "percent"),
    ("Number of Looked After Children", "rate_per_10k"),
    ("% of re-referrals within 12 months", "count"),
    ("CLA rate per 10,000 children", "count"),
    ("NEET", "percent"),
], ids=lambda v: str(v)[:40])
def test_units_must_agree(matcher, phrase, unit):
    result = matcher.match(phrase, unit)
    if result.indicator_id is not None:
        assert matcher.lexicon[result.indicator_id].unit == unit


def test_unit_none_considers_every_indicator(matcher):
    assert matcher.match("CLA rate per 10,000 children", None).indicator_id == "cla_rate_per_10k"


def test_runner_up_and_margin(matcher):
    result = matcher.match("LAC visits up to date", "percent")
    assert result.runner_up_id not in (None, result.indicator_id)
    assert 0 <= result.margin <= result.score


def test_thresholds_are_configurable():
    strict = IndicatorMatcher(config=MatchConfig(auto_score=1.01, review_score=1.01))
    assert strict.match("% CIN seen in timescale", "percent").status == "unmatched"
    lenient = IndicatorMatcher(config=MatchConfig(auto_score=0.0, auto_margin=0.0, review_score=0.0))
    assert lenient.match("% CIN seen in timescale", "percent").status == "auto"


def _statement(text, unit):
    return Statement(
        doc="a.txt", doc_id="0" * 64, council=None, page=None, char_start=0, char_end=3,
        evidence=f"{text} 85", value_text="85", value=85.0, unit=unit, role="actual",
        indicator_text=text, indicator_id=None, indicator_name=None, match_score=None,
        period_text=None, period_start=None, period_end=None, source="prose", confidence=0.9,
    )


def test_match_statements_returns_filled_copies(matcher):
    originals = [_statement("% CP reviews on time", "percent"),
                 _statement("Lorem ipsum dolor", "percent"),
                 replace(_statement("x", "count"), indicator_text=None)]
    out = match_statements(originals, matcher)
    assert out[0].indicator_id == "cp_reviews_timely_pct" and out[0].indicator_name
    assert 0 < out[0].match_score <= 1
    assert [s.indicator_id for s in out[1:]] == [None, None]
    assert originals[0].indicator_id is None and out[0] is not originals[0]


def test_token_weights_file_is_validated(tmp_path):
    path = tmp_path / "token_weights.csv"
    path.write_text("word,weight\nchildren,-1\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="not a number >= 0") as err:
        load_token_weights(path)
    assert err.value.line == 2


@pytest.mark.seeds
def test_gold_grouping_and_mapping(shared_dir, matcher):
    """The issue's bar on the gold phrases: grouping F1 >= 0.90, mapped >= 0.85."""
    from itertools import combinations

    gold = [json.loads(line) for line in (shared_dir / "gold" / "seeds.jsonl").read_text().splitlines() if line]
    labelled = []
    for g in gold:
        m = matcher.match(g["indicator"], g["unit"])
        labelled.append((g["concept"], m.indicator_id if m.status != "unmatched" else None))
    tp = same_pred = same_gold = 0
    for (c1, i1), (c2, i2) in combinations(labelled, 2):
        same_gold += c1 == c2
        same_pred += i1 is not None and i1 == i2
        tp += c1 == c2 and i1 is not None and i1 == i2
    p, r = tp / same_pred, tp / same_gold
    assert 2 * p * r / (p + r) >= 0.90
    assert sum(i is not None for _, i in labelled) / len(labelled) >= 0.85


def test_module_doctests():
    result = doctest.testmod(match_module)
    assert result.attempted > 0 and result.failed == 0
