# Everyday verbs. A fresh machine needs only `make run` (demo site) and `make test`.
# Every target creates/updates the virtualenv first; nothing else is assumed installed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# Touched after a successful install: reinstall only when a requirements file changes.
STAMP := $(VENV)/.installed

HOST ?= 127.0.0.1
PORT ?= 8000

# `make test-postgres` uses these; override on the command line if yours differ.
PG_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/pcso_test
PG_BROKER_URL ?= redis://127.0.0.1:6379/1

# Extra pytest arguments, e.g. `make test PYTEST_ARGS="-k briefing -x"`.
PYTEST_ARGS ?=
# e.g. `make bench BENCH_ARGS=--quick` to check the benchmarks work (small sizes).
BENCH_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help venv run test test-postgres services lint format worker beat bench e2e schema check-deploy migrations-check

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

venv: $(STAMP) ## create .venv and install requirements-dev.txt (only when they changed)

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

run: export DJANGO_DEBUG = 1
run: venv ## demo site on http://127.0.0.1:8000 with demo data (logins are printed)
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) seed_demo
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C stops)"
	$(MANAGE) runserver $(HOST):$(PORT)

test: venv ## the test suite; SQLite and in-process tasks unless DATABASE_URL/CELERY_BROKER_URL are set
	$(BIN)/pytest $(PYTEST_ARGS)

services: ## make sure local PostgreSQL and Redis answer on 127.0.0.1 (starts them if installed)
	@if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
		command -v pg_ctlcluster >/dev/null || { echo "PostgreSQL is not installed (apt-get install postgresql)"; exit 1; }; \
		echo "Starting PostgreSQL"; \
		pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | sort -V | tail -n 1) main start; \
		for i in $$(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; \
		pg_isready -h 127.0.0.1 -p 5432; \
	fi
	@if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then \
		command -v redis-server >/dev/null || { echo "Redis is not installed (apt-get install redis-server)"; exit 1; }; \
		echo "Starting Redis"; \
		redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no; \
		for i in $$(seq 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done; \
		redis-cli -h 127.0.0.1 -p 6379 ping; \
	fi
	@echo "PostgreSQL and Redis are up"

test-postgres: services ## `make test` against local PostgreSQL and Redis (a real Celery worker test runs)
	DATABASE_URL=$(PG_DATABASE_URL) CELERY_BROKER_URL=$(PG_BROKER_URL) $(MAKE) test

lint: venv ## ruff lint and format check, and the app layers (import-linter, pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo

format: venv ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

worker: venv ## a Celery worker (needs CELERY_BROKER_URL)
	$(BIN)/celery -A pcso worker -l info

beat: venv ## the Celery beat scheduler (daily briefings; needs CELERY_BROKER_URL)
	$(BIN)/celery -A pcso beat -l info

bench: venv ## the benchmarks in bench/ (needs PostgreSQL and ../shared data; BENCH_ARGS=--quick)
	$(BIN)/python bench/run_all.py $(BENCH_ARGS)

e2e: venv ## browser journeys in headless Chromium (fails instead of skipping without a browser)
	PCSO_REQUIRE_BROWSER=1 $(BIN)/pytest -m e2e $(PYTEST_ARGS)

schema: export DJANGO_DEBUG = 1
schema: venv ## generate and validate the OpenAPI schema; warnings fail
	$(MANAGE) spectacular --validate --fail-on-warn --file /dev/null

migrations-check: export DJANGO_DEBUG = 1
migrations-check: venv ## fail if a model change has no migration
	$(MANAGE) makemigrations --check --dry-run

# Production-like settings: DEBUG off, HTTPS hardening on, a throwaway long key.
check-deploy: venv ## `manage.py check --deploy` with production-like settings; must report no issues
	env -u DJANGO_HTTPS DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=example.org \
		DJANGO_SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))') \
		$(MANAGE) check --deploy --fail-level WARNING
