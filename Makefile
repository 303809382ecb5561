# Ươm Mầm — developer entry points (GNU make).
# Needs only python3 (with the venv module), make and a shell on a fresh Debian/Ubuntu machine.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
# pytest-xdist workers ("auto" = one per core; 0 runs in one process, e.g. for --pdb).
PYTEST_WORKERS ?= auto
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help venv run test test-postgres lint messages mutation clean

help:
	@echo "make run            create .venv, migrate the SQLite database, load the demo, serve http://$(HOST):$(PORT)"
	@echo "make test           the whole test suite on SQLite (PYTEST_ARGS='...' adds pytest arguments, PYTEST_WORKERS=0 disables xdist)"
	@echo "make test-postgres  the suite (without browser tests) on a throwaway PostgreSQL cluster"
	@echo "make lint           ruff, mypy (strict, all of uommam), migrations check, Django system check"
	@echo "make messages       refresh and compile the Vietnamese translation catalogue"
	@echo "make mutation       mutation testing of uommam/rules and uommam/vn (slow; not part of CI, see docs/testing.md)"
	@echo "make clean          remove the virtualenv, caches and collected static files"

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(STAMP)
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test-postgres: $(STAMP)
	scripts/with-postgres $(BIN)/pytest -n $(PYTEST_WORKERS) -m "not browser" $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check
	$(BIN)/python scripts/check_messages.py

messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l vi --no-location --no-obsolete -i '.venv/*' -i 'static/*' -i 'staticfiles/*' -i 'bench/*' -i 'tests/*' -i 'uommam/testing/*' -i '*/tests/*'
	$(BIN)/python manage.py compilemessages -l vi --ignore=.venv

# MUTATION_PACKAGE=rules|vn|all|uommam.vn.legacy limits the run; the last line is "RESULT rules=X vn=Y".
MUTATION_PACKAGE ?= all
mutation: $(STAMP)
	$(BIN)/python bench/mutation.py --package $(MUTATION_PACKAGE)

clean:
	rm -rf $(VENV) mutants staticfiles .mypy_cache .ruff_cache .hypothesis .pytest_cache *.egg-info
	find . -path ./.git -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
