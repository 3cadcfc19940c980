# The front door: `make report` rebuilds every output, `make test` runs the tests.
# Both create the virtual environment .venv on first use (Python 3.11+ and make are
# all a fresh machine needs; everything else comes from pip).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
JOBS   ?=
RUN_ARGS ?=

.PHONY: help setup report data test test-fast lint lab bench clean

help:
	@echo "make report   create .venv if needed, install, rebuild data/processed, figures/ and reports/"
	@echo "make test     create .venv if needed, install, run the test suite"
	@echo "make lint     ruff (rules in pyproject.toml) and the import contract of the package"
	@echo "make lab      open the notebooks in JupyterLab (project root, notebooks folder open)"
	@echo "make setup    create .venv, install, and strip notebook outputs on commit"
	@echo "make bench    run the benchmarks (runner, extractor, charts)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

# JupyterLab at the project root with the notebooks folder open (data/ and figures/ are
# one click up); --allow-root only for root, who JupyterLab otherwise refuses.
LAB_ARGS := --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks
ROOT_ARGS = $(if $(filter 0,$(shell id -u)),--allow-root)

# the git filter that keeps notebook outputs out of commits (see .gitattributes)
setup: $(STAMP)
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
	  git config filter.strip-outputs.clean "python3 scripts/strip_outputs.py" && \
	  git config filter.strip-outputs.smudge cat && \
	  echo "git: notebook outputs are stripped on commit (filter strip-outputs)"; fi

README_IMAGES := industry_reach income_collective_vs_targets social_housing

report: setup
	$(BIN)/python -m lingyuan run $(if $(JOBS),--jobs $(JOBS)) $(RUN_ARGS)
	@mkdir -p docs/img
	@for c in $(README_IMAGES); do cp figures/en/$$c.png docs/img/$$c.png; done

data: $(STAMP)
	$(BIN)/python -m lingyuan run --only 00_tidy_dataset

# the suite on every CPU (pytest-xdist); the tests of a module stay on one worker, so its
# module-scoped fixtures (executed notebooks, a browser) are made once. The builds of the
# project that tests read start in the background at once (tests/project_copy.py) and the
# modules reading them run last: modules in collection order (tests/conftest.py), not
# reordered by size. `TEST_ARGS="... --timeline=10"` prints where the time went.
TEST_ARGS ?= -n auto --dist loadscope --no-loadscope-reorder

test: setup
	$(BIN)/python -m pytest $(TEST_ARGS)

test-fast: $(STAMP)
	$(BIN)/python -m pytest $(TEST_ARGS) -m "not notebook and not browser"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/test_imports.py

lab: setup
	$(BIN)/jupyter lab $(LAB_ARGS) $(ROOT_ARGS)

bench: $(STAMP)
	$(BIN)/python scripts/bench_runner.py
	$(BIN)/python scripts/bench_extract.py
	$(BIN)/python scripts/bench_charts.py

clean:
	rm -rf reports/ figures/ .cache/
