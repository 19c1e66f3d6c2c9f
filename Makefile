# Two commands are the contract: `make lab` opens the course, `make test` checks all of it.
# Both create the virtual environment in .venv when it is missing and install the pinned
# requirements once; a stamp file makes a second run skip the install unless the pins or
# pyproject.toml changed.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
LOCK   := requirements/lock.txt
STAMP  := $(VENV)/.installed
LAB_ARGS ?=
PYTEST_ARGS ?=
ASSIGNMENT ?=
SUBMISSIONS ?=
OUT ?= _grading/$(ASSIGNMENT)
GRADE_ARGS ?=
SITE_ARGS ?=

# Jupyter refuses to run as root unless told; CI and containers often are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: help install lab test lint figures assignments grade strip lock clean site \
	test-browser

help:
	@echo "make lab    open the course in JupyterLab (LAB_ARGS='--no-browser --port 8899')"
	@echo "make test   run ruff, the unit and data tests and every lesson notebook, offline"
	@echo "make figures  redraw figures/ (PNG + SVG) and their alt text in figures/README.md"
	@echo "make assignments  build dist/<name>/student and dist/<name>/autograder from the masters"
	@echo "make grade ASSIGNMENT=a1_sources SUBMISSIONS=folder [OUT=folder]  grade a class"
	@echo "make site   build the course website into _build/site/ (every lesson run, offline)"
	@echo "make test-browser  the site and the lessons in JupyterLab, in Debian's chromium"
	@echo "make strip  remove outputs from the notebooks before committing"
	@echo "make lock   refresh requirements/lock.txt from pyproject.toml (needs the registry)"
	@echo "make clean  remove the virtual environment, caches and build output"

$(BIN)/python:
	@$(PYTHON) tools/check_python.py
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml $(LOCK)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r $(LOCK)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" \
		--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb $(ROOT_FLAG) $(LAB_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

# Everything after the install runs without a network (see tools/offline). The student
# notebooks built by `make assignments` run top to bottom with their placeholders too.
# Two pytest workers (pytest-xdist); `--dist loadfile` keeps every notebook's cells on one
# worker, in order, with one kernel, as nbval needs. PYTEST_ARGS='-n 0' runs in one process.
test: lint assignments
	tools/offline $(BIN)/python -m pytest -n 2 --dist loadfile --nbval-lax --nbval-current-env \
		--nbval-cell-timeout=300 tests notebooks $$(ls dist/*/student/*.ipynb) $(PYTEST_ARGS)

# otter assign runs each master's own tests; a master that fails them stops the build.
assignments: $(STAMP)
	tools/offline $(BIN)/python -m treatylens.grading.build $(ASSIGNMENTS)

grade: $(STAMP)
	@if [ -z "$(ASSIGNMENT)" ] || [ -z "$(SUBMISSIONS)" ]; then \
		echo "usage: make grade ASSIGNMENT=a1_sources SUBMISSIONS=folder [OUT=folder]"; exit 2; fi
	$(BIN)/treatylens grade $(ASSIGNMENT) $(SUBMISSIONS) -o $(OUT) $(GRADE_ARGS)

figures: $(STAMP)
	$(BIN)/python -m treatylens.figures

# The course as a website: every lesson executed (a cell error fails the build), warnings are
# errors, nothing fetched, at build time (tools/offline) or when the pages are viewed.
# Open _build/site/index.html. Configuration and the kernel-free lesson 03 map: site/.
site: $(STAMP)
	rm -rf _build/site _build/site_doctrees _build/jupyter_execute _build/site_ipython
	tools/offline $(BIN)/python -m sphinx -b html -c site -d _build/site_doctrees \
		-W --keep-going -q $(SITE_ARGS) . _build/site

# The built site (from file://) and the lessons in JupyterLab, driven in Debian's chromium
# (/usr/bin/chromium; `apt-get install chromium`, never `playwright install`) by Playwright.
# The tests start JupyterLab on 127.0.0.1 themselves and stop it and the browser at the end;
# screenshots go to _build/browser/tests/. Offline like `make test`. Separate from `make test`:
# tests_browser/ is not in its test paths.
test-browser: site
	tools/offline $(BIN)/python -m pytest -p no:cacheprovider tests_browser $(PYTEST_ARGS)

strip: $(STAMP)
	$(BIN)/nbstripout --keep-id --drop-empty-cells --extra-keys "metadata.widgets cell.metadata.execution" \
		$$(git ls-files '*.ipynb')

lock: $(BIN)/python
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --extra site --universal \
		--python-version 3.11 --no-header -o $(LOCK)

clean:
	rm -rf $(VENV) dist _grading build .pytest_cache .ruff_cache src/*.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
