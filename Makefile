# The README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: run test install dev browser lint typecheck pytest bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[web,batch]"
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

dev: $(VENV)/.dev-installed

## make run: install into .venv and evaluate the bundled example applicant
run: install
	$(BIN)/kodo evaluate examples/applicant.yaml

# The page's tests drive Debian's chromium with Playwright (which cannot download a browser here);
# the CJK font makes the Japanese and Chinese screenshots readable (the page itself loads no font).
CHROMIUM ?= /usr/bin/chromium
CJK_FONT ?= /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
APT = SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	$$SUDO apt-get install -y -q $(1) >/dev/null 2>&1 || \
	{ $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q $(1) >/dev/null; }
$(CHROMIUM):
	@command -v apt-get >/dev/null || { echo "make test needs $(CHROMIUM) (Debian package chromium)"; exit 1; }
	$(call APT,chromium)
$(CJK_FONT):
	-$(call APT,fonts-noto-cjk)

browser: $(CHROMIUM) $(CJK_FONT)

## make test: install the dev dependencies and chromium, then lint, type-check and run the whole suite
test: dev browser lint typecheck pytest

lint: dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: dev
	$(BIN)/mypy src

pytest: dev
	$(BIN)/pytest

bench: dev
	$(BIN)/python benchmarks/bench_evaluate.py
	$(BIN)/python benchmarks/bench_timeline.py
	$(BIN)/python benchmarks/bench_edge.py
	$(BIN)/python benchmarks/bench_web.py
	$(BIN)/python benchmarks/bench_scoring.py
	$(BIN)/python benchmarks/bench_batch.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
