"""The indicator lexicon: its data files load, reject bad rows, and the build
script reproduces the committed derived file."""

from __future__ import annotations

import doctest
import filecmp
import subprocess
import sys
from pathlib import Path

import pytest

import outturn.lexicon.loader as loader
import outturn.lexicon.normalise as normalise
from outturn.errors import DataFileError
from outturn.extractors.models import UNITS
from outturn.lexicon.loader import load_lexicon, read_aliases, read_indicators

REPO = Path(__file__).resolve().parent.parent
HEADER = "id,name,topic,unit,polarity,lait_measure,ni_code,definition\n"
GOOD = "cla_count,Number of children looked after,looked_after,count,neutral,LACnum,,Children in care.\n"

REQUIRED = {
    "cla_rate_per_10k": "rate_per_10k",
    "care_leavers_eet_pct": "percent",
    "rereferrals_12m_pct": "percent",
    "peps_up_to_date_pct": "percent",
    "assessments_45_days_pct": "percent",
    "cla_count": "count",
    "cp_rate_per_10k": "rate_per_10k",
    "cin_rate_per_10k": "rate_per_10k",
}


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def test_lexicon_has_at_least_150_indicators(lexicon):
    assert len(lexicon) >= 150


@pytest.mark.parametrize("indicator_id, unit", sorted(REQUIRED.items()))
def test_required_ids_present_with_their_unit(lexicon, indicator_id, unit):
    assert lexicon[indicator_id].unit == unit


@pytest.mark.parametrize("indicator_id, measure", [
    ("cla_rate_per_10k", "LAC"), ("cla_count", "LACnum"), ("rereferrals_12m_pct", "ReReferral"),
    ("care_leavers_eet_pct", "CareLeaverEET"), ("cp_rate_per_10k", "CPP_rate"), ("cin_rate_per_10k", "CIN"),
])
def test_lait_backed_ids_carry_their_measure(lexicon, indicator_id, measure):
    assert lexicon[indicator_id].lait_measure == measure
    assert lexicon.by_lait_measure(measure).id == indicator_id


def test_every_indicator_is_well_formed(lexicon):
    for ind in lexicon:
        assert ind.unit in UNITS and ind.polarity in loader.POLARITIES and ind.definition


def test_a_national_indicator_code_names_one_measure(lexicon):
    """NI 65 was repeat child protection plans only; a code on two indicators makes an old
    paper's "NI 65" a tie (re-referrals carried it by mistake)."""
    seen: dict[str, str] = {}
    for ind in lexicon:
        if ind.ni_code:
            assert seen.setdefault(ind.ni_code, ind.id) == ind.id, (ind.ni_code, seen[ind.ni_code], ind.id)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


BAD_INDICATORS = [
    pytest.param(HEADER + GOOD.replace(",count,", ",people,"), 2, "unknown unit", id="unknown-unit"),
    pytest.param(HEADER + GOOD + GOOD, 3, "duplicate id", id="duplicate-id"),
    pytest.param(HEADER.replace("definition", "notes"), 1, "unknown column 'notes'", id="unknown-column"),
    pytest.param("# comment\n" + HEADER + GOOD.replace("cla_count", "CLA-Count"), 3, "snake_case", id="bad-id"),
    pytest.param(HEADER + GOOD.replace(",neutral,", ",better,"), 2, "polarity", id="bad-polarity"),
    pytest.param(HEADER + GOOD.replace("LACnum,,", "LACnum,NI59,"), 2, "ni_code", id="bad-ni-code"),
]


@pytest.mark.parametrize("text, line, reason", BAD_INDICATORS)
def test_indicator_file_rejections_name_file_and_line(tmp_path, text, line, reason):
    path = _write(tmp_path, "indicators.csv", text)
    with pytest.raises(DataFileError, match=reason) as err:
        read_indicators(path)
    assert err.value.path == str(path) and err.value.line == line
    assert f"{path}:{line}" in str(err.value)


def test_alias_on_two_ids_is_rejected_naming_the_row(tmp_path):
    other = "cp_count,Number of children on a plan,child_protection,count,neutral,CPP_Num,,Plans.\n"
    indicators = read_indicators(_write(tmp_path, "i.csv", HEADER + GOOD + other))
    path = _write(tmp_path, "aliases.csv", "id,alias\ncla_count,children in care\ncp_count,Children in Care\n")
    with pytest.raises(DataFileError, match="already names 'cla_count'") as err:
        read_aliases(path, indicators)
    assert err.value.line == 3 and err.value.path == str(path)


def test_alias_repeating_another_indicators_name_is_rejected(tmp_path):
    other = "cp_count,Children on a plan,child_protection,count,neutral,,,Plans.\n"
    indicators = read_indicators(_write(tmp_path, "i.csv", HEADER + GOOD + other))
    path = _write(tmp_path, "aliases.csv", "id,alias\ncla_count,children on a plan\n")
    with pytest.raises(DataFileError, match="already names 'cp_count'"):
        read_aliases(path, indicators)


@pytest.mark.parametrize("text, reason", [
    ("id,alias\nno_such_id,something\n", "unknown indicator id"),
    ("id,alias,comment\n", "unknown column 'comment'"),
])
def test_alias_file_other_rejections(tmp_path, text, reason):
    indicators = read_indicators(_write(tmp_path, "i.csv", HEADER + GOOD))
    with pytest.raises(DataFileError, match=reason):
        read_aliases(_write(tmp_path, "aliases.csv", text), indicators)


@pytest.mark.parametrize("text, reason", [
    ("abbreviation,expansion,case\nLAC,looked after children,sometimes\n", "case must be"),
    ("abbreviation,expansion,case\nLAC,a,any\nlac,b,any\n", "duplicate abbreviation"),
    ("abbreviation,expansion,case\nL A C,a,any\n", "bad abbreviation"),
])
def test_abbreviation_file_rejections(tmp_path, text, reason):
    with pytest.raises(DataFileError, match=reason):
        normalise.load_abbreviations(_write(tmp_path, "abbreviations.csv", text))


def test_module_doctests():
    for module in (loader, normalise):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, module.__name__


def _rebuild(shared_dir: Path, script: str, committed: Path, tmp_path: Path) -> None:
    out = tmp_path / committed.name
    subprocess.run([sys.executable, str(REPO / "scripts" / script),
                    "--reference", str(shared_dir / "reference"), "--out", str(out)],
                   check=True, capture_output=True)
    assert filecmp.cmp(out, committed, shallow=False), f"{committed} differs from a fresh build"


def test_build_lexicon_reproduces_committed_file(shared_dir, tmp_path):
    _rebuild(shared_dir, "build_lexicon.py", REPO / "lexicon" / "indicators.csv", tmp_path)
