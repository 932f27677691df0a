"""The Statement contract and the Document shape."""

import doctest

import pytest

import outturn.extractors.models as models
from outturn.extractors.models import STATEMENT_FIELDS, Statement

CONTRACT = (
    "doc doc_id council page char_start char_end evidence value_text value unit role "
    "indicator_text indicator_id indicator_name match_score period_text period_start "
    "period_end source confidence"
).split()


def _statement(**overrides):
    fields = dict(
        doc="a.txt", doc_id="0" * 64, council=None, page=None, char_start=0, char_end=3,
        evidence="85% of x", value_text="85%", value=85.0, unit="percent", role="actual",
        indicator_text="x", indicator_id=None, indicator_name=None, match_score=None,
        period_text=None, period_start=None, period_end=None, source="prose", confidence=0.9,
    )
    fields.update(overrides)
    return Statement(**fields)


def test_statement_fields_are_the_export_contract_in_order():
    assert list(STATEMENT_FIELDS) == CONTRACT
    assert list(_statement().to_dict()) == CONTRACT


@pytest.mark.parametrize(
    "field, bad",
    [("unit", "percentage"), ("role", "forecast"), ("source", "chart")],
)
def test_statement_rejects_values_outside_the_vocabulary(field, bad):
    with pytest.raises(ValueError, match=bad):
        _statement(**{field: bad})


def test_models_doctests():
    result = doctest.testmod(models)
    assert result.attempted > 0 and result.failed == 0
