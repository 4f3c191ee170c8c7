# Two commands do all the set-up: `make run` and `make test`. Each creates .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Every dependency pinned with its hashes for Linux, Windows and macOS (`make lock` writes them).
APP_LOCK := requirements/app.lock
DEV_LOCK := requirements/dev.lock
PIP := $(BIN)/python -m pip --disable-pip-version-check

.PHONY: run test lint typecheck bench bench-quick demo i18n lock clean

# The locked versions only (a file whose hash differs is refused), then koto itself without resolving again.
$(STAMP): pyproject.toml $(APP_LOCK) $(DEV_LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --require-hashes -r $(DEV_LOCK)
	$(PIP) install --quiet --no-deps -e .
	$(PIP) check >/dev/null || { $(PIP) check; echo "requirements/*.lock do not fit pyproject.toml: run make lock"; exit 1; }
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

# Every benchmark, the size-dependent ones at 1k, 10k and 100k clients, then the growth table (bench/README.md;
# about 35 minutes on 2 shared cores, the databases cached in ~/.cache/koto-bench). Ctrl+C prints what was measured.
bench: $(STAMP)
	$(BIN)/python -m bench

# The size-dependent benchmarks at 1,000 clients only (the 100k database takes minutes to build once).
bench-quick: $(STAMP)
	$(BIN)/python -m bench --quick

# Re-extract UI strings, merge them into each catalogue and compile the .mo files.
i18n: $(STAMP)
	$(BIN)/pybabel extract -w 110 --no-location --omit-header -k _ -k N_ -k P_ -o koto_tui/i18n/koto.pot koto_tui
	$(BIN)/pybabel update -w 110 --no-fuzzy-matching --ignore-obsolete -N -D koto -i koto_tui/i18n/koto.pot -d koto_tui/i18n/locale
	$(BIN)/pybabel compile -D koto -d koto_tui/i18n/locale
	$(BIN)/pybabel extract -w 110 --no-location --omit-header --no-default-keywords -k P_ -o koto_tui/i18n/paper.pot koto_tui
	$(BIN)/pybabel update -w 110 --no-fuzzy-matching --ignore-obsolete -N -D paper -i koto_tui/i18n/paper.pot -d koto_tui/i18n/locale
	$(BIN)/pybabel compile -D paper -d koto_tui/i18n/locale

# Pin every dependency again after pyproject.toml changed, for Python 3.11+ on every system IT installs on
# (uv's universal resolution, all wheels' hashes). Pins already in the files are kept unless they no longer
# fit: `make lock LOCK_FLAGS=--upgrade` takes the newest allowed versions.
UV_VERSION := 0.13.9
LOCK_VENV := .venv-lock
UV_COMPILE := $(LOCK_VENV)/bin/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command "make lock" --quiet $(LOCK_FLAGS)
lock:
	test -x $(LOCK_VENV)/bin/uv || { $(PYTHON) -m venv $(LOCK_VENV) && \
	    $(LOCK_VENV)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION); }
	$(UV_COMPILE) -o $(APP_LOCK)
	$(UV_COMPILE) --extra dev -o $(DEV_LOCK)

clean:
	rm -rf $(VENV) $(LOCK_VENV) build *.egg-info
