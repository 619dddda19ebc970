# The two commands a newcomer needs: `make demo` and `make test`. Everything else is optional.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LC := $(BIN)/learningcity
PYTEST_ARGS ?=

.PHONY: install demo serve test test-fast lock audit bench-search bench-lrs bench-monitoring bench-load bench-import bench-credentials clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	@echo "==> Installing Python packages into $(VENV) (first run only)"
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock 2>&1 | { grep -v "is ignored: it is neither" || true; }
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e . 2>&1 | { grep -v "is ignored: it is neither" || true; }
	@touch $@

node_modules/.installed: package.json package-lock.json
	@echo "==> Installing front-end libraries and validators from npm (first run only)"
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.installed node_modules/.installed

## Set everything up and serve the demo city (Seoul) at http://127.0.0.1:8000
demo: install
	$(LC) demo

serve: install
	$(LC) serve

## Run the whole test suite (DATABASE_URL selects PostgreSQL; default is SQLite)
test: install
	LEARNINGCITY_TESTING=1 $(LC) compile_translations --quiet
	$(BIN)/pytest $(PYTEST_ARGS)

test-fast: install
	$(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

## Re-pin requirements.lock from pyproject.toml (needs network access to PyPI)
lock:
	rm -rf /tmp/lc-lock && $(PYTHON) -m venv /tmp/lc-lock
	/tmp/lc-lock/bin/pip install --quiet ".[test,bench]"
	/tmp/lc-lock/bin/pip freeze --exclude learningcity | sort > requirements.lock

## Check the locked dependencies against known vulnerabilities (needs PyPI's JSON API or OSV; not in `make test`)
audit: install
	$(BIN)/python -m learningcity.platform.audit $(ARGS)

bench-search: install
	$(BIN)/python bench/search_bench.py $(ARGS)

bench-lrs: install
	$(BIN)/python bench/lrs_bench.py $(ARGS)

bench-monitoring: install
	$(BIN)/python bench/monitoring_bench.py $(ARGS)

bench-load: install
	$(BIN)/python bench/load_bench.py $(ARGS)

bench-import: install
	$(BIN)/python bench/import_bench.py $(ARGS)

bench-credentials: install
	$(BIN)/python bench/credentials_bench.py $(ARGS)

clean:
	rm -rf $(VENV) node_modules var test-output
