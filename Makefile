# The README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: run test install dev lint typecheck pytest bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

dev: $(VENV)/.dev-installed

## make run: install into .venv and evaluate the bundled example applicant
run: install
	$(BIN)/kodo evaluate examples/applicant.yaml

## make test: install the dev dependencies, then lint, type-check and run the whole suite
test: dev lint typecheck pytest

lint: dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: dev
	$(BIN)/mypy src

pytest: dev
	$(BIN)/pytest

bench: dev
	$(BIN)/python benchmarks/bench_evaluate.py
	$(BIN)/python benchmarks/bench_timeline.py
	$(BIN)/python benchmarks/bench_edge.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
