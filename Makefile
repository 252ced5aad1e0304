# Clinic Intake: `make run` starts the demo, `make test` runs the whole suite.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint bench messages setup setup-dev assets migrate demo clean

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

CATALOGUE := locale/en_GB/LC_MESSAGES/django
IGNORED := .venv node_modules tests bench docs scripts static staticfiles

messages: setup  ## Bring the en-GB catalogue up to date with the app's texts (needs GNU gettext)
	$(PY) manage.py makemessages -l en_GB --no-location --no-obsolete $(IGNORED:%=--ignore '%/*')
	msgen -o $(CATALOGUE).po $(CATALOGUE).po
	msgfmt --check-format --check-domain -o $(CATALOGUE).mo $(CATALOGUE).po

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
