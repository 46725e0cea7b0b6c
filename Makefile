# Each target sets up what it needs: a fresh clone only needs python3 (3.11+) and make.
VENV ?= .venv
PYTHON ?= python3
STAMP := $(VENV)/.installed-stamp

.PHONY: brief test lint eval clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $(STAMP)

brief: $(STAMP)  ## the brief of seeds/, offline, to stdout
	@$(VENV)/bin/briefing brief seeds/

test: $(STAMP)  ## the whole test suite, offline
	$(VENV)/bin/pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

eval: $(STAMP)  ## score the seeds brief against the rubric
	$(VENV)/bin/briefing eval seeds/ --rubric eval/seeds-rubric.json

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
