# One entry point for developers and CI. Every target sets up what it needs on a fresh clone.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
CHECKOV_VENV := .venv-checkov
PYTEST_ARGS ?=

.PHONY: setup run test faults unit lint tf-check bench package browser clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

$(CHECKOV_VENV)/.installed: requirements-checkov.txt
	$(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/pip install --quiet --upgrade pip
	$(CHECKOV_VENV)/bin/pip install --quiet -r requirements-checkov.txt
	touch $@

setup: $(VENV)/.installed

run: setup
	$(PY) -m emulator.run

lint: setup
	$(VENV)/bin/ruff check functions emulator tests bench tools

tf-check:
	terraform fmt -check -recursive terraform

# The portal's browser test drives Debian's Chromium (Playwright's own browser download is not used).
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

test: setup $(CHECKOV_VENV)/.installed browser lint tf-check
	$(PY) -m pytest --ignore=tests/faults $(PYTEST_ARGS)

# The fault suite (kills, duplicates, shuffles, outages, a 500-registration burst): long, so its own target.
faults: setup
	$(PY) -m pytest tests/faults -s $(PYTEST_ARGS)

unit: setup
	$(PY) -m pytest tests/unit $(PYTEST_ARGS)

package: setup
	$(PY) tools/package_functions.py

bench: setup
	$(PY) -m bench.run

clean:
	rm -rf $(VENV) $(CHECKOV_VENV) .run build bench-results.json
