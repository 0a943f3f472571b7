# newsgraph: two set-up commands, `make demo` and `make test`, both work on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STORE  ?= newsgraph-store
EVAL   ?= ../shared/eval/score.py

.PHONY: install demo build serve test lint eval bench bench-extract browser virtuoso openrefine bench-pages bench-build bench-writes bench-abuse bench-cluster soak clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The browser libraries (YASGUI for the query page, Cytoscape.js and vis-timeline for entity pages), from
# npm, are served from our own static files: no CDN at run time.
YASGUI := server/static/vendor/yasgui/yasgui.min.js
$(YASGUI): package.json package-lock.json
	@command -v npm >/dev/null || (apt-get update -qq && apt-get install -y -qq npm >/dev/null)
	npm ci --no-audit --no-fund --silent
	mkdir -p $(dir $(YASGUI))
	cp node_modules/@triply/yasgui/build/yasgui.min.js node_modules/@triply/yasgui/build/yasgui.min.css \
	  node_modules/@triply/yasgui/build/yasgui.min.js.LICENSE.txt $(dir $(YASGUI))
	mkdir -p server/static/vendor/cytoscape server/static/vendor/vis-timeline
	cp node_modules/cytoscape/dist/cytoscape.min.js node_modules/cytoscape/LICENSE server/static/vendor/cytoscape/
	cp node_modules/vis-timeline/standalone/umd/vis-timeline-graph2d.min.js \
	  node_modules/vis-timeline/styles/vis-timeline-graph2d.min.css node_modules/vis-timeline/LICENSE* \
	  server/static/vendor/vis-timeline/
	touch $(YASGUI)

install: $(STAMP) $(YASGUI)

# Build the examples into the default store, then serve them on http://127.0.0.1:8000
demo: install
	$(BIN)/newsgraph build examples/ --store $(STORE)
	$(BIN)/newsgraph serve --store $(STORE) --host 127.0.0.1 --port 8000

# The whole suite on the embedded store, then the server suite again on real Oxigraph servers
# (tests/backends.py): every feature works the same on both.
SERVER_TESTS := tests/test_server_*.py tests/test_protocol_*.py tests/test_e2e.py
test: install browser virtuoso openrefine
	$(BIN)/python -m pytest -q
	NEWSGRAPH_TEST_BACKEND=oxigraph $(BIN)/python -m pytest -q $(SERVER_TESTS)

# The browser tests drive Debian's chromium (tests/test_browser.py); CI runs as root on a fresh machine.
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

# OpenRefine (Debian's package, 3.6) for tests/test_reconcile.py: it reconciles a column against our service.
openrefine:
	@command -v openrefine >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openrefine >/dev/null)

# Virtuoso for tests/test_virtuoso.py (docs/virtuoso-notes.md): a private instance per test module.
virtuoso:
	@command -v virtuoso-t >/dev/null || ( \
	  printf '%s\n' 'virtuoso-opensource-7 virtuoso-opensource-7/dba-password password dba' \
	    'virtuoso-opensource-7 virtuoso-opensource-7/dba-password-again password dba' | debconf-set-selections && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null)

lint: install
	$(BIN)/ruff check graphbuild server tests
	$(BIN)/mypy graphbuild server

# Extraction against the development set; HALF=1 or HALF=2 scores one half (develop on one, check on the other).
eval: install
	$(BIN)/python $(EVAL) --cmd '$(BIN)/newsgraph extract {article} --format nt' $(if $(HALF),--half $(HALF))

# Benchmarks: never part of `make test`. Figures go to docs/benchmarks.md.
bench: bench-extract bench-sparql bench-pages bench-build bench-writes bench-abuse bench-cluster

bench-extract: install
	$(BIN)/python -m tests.bench.bench_extract --articles $(or $(ARTICLES),1000)

# The SPARQL endpoint against rdflib-endpoint and Oxigraph's server (installed apart, in .venv/bench-tools).
bench-sparql: install
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	test -x $(VENV)/bench-tools/bin/oxigraph || ($(PYTHON) -m venv $(VENV)/bench-tools && \
		$(VENV)/bench-tools/bin/pip install --quiet 'rdflib-endpoint[cli]' oxigraph)
	$(BIN)/python -m tests.bench.bench_sparql --articles $(or $(SPARQL_ARTICLES),20000)

# Entity pages (HTML and Turtle) at concurrency 16 on the synthetic 1.5M-triple store, and search.
bench-pages: install
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python -m tests.bench.bench_pages --articles $(or $(PAGES_ARTICLES),20000)

# Bulk building into the folder store and into a remote Oxigraph server, then SPARQL served from each.
bench-build: install
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python -m tests.bench.bench_build --articles $(or $(BUILD_ARTICLES),10000)

# The write API on a large store: start-up, and how soon each of 20 POSTs is seen in SPARQL, pages and search.
bench-writes: install
	$(BIN)/python -m tests.bench.bench_writes --articles $(or $(WRITES_ARTICLES),20000)
	$(BIN)/python -m tests.bench.bench_writes --articles $(or $(WRITES_ARTICLES),20000) --remote

# 2,000 articles built with the local pool, then through Dask on one and on two local workers; the writer alone.
bench-cluster: install
	$(BIN)/python -m tests.bench.bench_cluster --articles $(or $(CLUSTER_ARTICLES),2000)

# Heavy queries sent without pause by 4, then 16, clients: what light SPARQL and pages keep, lanes on and off.
bench-abuse: install
	$(BIN)/python -m tests.bench.bench_abuse --seconds $(or $(ABUSE_SECONDS),20)

# Ten minutes of mixed load with writes: throughput, errors, p99 and memory every 30 s; fails if memory grows.
soak: install
	$(BIN)/python -m tests.bench.soak --minutes $(or $(SOAK_MINUTES),10)

clean:
	rm -rf $(STORE) .pytest_cache .mypy_cache .ruff_cache
