# gnu-plan: `make run` sets everything up and serves the app; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1:8000

.PHONY: run setup install test test-fast lint format messages demo clean

run: setup
	@echo "gnu-plan: http://$(HOST)/  (demo users above; demo only)"
	$(PY) manage.py runserver $(HOST)

setup: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py load_plan
	$(PY) manage.py create_demo_users
	$(MAKE) --no-print-directory demo

demo:
	$(PY) manage.py seed_demo --history --count 250 --seed 42

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n auto --dist loadfile

test-fast: install
	$(BIN)/pytest -n auto --dist loadfile -m "not browser"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install
	$(PY) manage.py makemessages -l sv --no-obsolete --ignore=.venv --ignore=var --ignore=staticfiles
	$(PY) manage.py compilemessages -l sv --ignore=.venv

clean:
	rm -rf $(VENV) var staticfiles
