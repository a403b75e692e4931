# sunshine_analysis — `make` alone lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The year `make report` builds; by default the newest year under data/raw/.
YEAR   ?=
# Every package .venv gets, pinned with its hashes; `make lock` rewrites it from pyproject.toml.
LOCK   := requirements.lock
# The resolver `make lock` runs, in a venv of its own (.venv-lock/), never in .venv.
UV     := uv==0.13.8

.DEFAULT_GOAL := help
.PHONY: help venv lock report test lab lint format bench demo-data clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# The lock is installed as it is (pip itself and setuptools included): nothing is resolved, and a
# file whose hash is not in the lock is refused. The package goes on top, editable, built by the
# locked setuptools without fetching anything.
$(STAMP): $(LOCK) pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

venv: $(STAMP) ## Create .venv: the packages pinned in requirements.lock, then this one (editable)

# Resolves pyproject.toml's dependencies with the extras dev and sample, its build-system
# requires and pip, for every platform and every Python >= requires-python (--universal), with
# the hashes of every file. Versions already in the lock are kept while pyproject.toml allows
# them; UPGRADE=1 takes the newest release of everything.
lock: ## Rewrite requirements.lock from pyproject.toml (keeps pins; UPGRADE=1 takes the newest)
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet $(UV)
	{ echo pip; $(PYTHON) -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"], sep="\n")'; } \
	  | .venv-lock/bin/uv pip compile pyproject.toml - --extra dev --extra sample --universal \
	    --generate-hashes $(if $(UPGRADE),--upgrade) --custom-compile-command "make lock" \
	    --quiet --output-file $(LOCK)

report: $(STAMP) ## Build the July report into reports/<year>/ (the newest year in data/raw/, or YEAR=2021)
	$(BIN)/sunshine report $(if $(YEAR),--year $(YEAR))

test: $(STAMP) ## Run the whole test suite
	$(BIN)/python -m pytest

lab: $(STAMP) ## Open JupyterLab on the notebooks (any user, root too; options in LAB_ARGS="--no-browser …")
	$(BIN)/jupyter lab sunshine_analysis/notebooks/ $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

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
