# One entry point for developers and CI. Every target sets up what it needs on a fresh clone.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
CHECKOV_VENV := .venv-checkov
# The google/google-beta provider schema for tests/terraform, extracted from the CDKTF provider wheels.
TFSCHEMA_VENV := .venv-tfschema
TFSCHEMA := $(TFSCHEMA_VENV)/provider-schema.json
# Cloud Functions runs the code on Python 3.12: the unit tests run there too.
PY312 ?= $(shell for p in $$HOME/.pyenv/versions/3.12*/bin/python3.12 $$(command -v python3.12); do "$$p" -V >/dev/null 2>&1 && echo "$$p" && break; done)
PY312_VENV := .venv-py312
PYTEST_ARGS ?=

.PHONY: setup run test faults unit py312 lint tf-check tf-schema bench package browser audit clean

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

# Downloaded, not installed (only their jsii assembly is read; ~100 MB, kept out of the schema file of ~1 MB).
$(TFSCHEMA): requirements-tfschema.txt tests/terraform/provider_schema.py
	$(PYTHON) -m venv $(TFSCHEMA_VENV)
	$(TFSCHEMA_VENV)/bin/pip download --quiet --no-deps --only-binary=:all: --require-hashes \
		-r requirements-tfschema.txt -d $(TFSCHEMA_VENV)/wheels
	$(TFSCHEMA_VENV)/bin/python tests/terraform/provider_schema.py $(TFSCHEMA_VENV)/wheels $@
	rm -rf $(TFSCHEMA_VENV)/wheels

tf-schema: $(TFSCHEMA)

$(PY312_VENV)/.installed: requirements.txt
	$(PY312) -m venv $(PY312_VENV)
	$(PY312_VENV)/bin/pip install --quiet --upgrade pip
	$(PY312_VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

# The repository's own code on the venv's path through a .pth file (nothing changes sys.path at import): the root
# (ops, emulator, tools, bench, tests), the shared library, and the two service packages ops reaches through the
# declared import-linter exceptions (pyproject.toml). Each function's own code is found by functions-framework
# (--source) locally and sits at the bundle's root in production.
DEV_PATHS := . functions/common functions/job_portal functions/event_log

WRITE_PTH := -c 'import sys, sysconfig, pathlib; pathlib.Path(sysconfig.get_paths()["purelib"], "jobfeed-dev.pth").write_text("".join(str(pathlib.Path(p).resolve()) + "\n" for p in sys.argv[1:]))' $(DEV_PATHS)

$(VENV)/.paths: $(VENV)/.installed Makefile
	$(PY) $(WRITE_PTH)
	touch $@

$(PY312_VENV)/.paths: $(PY312_VENV)/.installed Makefile
	$(PY312_VENV)/bin/python $(WRITE_PTH)
	touch $@

setup: $(VENV)/.installed $(VENV)/.paths

run: setup
	$(PY) -m emulator.run

# Every function's package on the path, as pytest sees them (pyproject.toml), for the import contracts.
FUNCTION_PATH := $(subst $(eval) ,:,$(wildcard functions/*)):.

# The GitHub files are checked against the schemas check-jsonschema vendors (no network needed).
lint: setup
	$(VENV)/bin/ruff check functions emulator tests bench tools ops
	PYTHONPATH=$(FUNCTION_PATH) $(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.dependabot .github/dependabot.yml

tf-check:
	terraform fmt -check -recursive terraform

# The portal's browser test drives Debian's Chromium (Playwright's own browser download is not used).
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

test: setup $(CHECKOV_VENV)/.installed $(TFSCHEMA) browser lint tf-check py312
	$(PY) -m pytest --ignore=tests/faults $(PYTEST_ARGS)

py312:
	@if [ -z "$(PY312)" ]; then echo "python3.12 not found: install it to check the Cloud Functions runtime"; exit 1; fi
	$(MAKE) $(PY312_VENV)/.installed $(PY312_VENV)/.paths
	$(PY312_VENV)/bin/python -m pytest tests/unit -q -p no:cacheprovider

# The fault suite (kills, duplicates, shuffles, outages, a 500-registration burst): long, so its own target.
faults: setup
	$(PY) -m pytest tests/faults -s $(PYTEST_ARGS)

unit: setup
	$(PY) -m pytest tests/unit $(PYTEST_ARGS)

# Dependency audit (pip-audit against PyPI's advisories): the `audit` job of .github/workflows/ci.yml, on every
# push and weekly. Not in .ci/run: from this workplace the advisory service cannot be reached, so every package
# reports "could not be audited" and --strict fails.
audit:
	$(PYTHON) -m venv .venv-audit
	.venv-audit/bin/pip install --quiet pip-audit==2.10.1
	.venv-audit/bin/pip-audit --strict --progress-spinner off -r requirements.txt -r requirements-checkov.txt

package: setup
	$(PY) tools/package_functions.py

# AREAS: some of bench/bench_*.py only, e.g. `make bench AREAS="profile intake"`.
bench: setup
	PYTHONPATH=$(FUNCTION_PATH) $(PY) -m bench.run $(AREAS)

clean:
	rm -rf $(VENV) $(CHECKOV_VENV) $(TFSCHEMA_VENV) $(PY312_VENV) .venv-audit .venv-bundles .run build bench-results.json test-output
