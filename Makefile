# Two commands do all set-up on a fresh machine:
#   make run    serve Hygeia on the embedded default (SQLite in instance/, jobs in-process, no Redis)
#   make test   run the whole test suite (PostgreSQL and Redis when reachable, else SQLite)
# `make run` leaves out the xray extra (torch): the X-ray plugin then reports itself degraded and
# answers uploads with how to install it. `make run RUN_EXTRAS=xray` installs it (CPU torch here).
VENV ?= .venv
PYTHON ?= python3
RUN_EXTRAS ?= server
TEST_EXTRAS ?= dev,xray,server
BIN = $(VENV)/bin

.PHONY: run test worker scheduler clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.run-installed: setup.py constraints.txt | $(BIN)/python
	$(BIN)/pip install -q -c constraints.txt -e ".[$(RUN_EXTRAS)]"
	touch $@

$(VENV)/.test-installed: setup.py constraints.txt | $(BIN)/python
	$(BIN)/pip install -q -c constraints.txt -e ".[$(TEST_EXTRAS)]"
	touch $@ $(VENV)/.run-installed

run: $(VENV)/.run-installed
	$(BIN)/flask --app wsgi db upgrade
	$(BIN)/flask --app wsgi run --host 127.0.0.1 --port 5000

test: $(VENV)/.test-installed
	$(BIN)/pytest -q

worker: $(VENV)/.run-installed
	$(BIN)/flask --app wsgi worker

scheduler: $(VENV)/.run-installed
	$(BIN)/flask --app wsgi scheduler

clean:
	rm -rf $(VENV) .pytest_cache
