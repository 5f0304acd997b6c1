# The commands that matter: `make run`, `make test` and `make lint`. Each sets up .venv itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
LINT_STAMP := $(VENV)/.installed-lint
# Test processes (pytest-xdist): two per core. A test mostly waits for the app it drives (a process uses
# about 40% of a core), so one per core left half the machine idle. `make test JOBS=0` runs in one process.
JOBS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); echo $$((n * 2)))
PYTEST_ARGS ?=

.PHONY: run test test-fast lint bench screenshots demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP)

$(LINT_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[lint]'
	touch $@ $(STAMP)

run: $(STAMP)  ## set up and open the app on the default database
	$(BIN)/netui

test: $(TEST_STAMP)  ## set up and run the whole test suite, on every core
	$(BIN)/python -m pytest -n $(JOBS) --dist loadgroup $(PYTEST_ARGS)

test-fast: $(TEST_STAMP)  ## the suite without the slow tests (real terminals, killed processes, the CardDAV server)
	$(BIN)/python -m pytest -n $(JOBS) --dist loadgroup -m 'not slow' $(PYTEST_ARGS)

lint: $(LINT_STAMP)  ## ruff, the import-linter layer contracts and mypy (netui/core, db, interop); all three run
	@status=0; \
	echo "ruff check"; $(BIN)/ruff check || status=1; \
	echo "lint-imports"; $(BIN)/lint-imports --no-cache || status=1; \
	echo "mypy"; $(BIN)/mypy || status=1; \
	exit $$status

bench: $(TEST_STAMP)  ## measure the figures in bench/ and write bench/results.json
	$(BIN)/python -m bench

screenshots: $(TEST_STAMP)  ## regenerate screenshots/*.svg from the demo network
	$(BIN)/python -m bench.screenshots

clean:
	rm -rf $(VENV) build *.egg-info
