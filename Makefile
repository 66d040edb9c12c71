# thidua — two commands: `make run` (demo) and `make test` (whole suite).
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
DEMO_SIZE ?= province
HOST ?= 127.0.0.1
PORT ?= 8000

# The first of python3.13, python3.12, python3 whose version is >= 3.12 (pyenv installs count too).
PYTHON := $(shell for p in python3.13 python3.12 python3 $$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -r); do \
  if $$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then echo $$p; break; fi; done)

.PHONY: run test e2e bench lint format venv migrate demo clean

$(BIN)/.installed: requirements.lock pyproject.toml
	@test -n "$(PYTHON)" || { echo "Cần Python >= 3.12 (python3.13, python3.12 hoặc python3)."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $@

venv: $(BIN)/.installed

migrate: venv
	DEBUG=1 $(BIN)/python manage.py migrate --noinput

demo: migrate
	DEBUG=1 $(BIN)/python manage.py seed_demo --size $(DEMO_SIZE) --if-empty

run: demo
	@DEBUG=1 $(BIN)/python manage.py demo_logins --url http://$(HOST):$(PORT)
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: venv
	$(BIN)/python -m pytest -n 2 -m "not e2e and not bench"
	@if [ -x /usr/bin/chromium ]; then $(MAKE) --no-print-directory e2e; \
	else echo "!! /usr/bin/chromium không có: KHÔNG chạy kiểm thử trình duyệt (cài: apt-get install -y chromium; rồi make e2e)"; fi

e2e: venv
	$(BIN)/python -m pytest -m e2e -p no:randomly

bench: venv
	$(BIN)/python -m pytest -m bench -s

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles
