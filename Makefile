# Two commands on a fresh clone: `make demo` and `make test`. Each sets itself up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOME_DIR ?= data
STAMP  := $(VENV)/.installed-stamp
MANIFEST := dbt_project/target/manifest.json

.PHONY: install demo test run build dashboard dagster browser bench screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# dbt's manifest is what Dagster builds the asset graph from; parse whenever models change.
$(MANIFEST): $(STAMP) $(shell find dbt_project -name '*.sql' -o -name '*.yml' | grep -v target/)
	cd dbt_project && ../$(BIN)/dbt parse --quiet --profiles-dir . && touch target/manifest.json

install: $(STAMP) $(MANIFEST)

demo: install
	$(BIN)/maturity demo --home $(HOME_DIR)

browser:
	bash scripts/install-browser.sh

test: install browser
	$(BIN)/python -m pytest

run: install
	$(BIN)/maturity run --home $(HOME_DIR)

build: install
	$(BIN)/maturity build --home $(HOME_DIR)

dashboard: install
	$(BIN)/maturity dashboard --home $(HOME_DIR)

# The Dagster UI on this repository's definitions, with the project's instance settings.
dagster: install
	mkdir -p $(HOME_DIR)/.dagster && cp dagster.yaml $(HOME_DIR)/.dagster/dagster.yaml
	PATH=$(abspath $(BIN)):$$PATH DAGSTER_HOME=$(abspath $(HOME_DIR))/.dagster MATURITY_HOME=$(abspath $(HOME_DIR)) $(BIN)/dagster dev

bench: install browser
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/pipeline.py
	test -f $(HOME_DIR)/published/maturity.duckdb || $(MAKE) demo
	$(BIN)/python benchmarks/dashboard.py --home $(HOME_DIR)

# A PNG of every dashboard page from the demo (docs/screenshots/, shown in the README).
screenshots: install browser
	test -f $(HOME_DIR)/published/maturity.duckdb || $(MAKE) demo
	$(BIN)/python scripts/screenshots.py --home $(HOME_DIR)

clean:
	rm -rf $(VENV) dbt_project/target dbt_project/logs .pytest_cache
