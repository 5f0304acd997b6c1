# The two commands that matter: `make run` and `make test`. Both set up .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test bench screenshots demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP)

run: $(STAMP)  ## set up and open the app on the default database
	$(BIN)/netui

test: $(TEST_STAMP)  ## set up and run the whole test suite
	$(BIN)/python -m pytest

bench: $(TEST_STAMP)  ## measure the figures in bench/ and write bench/results.json
	$(BIN)/python -m bench

screenshots: $(TEST_STAMP)  ## regenerate screenshots/*.svg from the demo network
	$(BIN)/python -m bench.screenshots

clean:
	rm -rf $(VENV) build *.egg-info
