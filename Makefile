# The two commands of the README contract: `make demo` and `make test`.
# Each sets itself up from nothing: a virtual environment in .venv with every package.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint install clean system-deps bench test-virtuoso serve web-assets

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The query editor of `danvan serve` (npm @zazuko/yasqe) into the git-ignored .web-assets/;
# without npm the editor is a plain text area.
web-assets:
	sh scripts/web-assets.sh

install: $(STAMP) web-assets

# The graph on the web at http://127.0.0.1:8000/ (docs/web.md); PORT=… to change it,
# DANVAN_EDITOR_TOKEN=… to let editors add records.
PORT ?= 8000
serve: $(STAMP) web-assets
	test -d .danvan/store || $(BIN)/danvan build
	$(BIN)/danvan serve --port $(PORT)

demo: $(STAMP)
	$(BIN)/danvan demo

# The benchmark (bench/run.py → docs/benchmarks.md); long, never part of `make test`.
# Quick mode: BENCH_SIZES=100k BENCH_RUNS=2 make bench (see bench/run.py for the knobs).
bench: $(STAMP)
	$(BIN)/python bench/run.py

system-deps:
	sh scripts/system-deps.sh

# One worker more than the machine has cores: a worker's test often waits on a process of
# its own (Chromium, `oxigraph serve`, a `danvan` subprocess), and the third worker uses
# the core meanwhile (2 cores: 130-134 s with three workers against 145 s with two, runs
# back to back; four were slower again, 152 s). At most 8, each worker building the
# session fixtures once.
# loadgroup: the tests marked xdist_group("…") share an expensive session fixture (the
# synthetic national graph, the in-memory build) and run on one worker, which builds it once.
WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); n=$$((n + 1)); [ $$n -gt 8 ] && n=8; echo $$n)
# PYTHONDONTWRITEBYTECODE emptied: where the environment sets it (this project's CI image
# does), no process of the run keeps what it compiled, and every worker and every `danvan`
# the tests start compiled the package and pytest rewrote every test module's asserts
# again (3-5 s of CPU a worker). The caches go to the git-ignored __pycache__ folders.
test: install system-deps
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n $(WORKERS) --dist loadgroup

# The remote-endpoint parity test against Virtuoso open source (tests/test_virtuoso.py);
# installs Debian's virtuoso-opensource if it is missing. Not part of `make test`.
test-virtuoso: $(STAMP)
	command -v virtuoso-t >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y virtuoso-opensource; }
	DANVAN_TEST_VIRTUOSO=1 $(BIN)/python -m pytest tests/test_virtuoso.py -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .danvan .pytest_cache .web-assets
