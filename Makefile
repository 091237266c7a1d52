# Homeguard: `make run` and `make test` do all the set-up on a fresh machine (a .venv beside this file).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python

.PHONY: run test bench lint clean

run: $(VENV)/.installed
	$(PY) main.py

test: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

bench: $(VENV)/.installed
	$(PY) -m tests.bench_scan
	$(PY) -m tests.bench_start
	$(PY) -m tests.bench_gui
	$(PY) -m tests.bench_club

# ruff, then mypy over what [tool.mypy] in pyproject.toml lists (strict for auditor/ and checks/, basic elsewhere).
lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/mypy

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Homeguard needs Python 3.11 or newer; $(PYTHON) is older. Try: make PYTHON=python3.12"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .mypy_cache
