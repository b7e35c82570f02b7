# Every target bootstraps its own environment in .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DATA   ?= data/shanxi

.PHONY: install run test bench lint clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

YEAR   ?= 2018

run: $(STAMP)
	$(BIN)/allocate --year $(YEAR) --data $(DATA)

test: $(STAMP)
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python -m bench
	$(BIN)/python -m bench.routes
	$(BIN)/python -m bench.whatif

lint: $(STAMP)
	$(BIN)/ruff check optimiser tests bench
	$(BIN)/ruff format --check optimiser tests bench

clean:
	rm -rf $(VENV) out
