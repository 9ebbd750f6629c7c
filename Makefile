# OpenEvents — `make run` and `make test` set everything up on a fresh machine (Python 3.11 + the package index).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PREFECT_PORT ?= 4200

export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_HOME := $(CURDIR)/.prefect
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS := 120

.PHONY: setup gazetteer run test serve bench eval lock clean help

help:
	@echo "make run    set up, then run the nightly flow once on the embedded sample"
	@echo "make test   set up, then run the test suite"
	@echo "make serve  Prefect server on 127.0.0.1:$(PREFECT_PORT) + the nightly deployment (cron 0 2 * * * UTC)"
	@echo "make bench  throughput and memory benchmarks"
	@echo "make eval   score the coder against ../shared/eval when present"
	@echo "make gazetteer  build the offline gazetteer into data/gazetteer/ (run and test do it first)"

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/prefect server database upgrade -y > /dev/null
	touch $(STAMP)

setup: $(STAMP)

gazetteer: setup
	$(BIN)/openevents gazetteer

run: gazetteer
	$(BIN)/openevents run

test: gazetteer
	$(BIN)/python -m pytest -n 2 -q

serve: setup
	$(BIN)/python -m flows.serve --port $(PREFECT_PORT)

bench: setup
	$(BIN)/python -m benchmarks

eval: setup
	$(BIN)/openevents eval

lock: setup
	$(BIN)/pip freeze --exclude-editable | grep -v '^openevents' > requirements.lock.new
	@echo "review requirements.lock.new, then move it over requirements.lock"

clean:
	rm -rf $(VENV) .prefect .pytest_cache .hypothesis
