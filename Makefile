# Each target sets up what it needs: a fresh clone only needs python3 (3.11+) and make.
VENV ?= .venv
PYTHON ?= python3
RUNTIME := $(VENV)/.runtime-stamp
STAMP := $(VENV)/.installed-stamp
# setuptools explains editable installs at length on every first install; that is not news.
PIP := PYTHONWARNINGS=ignore $(VENV)/bin/pip install --quiet

.PHONY: brief test lint eval cassettes cassettes-llama bench bench-quality bench-scale bench-grounding bench-check clean

# Set-up talks on stderr so that `make brief > brief.md` holds only the brief. `make brief`
# installs what the brief needs; the test and lint tools (playwright among them) come with the
# first target that needs them.
$(RUNTIME): pyproject.toml
	@echo "setting up $(VENV) (first run only)" >&2
	@$(PYTHON) -m venv $(VENV)
	@$(VENV)/bin/pip install --quiet --upgrade pip >&2
	@$(PIP) -e . >&2
	@touch $(RUNTIME)

$(STAMP): $(RUNTIME)
	@echo "installing the test and lint tools (first run only)" >&2
	@$(PIP) -e '.[dev]' >&2
	@touch $(STAMP)

brief: $(RUNTIME)  ## the brief of seeds/, offline, to stdout (an exported API key changes nothing)
	@$(VENV)/bin/briefing brief seeds/ --engine extractive

test: $(STAMP)  ## the whole test suite, offline
	$(VENV)/bin/pytest

lint: $(STAMP)  ## ruff (lint and format), mypy, and the import contracts in pyproject.toml
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

SEEDS_QUOTES := ../shared/eval/seeds-quotes.jsonl

eval: $(STAMP)  ## score the seeds brief against the rubric; speakers against annotated quotes
	$(VENV)/bin/briefing eval seeds/ --rubric eval/seeds-rubric.json
	@if [ -f $(SEEDS_QUOTES) ]; then \
		echo "seeds speakers:"; $(VENV)/bin/briefing eval seeds/ --quotes $(SEEDS_QUOTES); \
	else echo "seeds speakers: skipped ($(SEEDS_QUOTES) is absent)"; fi
	$(VENV)/bin/python -m benchmarks.attribution

# Re-record every cassette: the scripted ones always; with BASE_URL, MODEL and LABEL also the
# seeds against that endpoint (e.g. BASE_URL=https://api.openai.com/v1 MODEL=gpt-4o-mini
# LABEL=openai, with OPENAI_API_KEY in the environment).
cassettes: $(STAMP)  ## re-record the cassettes (see above)
	$(VENV)/bin/python -m tests.record_cassettes
	$(if $(BASE_URL),$(VENV)/bin/python -m tests.record_cassettes --base-url "$(BASE_URL)" \
		--model "$(MODEL)" --label "$(LABEL)")

cassettes-llama: $(STAMP)  ## build llama-server, serve SmolLM2-135M and re-record against it
	PYTHON=$(VENV)/bin/python scripts/record-llama-server.sh

bench: $(STAMP)  ## the model path on 50 documents: serial, parallel, cached
	$(VENV)/bin/python -m benchmarks.model_concurrency

bench-quality: $(STAMP)  ## ROUGE of the offline brief vs Lead, LexRank, TextRank on Multi-News
	$(VENV)/bin/python -m benchmarks.summary_quality

bench-scale: $(STAMP)  ## wall time, peak memory and brief size at 100, 1,000 and 5,000 documents
	$(VENV)/bin/python -m benchmarks.scale

bench-grounding: $(STAMP)  ## the matcher's speed and what it accepts, beside a difflib baseline
	$(VENV)/bin/python -m benchmarks.grounding

bench-check: $(STAMP)  ## planted errors found by `briefing check` in Multi-News summaries, vs a naive checker
	$(VENV)/bin/python -m benchmarks.check

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
