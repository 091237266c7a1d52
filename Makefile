# Homeguard: `make run` and `make test` do all the set-up on a fresh machine (a .venv beside this file).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python

.PHONY: run test bench lint clean bundle bundle-smoke icons man dist-check

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

# The stand-alone app (packaging/pyinstaller/homeguard.spec): one folder, dist/homeguard/, with its own Python and
# Qt. Not part of `make test` or .ci/run (it takes a minute and some 190 MB); the Windows and macOS builds are made by
# .github/workflows/bundle.yml. The smoke test opens the bundled window on a virtual display (apt-get install xvfb).
bundle: $(VENV)/.installed-bundle
	rm -rf dist/homeguard build/pyinstaller
	@start=$$(date +%s); \
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
		packaging/pyinstaller/homeguard.spec || exit 1; \
	echo "Built dist/homeguard in $$(( $$(date +%s) - start )) s, $$(du -sh dist/homeguard | cut -f1)"
	$(MAKE) bundle-smoke

bundle-smoke: $(VENV)/.installed-bundle
	@command -v xvfb-run >/dev/null || { echo "The smoke test needs xvfb-run: sudo apt-get install xvfb x11-utils libxtst6"; exit 1; }
	xvfb-run -a $(PY) packaging/pyinstaller/smoke.py dist/homeguard

$(VENV)/.installed-bundle: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,bundle]'
	touch $@ $(VENV)/.installed $(VENV)/.installed-test

# Packaging. `make icons` after editing ui/icons/homeguard.svg and `make man` after changing a command or an option
# (their outputs are committed; a test fails when the man pages no longer match the parser). `make dist-check` builds
# the sdist and wheel from a clean copy, checks what is inside, installs the wheel into a fresh environment and runs
# it (a minute or two, with downloads; not part of `make test`).
icons: $(VENV)/.installed
	QT_QPA_PLATFORM=offscreen $(PY) packaging/render_icons.py

man: $(VENV)/.installed
	$(PY) packaging/man.py

dist-check: $(VENV)/.installed
	@$(PY) -c 'import build' 2>/dev/null || $(PY) -m pip install --quiet --disable-pip-version-check build
	$(PY) packaging/dist_check.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .mypy_cache
