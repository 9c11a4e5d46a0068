# Two commands: `make demo` and `make test`. Both create .venv; `demo` installs marsad alone,
# `test` (and lint, bench) also the dev and postgres extras.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

$(DEV_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres]'
	touch $(DEV_STAMP)

demo: $(STAMP)
	$(BIN)/marsad demo
	@echo "marsad is installed in $(VENV): run $(BIN)/marsad --help, or first . $(BIN)/activate"

test: $(DEV_STAMP)
	$(BIN)/python -m pytest

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/mypy src

bench: $(DEV_STAMP)
	$(BIN)/python bench/ingest.py

clean:
	rm -rf $(VENV) marsad-demo.db build src/*.egg-info
