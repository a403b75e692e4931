# sunshine_analysis — `make` alone lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
YEAR   ?= 2020

.DEFAULT_GOAL := help
.PHONY: help venv report test lab lint format bench demo-data clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

venv: $(STAMP) ## Create .venv and install the package (editable) with its dependencies

report: $(STAMP) ## Build the July report into reports/YEAR/ (YEAR=2020, the sample year, by default)
	$(BIN)/sunshine report --year $(YEAR)

test: $(STAMP) ## Run the whole test suite
	$(BIN)/python -m pytest

lab: $(STAMP) ## Open JupyterLab on the notebooks with the package importable
	$(BIN)/jupyter lab sunshine_analysis/notebooks/

lint: $(STAMP) ## Check lint and formatting with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP) ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP) ## Run every benchmark and print their ratios against the targets
	$(BIN)/python -m benchmarks

demo-data: $(STAMP) ## Regenerate the committed sample years (2019, 2020) from their fixed seeds
	rm -rf data/raw/2019 data/raw/2020
	$(BIN)/sunshine demo-data 2019 data/raw/2019 --seed 2019
	$(BIN)/sunshine demo-data 2020 data/raw/2020 --seed 2020

clean: ## Remove generated outputs (data/processed, reports), keep .venv
	find data/processed reports -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
