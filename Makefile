# Two commands do all set-up on a fresh machine:
#   make run    serve Hygeia on the embedded default (SQLite in instance/, jobs in-process, no Redis)
#   make test   run the whole test suite (PostgreSQL and Redis when reachable, else SQLite)
VENV ?= .venv
PYTHON ?= python3
EXTRAS ?= dev,xray,server
BIN = $(VENV)/bin

.PHONY: install run test worker scheduler clean

$(VENV)/.installed: setup.py constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e ".[$(EXTRAS)]"
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/flask --app wsgi db upgrade
	$(BIN)/flask --app wsgi run --host 127.0.0.1 --port 5000

test: install
	$(BIN)/pytest -q

worker: install
	$(BIN)/flask --app wsgi worker

scheduler: install
	$(BIN)/flask --app wsgi scheduler

clean:
	rm -rf $(VENV) .pytest_cache
