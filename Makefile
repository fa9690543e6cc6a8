# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: run test bench bench-quick clean corpus

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

# Ingest the sample corpus into outputs/ntm.db and show what was found.
run: $(STAMP)
	$(BIN)/ntm ingest corpus/ ; status=$$?; $(BIN)/ntm list; exit $$status

test: $(STAMP)
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python -m scripts.bench

bench-quick: $(STAMP)
	$(BIN)/python -m scripts.bench --quick

# Regenerate corpus/ (TXT copies and DOCX/PDF renditions of the seeds).
corpus: $(STAMP)
	$(BIN)/python -m scripts.make_corpus

clean:
	rm -rf outputs/*.db outputs/*.db-* outputs/bench*
