# Each target sets up what it needs: a fresh clone only needs python3 (3.11+) and make.
VENV ?= .venv
PYTHON ?= python3
STAMP := $(VENV)/.installed-stamp

.PHONY: brief test lint eval clean

# Set-up talks on stderr so that `make brief > brief.md` holds only the brief.
$(STAMP): pyproject.toml
	@echo "setting up $(VENV) (first run only)" >&2
	@$(PYTHON) -m venv $(VENV)
	@$(VENV)/bin/pip install --quiet --upgrade pip >&2
	@$(VENV)/bin/pip install --quiet -e '.[dev]' >&2
	@touch $(STAMP)

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
