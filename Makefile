# Clinic Intake: `make run` starts the demo, `make test` runs the whole suite.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint bench setup setup-dev assets migrate demo clean

run: setup assets migrate demo  ## Serve the app with demo data at http://127.0.0.1:8000
	$(PY) manage.py runserver $(HOST):$(PORT)

test: setup-dev assets  ## Run the whole test suite (PostgreSQL when DATABASE_URL is set)
	$(VENV)/bin/pytest

lint: setup-dev
	$(VENV)/bin/ruff check .

bench: setup-dev  ## Benchmark under gunicorn + wrk on PostgreSQL, 100k clients (docs/performance.md)
	$(PY) bench/run.py

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/activate
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/activate
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

setup: $(VENV)/.runtime
setup-dev: $(VENV)/.dev

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

assets: node_modules/.package-lock.json

migrate: setup
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
