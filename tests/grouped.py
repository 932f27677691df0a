"""Parametrize lists built from named groups of cases (``{case id: args}``), so a test's
ids say where each case came from ("heldout3:bold-markdown-labels"). A group named
``xfail`` is expected to fail (strictly): known gaps, kept visible."""

from __future__ import annotations

import pytest


def grouped(**groups: dict) -> list:
    """``pytest.param(*args, id="group:case")`` for every case of every group, in order."""
    return [
        pytest.param(*args, id=f"{group}:{case}",
                     marks=[pytest.mark.xfail(strict=True)] if group == "xfail" else [])
        for group, cases in groups.items() for case, args in cases.items()
    ]
