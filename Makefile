# The two commands of the README: `make run` (main job) and `make test` (whole suite).
# Both set up a virtual environment in .venv from pyproject.toml first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test lint bench install

run: install
	$(BIN)/policykg build

test: install lint
	$(BIN)/policykg neo4j start
	$(BIN)/pytest -q; status=$$?; $(BIN)/policykg neo4j stop; exit $$status

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy --ignore-missing-imports extract  # compiled code checks its type hints

bench: install
	$(BIN)/python benchmarks/extraction.py
	$(BIN)/policykg neo4j start
	$(BIN)/python benchmarks/load.py; $(BIN)/python benchmarks/queries.py; $(BIN)/policykg neo4j stop

install: $(VENV)/.installed
	bash scripts/install-system-deps.sh

# Installing compiles extract/ with mypyc (setup.py): an edit there means a new build, or the
# edited sources would run as pure Python (policykg/native.py).
$(VENV)/.installed: pyproject.toml setup.py $(wildcard extract/*.py)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@
