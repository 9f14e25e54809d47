# consult: `make run` sets everything up and serves; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export FLASK_APP := wsgi.py
PYTEST_ARGS ?=

.PHONY: run test install translations catalog db demo lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

translations: $(STAMP)
	$(BIN)/pybabel -q compile -d translations

db: install translations
	$(BIN)/flask db upgrade

demo: db
	$(BIN)/flask consult demo

run: demo
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: install translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check consult tests config.py wsgi.py bench

# Refresh the message catalogs after changing user-visible strings.
catalog: install
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext -k pgettext:1c,2 -c Translators: --no-location --sort-output -o translations/messages.pot .
	$(BIN)/pybabel -q update --no-fuzzy-matching -i translations/messages.pot -d translations

bench: db
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) instance .pytest_cache
