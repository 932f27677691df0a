"""The council register, council detection on short texts, and corpus manifests."""

from __future__ import annotations

import doctest
import filecmp
import subprocess
import sys
from pathlib import Path

import pytest

import outturn.lexicon.councils as councils
from outturn.errors import DataFileError
from outturn.lexicon.councils import detect_council, load_register, read_manifest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def register():
    return load_register()


def test_register_has_the_153_authorities_with_childrens_services(register):
    assert len(register.councils) == 153
    assert len({c.dfe_code for c in register.councils}) == 153


@pytest.mark.parametrize("name, ons, dfe", [
    ("Rotherham", "E08000018", "372"), ("Rutland", "E06000017", "857"),
    ("Sunderland", "E08000024", "394"), ("Barnsley", "E08000038", "370"),
])
def test_register_codes(register, name, ons, dfe):
    council = register.lookup(name)
    assert (council.ons_code, council.dfe_code) == (ons, dfe)


DETECT = [
    # (text, title, url, expected name)
    pytest.param("Item 5", "Rotherham Borough Council - Cabinet", None, "Rotherham", id="title-borough-council"),
    pytest.param("Minutes of the meeting of Rutland County Council held on 3 May", None, None, "Rutland", id="county-council"),
    pytest.param("Contact officer: a.person@rotherham.gov.uk", None, None, "Rotherham", id="email-domain"),
    pytest.param("Report", None, "www.leeds.gov.uk/committees/report.pdf", "Leeds", id="url-argument"),
    pytest.param("See https://democracy.kirklees.gov.uk/ieListDocuments.aspx", None, None, "Kirklees", id="url-in-text"),
    pytest.param("Performance report from Together for Children", None, None, "Sunderland", id="operator-tfc"),
    pytest.param("Birmingham Children's Trust quarterly report", None, None, "Birmingham", id="operator-trust"),
    pytest.param("Slough Children First board update", None, None, "Slough", id="operator-slough"),
    pytest.param("Report of the Director, London Borough of Brent", None, None, "Brent", id="london-borough-of"),
    pytest.param("Cabinet, 12 March. Doncaster figures compared with Rotherham Metropolitan Borough Council",
                 "City of Doncaster Council", None, "Doncaster", id="title-outweighs-body"),
]


@pytest.mark.parametrize("text, title, url, expected", DETECT)
def test_detect_council(register, text, title, url, expected):
    council = detect_council(text, title=title, url=url, register=register)
    assert council is not None and council.name == expected


@pytest.mark.parametrize("text", [
    "Reading age improved. Reading is a priority.",   # a council name that is also a word
    "No council is named in this paragraph.",
    "",
    "Placements across the county of origin and the City of residence were counted.",
], ids=["common-word", "no-name", "empty", "bare-qualifier"])
def test_detect_council_finds_nothing(register, text):
    assert detect_council(text, register=register) is None


def _manifest(tmp_path, rows: str):
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    path = tmp_path / "manifest.csv"
    path.write_text("path,council,title,date,url\n" + rows, encoding="utf-8")
    return path


@pytest.mark.parametrize("written, expected", [
    ("Bristol, City of", "801"),        # the DfE register's own spelling
    ("bristol city of", "801"),
    ("St Helens", "342"),
    ("Herefordshire, County of", "884"),
], ids=["dfe-comma", "no-comma", "no-full-stop", "county-of"])
def test_lookup_ignores_punctuation_and_case(register, written, expected):
    assert register.lookup(written).dfe_code == expected


def test_read_manifest(tmp_path, register):
    path = _manifest(tmp_path, "a.txt,Together for Children,KPI report,2018-04-30,https://x.org/a\n")
    rows = read_manifest(path, register=register)
    row = rows[str((tmp_path / "a.txt").resolve())]
    assert row.council.name == "Sunderland" and row.date == "2018-04-30" and row.line == 2


@pytest.mark.parametrize("rows, reason", [
    ("a.txt,Atlantis,,,\n", "unknown council 'Atlantis'"),
    ("missing.txt,Rotherham,,,\n", "no such document 'missing.txt'"),
    ("a.txt,Rotherham,,30/04/2018,\n", "not YYYY-MM-DD"),
], ids=["unknown-council", "missing-file", "bad-date"])
def test_manifest_errors_name_file_and_row(tmp_path, register, rows, reason):
    path = _manifest(tmp_path, rows)
    with pytest.raises(DataFileError, match=reason) as err:
        read_manifest(path, register=register)
    assert err.value.path == str(path) and err.value.line == 2


def test_manifest_errors_can_be_collected_and_the_rest_read(tmp_path, register):
    path = _manifest(tmp_path, "missing.txt,Rotherham,,,\na.txt,Rutland County Council,,,\n")
    errors: list[DataFileError] = []
    rows = read_manifest(path, register=register, errors=errors)
    assert [e.line for e in errors] == [2]
    assert [r.council.name for r in rows.values()] == ["Rutland"]


def test_manifest_unknown_column(tmp_path, register):
    path = tmp_path / "manifest.csv"
    path.write_text("path,council,author\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="unknown column 'author'"):
        read_manifest(path, register=register)


def test_operator_with_unknown_code_is_rejected(tmp_path):
    for name in ("councils.csv", "council_domains.csv", "council_common_words.csv"):
        (tmp_path / name).write_text((REPO / "lexicon" / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "council_operators.csv").write_text("operator,dfe_codes,note\nSome Trust,999,\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="unknown dfe_code") as err:
        load_register(tmp_path)
    assert err.value.line == 2


def test_module_doctests():
    result = doctest.testmod(councils)
    assert result.attempted > 0 and result.failed == 0


def test_build_councils_reproduces_committed_file(shared_dir, tmp_path):
    committed = REPO / "lexicon" / "councils.csv"
    out = tmp_path / "councils.csv"
    subprocess.run([sys.executable, str(REPO / "scripts" / "build_councils.py"),
                    "--reference", str(shared_dir / "reference"), "--out", str(out)],
                   check=True, capture_output=True)
    assert filecmp.cmp(out, committed, shallow=False), f"{committed} differs from a fresh build"
