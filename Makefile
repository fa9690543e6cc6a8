# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PREFECT_SERVER_ANALYTICS_ENABLED := false

# Debian packages some tests need: a browser for the web and report tests, Tesseract with its
# Vietnamese model for scanned PDFs, LibreOffice for .doc/.rtf/.odt, fonts with Vietnamese glyphs.
DEBIAN_PACKAGES := chromium chromium-driver tesseract-ocr tesseract-ocr-vie libreoffice-writer-nogui \
	fonts-liberation2 fonts-dejavu-core

.PHONY: run test lint eval bench bench-quick soak clean corpus system-deps

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

# Ingest the sample corpus into outputs/ntm.db, show what was found, cross-check it and write
# the inspection report (outputs/report.html) and the task register (outputs/tasks.xlsx).
run: $(STAMP)
	$(BIN)/ntm ingest corpus/ ; status=$$?; $(BIN)/ntm list; \
	$(BIN)/ntm report --out outputs/report.html || status=1; exit $$status

test: $(STAMP) system-deps lint
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .

# Installs what is missing when run as root (CI, a fresh machine); otherwise says what to install
# and the tests that need it skip with that reason.
system-deps:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing Debian packages:" $$missing; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else echo "missing Debian packages (their tests will skip): sudo apt-get install" $$missing; fi

# Score the extraction records against gold (needs ../shared: the scorer and the documents): the
# seeds, the real documents of ../shared/realdocs (our gold: eval/gold/realdocs), the invented
# held-out set (tests/fixtures/heldout), the invented news articles (tests/fixtures/news) and the
# invented formal texts as legal-document sites publish them (tests/fixtures/legal).
SCORE := $(PYTHON) ../shared/eval/score.py
NTM_EXTRACT := "$(CURDIR)/$(BIN)/ntm extract {file} --json"
eval: $(STAMP)
	@test -f ../shared/eval/score.py || { echo "make eval needs ../shared (the scorer and the documents)"; exit 2; }
	@echo "== seeds"; $(SCORE) --gold ../shared/eval/gold --docs ../shared/seeds --cmd $(NTM_EXTRACT)
	@echo "== realdocs"; $(SCORE) --gold eval/gold/realdocs --docs ../shared/realdocs --cmd $(NTM_EXTRACT) --json outputs/eval-realdocs.json
	@echo "== heldout"; $(SCORE) --gold tests/fixtures/heldout/gold --docs tests/fixtures/heldout/docs --cmd $(NTM_EXTRACT)
	@echo "== news"; $(SCORE) --gold tests/fixtures/news/gold --docs tests/fixtures/news/docs --cmd $(NTM_EXTRACT)
	@echo "== legal"; $(SCORE) --gold tests/fixtures/legal/gold --docs tests/fixtures/legal/docs --cmd $(NTM_EXTRACT)
	@echo "== files"; $(SCORE) --gold tests/fixtures/files/gold --docs tests/fixtures/files/docs --cmd $(NTM_EXTRACT)

bench: $(STAMP)
	$(BIN)/python -m scripts.bench

bench-quick: $(STAMP)
	$(BIN)/python -m scripts.bench --quick

# Kills, concurrent ingests and web load, measured (scripts/soak.py); --latency adds the
# one-file ingest time with and without a running Prefect server.
soak: $(STAMP)
	$(BIN)/python -m scripts.soak --latency

# Regenerate corpus/ (TXT copies and DOCX/PDF renditions of the seeds).
corpus: $(STAMP)
	$(BIN)/python -m scripts.make_corpus

clean:
	rm -rf outputs/*.db outputs/*.db-* outputs/bench*
