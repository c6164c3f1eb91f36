# Every target rebuilds .venv from nothing when it is missing.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench eval install browser-deps clean

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# The CPU build from the local wheel; an unpinned torch would pull a multi-GB CUDA build.
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -r requirements.txt -r requirements-dev.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

browser-deps:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null && fc-list | grep -qi wqy || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-wqy-zenhei >/dev/null)

# The demo runs the embedded LLM (Gemma 3 270M + the shipped LoRA adapter); answers that fail
# the grounding check fall back to the template answer. --generator template for instant replies.
# config/demo.toml turns on demo identities (pick any demo customer; the page says DEMO).
run: $(STAMP)
	$(BIN)/aftersales serve --config config/demo.toml --host 127.0.0.1 --port 8080 --generator llm

test: $(STAMP) browser-deps
	$(BIN)/python -m pytest -q -p no:cacheprovider tests

eval: $(STAMP)
	$(BIN)/python bench/eval_intents.py

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) .data
