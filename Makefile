# Every target bootstraps its own environment in .venv, from the committed lock
# (requirements.lock: exact versions with hashes). pyproject.toml keeps ranges for people who
# install the package as a library; `make lock` refreshes the lock on purpose.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LOCK   := requirements.lock
DATA   ?= data/shanxi
UV     := uv==0.13.9
TOOLS  := .venv-tools

.PHONY: install run serve test test-latest lock bench soak mutation lint clean

install: $(STAMP)

# A new or changed lock rebuilds the environment from scratch, so it holds exactly the lock.
$(STAMP): $(LOCK) pyproject.toml
	$(PYTHON) -m venv --clear $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

YEAR   ?= 2018

run: $(STAMP)
	$(BIN)/allocate --year $(YEAR) --data $(DATA)

# The live what-if page for a budget meeting: prints the address; Ctrl-C stops.
serve: $(STAMP)
	$(BIN)/allocate serve --year $(YEAR) --data $(DATA)

test: $(STAMP)
	$(BIN)/pytest -q tests mutation

# Resolve the lock again from pyproject.toml's ranges (newest versions they allow), then rebuild
# the environment from it and run the tests. Commit requirements.lock when they pass.
lock: $(TOOLS)/bin/uv
	$(TOOLS)/bin/uv pip compile pyproject.toml requirements-build.in --extra test \
	    --generate-hashes --universal --python-version 3.11 --upgrade --quiet -o $(LOCK)
	$(MAKE) test

$(TOOLS)/bin/uv:
	$(PYTHON) -m venv --clear $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet '$(UV)'

# The newest versions the ranges allow, in a throwaway environment: a new HiGHS or Pyomo tried
# on purpose. Not part of CI; the lock is not touched.
test-latest:
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(PYTHON) -m venv "$$tmp/venv"; \
	"$$tmp/venv/bin/python" -m pip install --quiet --upgrade pip setuptools; \
	"$$tmp/venv/bin/python" -m pip install --quiet --upgrade -e '.[test]'; \
	echo "newest versions the ranges allow:"; \
	"$$tmp/venv/bin/python" -m pip freeze --exclude-editable | grep -iE '^(pyomo|highspy|pandas|numpy|scipy|pydantic|click|pyyaml|openpyxl|pytest|hypothesis)=='; \
	"$$tmp/venv/bin/python" -m pytest -q -p no:cacheprovider

bench: $(STAMP)
	$(BIN)/python -m bench
	$(BIN)/python -m bench.routes
	$(BIN)/python -m bench.whatif
	$(BIN)/python -m bench.live
	$(BIN)/python -m bench.reading
	$(BIN)/python -m bench.batch
	$(BIN)/python -m bench.process

# 500 random synthetic instances with random rule settings: every plan passes the audit and
# reproduces its objective; a failure is reported with its seed (python -m soak --replay SEED).
soak: $(STAMP)
	$(BIN)/python -m soak --examples 500 --workers 2

# Small wrong changes to optimiser/rules and optimiser/audit.py, each run against the tests: the
# share the rule tests notice (mutation/README.md). About an hour on two cores; not part of CI.
mutation: $(STAMP)
	$(BIN)/python -m mutation --workers 2

lint: $(STAMP)
	$(BIN)/ruff check optimiser tests bench
	$(BIN)/ruff format --check optimiser tests bench

clean:
	rm -rf $(VENV) $(TOOLS) out
