# outturn: `make demo` and `make test` work on a fresh machine with Python 3.11, pip and make.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= outturn.duckdb
STAMP := $(VENV)/.installed
# The package installs in setuptools' strict editable mode (a link tree under build/),
# because duckdb/ maps onto outturn.sql without an __init__.py. Edits show at once;
# a new or removed file needs the link tree rebuilt, which `install` does when the
# list of package files changes.
PKG_DIRS := src extractors flows lexicon duckdb
EDITABLE := --config-settings editable_mode=strict

# Prefect runs a temporary local server for flow runs; it needs time for its first start.
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 60

.PHONY: install demo test clean

install: $(STAMP)
	@find $(PKG_DIRS) -type f ! -name '*.pyc' | sort > $(VENV)/.files.new
	@cmp -s $(VENV)/.files.new $(VENV)/.files || { \
	  $(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e . $(EDITABLE) && \
	  mv $(VENV)/.files.new $(VENV)/.files; }

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip "setuptools>=68" wheel
	$(BIN)/python -m pip install --quiet -e '.[dev]' $(EDITABLE)
	rm -f $(VENV)/.files
	touch $(STAMP)

demo: install
	$(BIN)/outturn ingest corpus --db $(DB)
	$(BIN)/outturn compare --db $(DB) cla_rate_per_10k rereferrals_12m_pct assessments_45_days_pct care_leavers_eet_pct

test: install
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build $(DB) .pytest_cache
