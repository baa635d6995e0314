# The README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: run test install dev browser fonts lint typecheck pytest bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[web,batch,pdf,mcp]"
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

dev: $(VENV)/.dev-installed

## make run: install into .venv and evaluate the bundled example applicant
run: install fonts
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

# kodo sheet embeds TrueType fonts (reportlab cannot embed Noto CJK's CFF outlines): IPAex Gothic
# for Japanese, WenQuanYi Zen Hei for Chinese reading aids; its tests read the PDFs back with
# poppler's pdftoppm and pdftotext.
JA_FONT ?= /usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf
ZH_FONT ?= /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc
PDFTOPPM ?= /usr/bin/pdftoppm
$(JA_FONT):
	-$(call APT,fonts-ipaexfont)
$(ZH_FONT):
	-$(call APT,fonts-wqy-zenhei)
$(PDFTOPPM):
	@command -v apt-get >/dev/null || { echo "make test needs $(PDFTOPPM) (Debian package poppler-utils)"; exit 1; }
	$(call APT,poppler-utils)

fonts: $(JA_FONT) $(ZH_FONT)

browser: $(CHROMIUM) $(CJK_FONT)

## make test: install the dev dependencies, chromium, poppler and the fonts, then lint, type-check
## and run the whole suite
test: dev browser fonts $(PDFTOPPM) lint typecheck pytest

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
