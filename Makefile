# Every target rebuilds .venv from nothing when it is missing.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench eval install browser-deps clean

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml scripts/build_llama_wheel.sh
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# The CPU build from the local wheel; an unpinned torch would pull a multi-GB CUDA build.
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -r requirements.txt -r requirements-dev.txt
	$(BIN)/pip install -q --no-deps -e .
	# llama.cpp (embedded runtime and the real OpenAI-compatible server the LLM tests run): a
	# portable wheel built once into ~/.cache/aftersales/wheels (about 3-13 minutes the first time).
	scripts/build_llama_wheel.sh $(BIN)/python
	touch $(STAMP)

install: $(STAMP)

browser-deps:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null && fc-list | grep -qi wqy || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-wqy-zenhei >/dev/null)

HOST ?= 127.0.0.1
PORT ?= 8080

# The demo answers with the template generator: measured, the embedded 270M model added
# latency and no quality (see README "LLM"); `--generator llm` turns it on.
# config/demo.toml turns on demo identities (pick any demo customer; the page says DEMO).
run: $(STAMP)
	$(BIN)/aftersales serve --config config/demo.toml --host $(HOST) --port $(PORT) --generator template

test: $(STAMP) browser-deps
	$(BIN)/python -m pytest -q -p no:cacheprovider tests

eval: $(STAMP)
	$(BIN)/python bench/eval_intents.py

# wrk drives the webhook benchmark (an aiohttp client tops out near 1,000 req/s, too slow to load the server).
bench: $(STAMP)
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) .data
