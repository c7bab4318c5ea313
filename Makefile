# The README's two commands. Both create .venv and install pinned dependencies on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup run test bench

$(BIN)/ingest: pyproject.toml constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e ".[dev]"
	touch $(BIN)/ingest

setup: $(BIN)/ingest

# Clean the bundled samples into the default store (clean/ingest.db) and print the run summary.
run: setup
	$(BIN)/ingest run raw/samples

test: setup
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python bench/bench_clean.py
