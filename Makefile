# plansift: `make demo` runs the main job on the bundled samples; `make test` runs the checks.
# Both create .venv and install what they need on a fresh clone (only Python >= 3.11 and make required).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= out

.PHONY: demo test lint format evaluate bench system-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-demo: pyproject.toml setup.py plansift/extractors/_pdfwords.c | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[report]'
	touch $@

$(VENV)/.installed-test: pyproject.toml setup.py plansift/extractors/_pdfwords.c | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-demo

demo: $(VENV)/.installed-demo
	$(BIN)/plansift extract samples/ --out $(OUT)/
	$(BIN)/plansift report $(OUT)/ --html $(OUT)/report.html

test: $(VENV)/.installed-test
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

evaluate: $(VENV)/.installed-demo
	$(BIN)/plansift evaluate samples/ --gold gold/

lint: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Optional system tools the full test suite exercises (tests skip cleanly without them):
# headless Chromium (report test), PostgreSQL (SQL round trip), LibreOffice (.doc/.rtf/.odt),
# tesseract + ocrmypdf (scanned PDFs). Debian/Ubuntu, as root; CI runs this before `make test`.
system-deps:
	@if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			chromium postgresql libreoffice-writer-nogui libreoffice-calc-nogui ocrmypdf tesseract-ocr tesseract-ocr-eng >/dev/null \
			|| echo "system-deps: some packages could not be installed; the tests that need them will skip"; \
	else echo "system-deps: not root on Debian/Ubuntu; skipping (the tests that need these tools will skip)"; fi

bench: $(VENV)/.installed-test
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/run.py --n 50

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache build plansift/extractors/*.so
