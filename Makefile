# digigov: `make run` starts the platform with the demo province, its task worker and scheduler; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

.PHONY: run test lint bench mutate setup messages pdf-deps browser-deps migrate demo clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

setup: $(STAMP) messages pdf-deps

# Compiled translations are build output: made from the committed .po files, never committed.
messages: $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -D django -d src/digigov/locale --statistics 2>&1 | tail -1
	$(BIN)/pybabel compile -D django -d src/digigov/locale_wagtail 2>&1 | tail -1
	$(BIN)/pybabel compile -D djangojs -d src/digigov/locale_wagtail 2>&1 | tail -1
	@for dir in src/digigov/*/locale; do $(BIN)/pybabel compile --use-fuzzy -D django -d $$dir 2>&1 | tail -1; done

migrate: setup
	$(PY) manage.py migrate --noinput -v 0

demo: migrate
	$(PY) manage.py load_demo

# The server, the task worker and the scheduler together (Ctrl-C stops all three); the demo accounts print last.
run: migrate
	PORT=$(PORT) $(PY) manage.py run_demo --port $(PORT)

# Pango and CJK fonts for PDF reports (WeasyPrint), qpdf and poppler-utils (pdftoppm) for the licence documents'
# independent checks, DejaVu for the independent OFD reader's test (ofdparser); installed only when missing.
pdf-deps:
	@if ! ldconfig -p | grep -q 'libpangoft2-1.0.so.0' || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' \
	    || ! command -v qpdf >/dev/null || ! command -v pdftoppm >/dev/null \
	    || [ ! -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then \
	  echo "installing pango, fonts-noto-cjk, fonts-dejavu-core, qpdf and poppler-utils"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk fonts-dejavu-core qpdf poppler-utils >/dev/null; \
	fi

# Debian chromium and CJK fonts for the browser tests; installed only when missing.
browser-deps:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then \
	  echo "installing chromium and fonts-noto-cjk"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

# Two workers (pytest-xdist), each with its own test database: the 2-core machine the suite is timed on.
TEST_WORKERS ?= 2

test: setup browser-deps
	$(BIN)/pytest -n $(TEST_WORKERS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

bench: setup
	$(PY) bench/sm2.py
	$(PY) bench/ledger.py
	$(PY) bench/gateway.py
	$(PY) bench/imports.py
	$(PY) bench/catalog_search.py
	$(PY) bench/backup.py
	$(PY) bench/site_search.py
	$(PY) bench/site_pages.py
	$(PY) bench/workflow.py
	$(PY) bench/cases.py
	$(PY) bench/licences.py
	$(PY) bench/hotline.py

clean:
	rm -rf $(VENV) var

# Mutation testing of validators, calendar and lifecycles: fails on any surviving mutant.
mutate: setup
	scripts/mutate.sh
