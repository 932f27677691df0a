"""Shared fixtures.

- ``shared_dir``: ``../shared`` beside the checkout (seeds, gold, reference data); tests
  that need it skip, saying why, where it is absent (a user's clone).
- ``prefect_harness``: one session-scoped Prefect test harness (a temporary server and
  a temporary PREFECT_HOME), started only by tests that ask for it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = REPO / "corpus"

# Prefect reads these when it is first imported; set them before any test imports it.
_PREFECT_HOME = tempfile.mkdtemp(prefix="outturn-prefect-home-")
os.environ.setdefault("PREFECT_HOME", _PREFECT_HOME)
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "60")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared``, or a skip where this checkout has none beside it."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip(f"needs ../shared (seeds, gold, reference) beside the checkout; {SHARED} is absent")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    return shared_dir / "seeds"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def prefect_harness():
    """A temporary Prefect server for the whole session (started on first use)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def runner() -> CliRunner:
    """Runs ``outturn`` commands in-process (stdout and stderr kept apart)."""
    return CliRunner()
