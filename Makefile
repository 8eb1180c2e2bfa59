# gbdcc — set-up and everyday commands. `make run` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SIGN_TOOL := .tools/duis-sign/node_modules/@smartdcc/duis-sign-wrap/dist/tool.jar
HOST ?= 127.0.0.1
PORT ?= 8079
DATA_DIR ?= ./var
PYTEST_ARGS ?=

.PHONY: install run test lint bench demo clean sign-tool gbcs-parser fuzz

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# DCC's own DUIS signing/validation tool (Java), used by the oracle tests only.
$(SIGN_TOOL):
	npm install --silent --no-audit --no-fund --prefix .tools/duis-sign @smartdcc/duis-sign-wrap@0.1.2

sign-tool: $(SIGN_TOOL)

# Smart DCC's GBCS parser, meant as the oracle of `gbdcc parse`. Not yet on the npm registry this project
# reaches (404), so it is not a `make test` dependency: see docs/portal.md § Parse.
GBCS_PARSER := .tools/gbcs-parser/node_modules/@smartdcc/gbcs-parser/dist/index.js
$(GBCS_PARSER):
	npm install --silent --no-audit --no-fund --prefix .tools/gbcs-parser @smartdcc/gbcs-parser

gbcs-parser: $(GBCS_PARSER)

run: install
	$(VENV)/bin/gbdcc up --host $(HOST) --port $(PORT) --data-dir $(DATA_DIR)

test: install sign-tool
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/mypy src/gbdcc
	$(VENV)/bin/lint-imports

# Fuzz the DUIS request path (atheris) for FUZZ_SECONDS; the corpus is seeded from ../shared at run time and kept
# under .tools/fuzz (not committed); crashes land in .tools/fuzz/artifacts. `make test` runs a bounded 10,000 inputs.
FUZZ_DIR ?= .tools/fuzz
FUZZ_SECONDS ?= 600

fuzz: install
	mkdir -p $(FUZZ_DIR)/corpus $(FUZZ_DIR)/artifacts
	$(PY) fuzz/seed_corpus.py $(FUZZ_DIR)/corpus
	$(PY) fuzz/duis_request.py $(FUZZ_DIR)/corpus -dict=fuzz/duis.dict -max_len=65536 \
	  -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=$(FUZZ_DIR)/artifacts/ -print_final_stats=1

bench: install
	$(PY) -m bench

demo: install
	$(VENV)/bin/gbdcc demo

clean:
	rm -rf $(VENV) .tools var .pytest_cache .mypy_cache .ruff_cache
