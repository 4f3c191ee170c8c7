# Two commands do all the set-up: `make run` and `make test`. Each creates .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck bench demo i18n clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/koto

demo: $(STAMP)
	$(BIN)/koto demo

test: $(STAMP)
	$(BIN)/ruff check koto_tui tests bench setup.py .ci/app-smoke.py
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -n auto

lint: $(STAMP)
	$(BIN)/ruff check koto_tui tests bench setup.py .ci/app-smoke.py

typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m bench

# Re-extract UI strings, merge them into each catalogue and compile the .mo files.
i18n: $(STAMP)
	$(BIN)/pybabel extract -w 110 --no-location --omit-header -k _ -k N_ -k P_ -o koto_tui/i18n/koto.pot koto_tui
	$(BIN)/pybabel update -w 110 --no-fuzzy-matching --ignore-obsolete -N -D koto -i koto_tui/i18n/koto.pot -d koto_tui/i18n/locale
	$(BIN)/pybabel compile -D koto -d koto_tui/i18n/locale
	$(BIN)/pybabel extract -w 110 --no-location --omit-header --no-default-keywords -k P_ -o koto_tui/i18n/paper.pot koto_tui
	$(BIN)/pybabel update -w 110 --no-fuzzy-matching --ignore-obsolete -N -D paper -i koto_tui/i18n/paper.pot -d koto_tui/i18n/locale
	$(BIN)/pybabel compile -D paper -d koto_tui/i18n/locale

clean:
	rm -rf $(VENV) build *.egg-info
