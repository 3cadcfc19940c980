# The front door: `make report` rebuilds every output, `make test` runs the tests.
# Both create the virtual environment .venv on first use (Python 3.11+ and make are
# all a fresh machine needs; everything else comes from pip).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
JOBS   ?=
RUN_ARGS ?=

.PHONY: help setup report data test test-fast lab bench clean

help:
	@echo "make report   create .venv if needed, install, rebuild data/processed, figures/ and reports/"
	@echo "make test     create .venv if needed, install, run the test suite"
	@echo "make lab      open the notebooks in JupyterLab"
	@echo "make bench    run the benchmarks (runner and extractor)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

setup: $(STAMP)

README_IMAGES := industry_reach income_collective_vs_targets social_housing

report: $(STAMP)
	$(BIN)/python -m lingyuan run $(if $(JOBS),--jobs $(JOBS)) $(RUN_ARGS)
	@mkdir -p docs/img
	@for c in $(README_IMAGES); do cp figures/en/$$c.png docs/img/$$c.png; done

data: $(STAMP)
	$(BIN)/python -m lingyuan run --only 00_tidy_dataset

test: $(STAMP)
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not notebook and not browser"

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

bench: $(STAMP)
	$(BIN)/python scripts/bench_runner.py
	$(BIN)/python scripts/bench_extract.py

clean:
	rm -rf reports/ figures/ .cache/
