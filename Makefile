# Co-host Planner — the two commands a newcomer needs are `make run` and `make test`.
# Everything they depend on (virtualenv, packages, translations, node tools, database
# schema, demo data) is built here, so a fresh clone needs only Python 3.11+ and make.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
HOST ?= 127.0.0.1
FLASK := $(BIN)/flask --app planner
# Links built outside a request (seeded data, mail, CLI) point where `make run` serves.
SERVE_ENV := PLANNER_SERVE_URL=http://$(HOST):$(PORT)

.DEFAULT_GOAL := help
.PHONY: help run serve worker test lint format bench translations messages clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 14

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Co-host Planner needs Python 3.11 or newer; set PYTHON=python3.11 (or newer).")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps record that an install is done; they are redone when pyproject.toml changes.
$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Compiled catalogs (.mo) are built from the .po sources, never committed.
translations: $(VENV)/.installed ## Compile the Japanese and English message catalogs
	@$(BIN)/pybabel -q compile -d planner/translations

messages: $(VENV)/.installed ## Extract new strings and merge them into the .po catalogs
	$(BIN)/pybabel extract -F babel.cfg -k _l --no-location -o planner/translations/messages.pot .
	$(BIN)/pybabel update -i planner/translations/messages.pot -d planner/translations --no-fuzzy-matching

# The job worker (planner.jobs): mail, reminders and the clock's moves. Threads, because
# its jobs wait on mail servers and the database, not on the CPU.
WORKER_COMMAND := $(BIN)/huey_consumer planner.jobs.worker.queue --workers 2 --worker-type thread

# The worker runs beside the development server and stops with it (Ctrl-C, or the
# server exiting): a newcomer still types one command.
run: $(VENV)/.installed translations ## Install, migrate, seed the demo data and serve on http://$(HOST):$(PORT) with a job worker
	$(SERVE_ENV) $(FLASK) db upgrade
	$(SERVE_ENV) $(FLASK) seed-demo
	$(SERVE_ENV) $(FLASK) complete-events
	@echo "Serving Co-host Planner on http://$(HOST):$(PORT)/ with a job worker (Ctrl-C stops both)"
	@$(SERVE_ENV) $(WORKER_COMMAND) & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(SERVE_ENV) $(FLASK) run --host $(HOST) --port $(PORT)

# Production: gunicorn, configured by environment variables only (README, "Deployment").
# PLANNER_CONFIG defaults to production here; migrations stay a deliberate step.
SERVE_COMMAND := $(BIN)/gunicorn --config python:planner.serving.gunicorn_config planner.serving.wsgi:app
serve: $(VENV)/.installed translations ## Serve in production with gunicorn (settings from the environment)
	PLANNER_CONFIG=$${PLANNER_CONFIG:-production} $(SERVE_COMMAND)

worker: $(VENV)/.installed translations ## Run the production job worker (settings from the environment)
	PLANNER_CONFIG=$${PLANNER_CONFIG:-production} $(WORKER_COMMAND)

test: $(VENV)/.installed-test translations node_modules/.installed ## Install the test extra and run the whole suite
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test ## Check style with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test ## Reformat the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(VENV)/.installed-test translations  ## Run every benchmark in bench/ (each prints its targets)
	@set -e; for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script; done

clean: ## Remove the virtualenv, node modules and compiled catalogs
	rm -rf $(VENV) node_modules planner/translations/*/LC_MESSAGES/*.mo
