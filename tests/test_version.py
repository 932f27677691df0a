"""What the extractor version digests: the files that decide extraction, and only those."""

import doctest

import outturn.extractors.version as version
from outturn.extractors.version import hashed_files


def test_extraction_code_rules_and_lexicon_are_digested():
    hashed = set(hashed_files())
    for expected in [
        ("outturn.extractors", "prose.py"),
        ("outturn.extractors", "tables.py"),
        ("outturn.extractors.data", "table_headers.jsonl"),
        ("outturn.extractors.readers", "pdf.py"),
        ("outturn.lexicon", "indicators.csv"),
        ("outturn.lexicon", "aliases.csv"),
        ("outturn.lexicon", "match.py"),
    ]:
        assert expected in hashed


def test_reference_statistics_do_not_force_re_extraction():
    names = {name for _, name in hashed_files()}
    assert not names & {"published_values.csv", "statistical_neighbours.csv", "lait_areas.csv"}


def test_doctests():
    result = doctest.testmod(version)
    assert result.attempted and not result.failed
