# newsgraph: two set-up commands, `make demo` and `make test`, both work on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STORE  ?= newsgraph-store
EVAL   ?= ../shared/eval/score.py

.PHONY: install demo build serve test lint eval bench bench-extract clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Build the examples into the default store, then serve them on http://127.0.0.1:8000
demo: install
	$(BIN)/newsgraph build examples/ --store $(STORE)
	$(BIN)/newsgraph serve --store $(STORE) --host 127.0.0.1 --port 8000

test: install
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check graphbuild server tests
	$(BIN)/mypy graphbuild server

eval: install
	$(BIN)/python $(EVAL) --cmd '$(BIN)/newsgraph extract {article} --format nt'

# Benchmarks: never part of `make test`. Figures go to docs/benchmarks.md.
bench: bench-extract

bench-extract: install
	$(BIN)/python -m tests.bench.bench_extract --articles $(or $(ARTICLES),1000)

clean:
	rm -rf $(STORE) .pytest_cache .mypy_cache .ruff_cache
