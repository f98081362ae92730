# Two commands do all set-up on a fresh machine:
#   make run    serve Hygeia on http://127.0.0.1:$(PORT) (SQLite in instance/, jobs in-process, no Redis)
#   make test   run the whole test suite (PostgreSQL and Redis when reachable, else SQLite)
# `make run` installs the server extra only: the X-ray plugin then reports itself degraded and answers
# uploads with how to install its extra (torch, MONAI). EXTRAS adds extras, installed when asked:
#   make run EXTRAS=xray     runs  pip install -c constraints.txt -e ".[xray]"  (with the server extra)
#   make run PORT=8000       serves on another port (default 5000)
# torch's CPU build by default: installing the xray extra adds PyTorch's CPU index when it answers
# (TORCH_CPU_INDEX, the same as TORCH_INDEX=https://download.pytorch.org/whl/cpu); where it does not, as
# on a mirror that serves the CPU build itself, pip's own index. A GPU host asks for CUDA torch with
# TORCH_INDEX= (empty: PyPI's Linux build) or TORCH_INDEX=https://download.pytorch.org/whl/cu128.
VENV ?= .venv
PYTHON ?= python3
EXTRAS ?=
PORT ?= 5000
TORCH_CPU_INDEX ?= https://download.pytorch.org/whl/cpu
TORCH_INDEX ?= $(shell curl -fsS -m 3 -o /dev/null $(TORCH_CPU_INDEX)/ 2>/dev/null && echo $(TORCH_CPU_INDEX))
TEST_EXTRAS ?= dev,xray,server
BIN = $(VENV)/bin

ifdef RUN_EXTRAS
$(error RUN_EXTRAS is now EXTRAS: make run EXTRAS=$(RUN_EXTRAS))
endif

comma := ,
empty :=
space := $(empty) $(empty)
# One stamp per set of extras (sorted, the server extra always in `make run`'s), so asking for another
# set installs it: .venv/.installed-server+xray
extras_set = $(sort $(subst $(comma),$(space),$(1)))
stamp = $(VENV)/.installed-$(subst $(space),+,$(call extras_set,$(1)))
RUN_STAMP = $(call stamp,server $(EXTRAS))
TEST_STAMP = $(call stamp,$(TEST_EXTRAS))
PIP_INDEX = $(if $(TORCH_INDEX),--extra-index-url $(TORCH_INDEX))

.PHONY: run test worker scheduler clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed-%: setup.py constraints.txt | $(BIN)/python
	$(strip $(BIN)/pip install -q -c constraints.txt $(if $(findstring xray,$*),$(PIP_INDEX)) -e) ".[$(subst +,$(comma),$*)]"
	touch $@

run: $(RUN_STAMP)
	$(BIN)/flask --app wsgi db upgrade
	$(BIN)/flask --app wsgi run --host 127.0.0.1 --port $(PORT)

test: $(TEST_STAMP)
	$(BIN)/pytest -q

worker: $(RUN_STAMP)
	$(BIN)/flask --app wsgi worker

scheduler: $(RUN_STAMP)
	$(BIN)/flask --app wsgi scheduler

clean:
	rm -rf $(VENV) .pytest_cache
