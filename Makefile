# The two commands of the README: `make run` and `make test`. Both create .venv if missing.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
N ?= 20000

.PHONY: run test bench install clean screenshots translations

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Qt translations: the .ts files are kept in the repository, the .qm files are built here with
# PySide6's lrelease (they ship in the wheel as marginalia.resources/translations/*.qm).
TS := $(wildcard resources/translations/*.ts)
QM := $(TS:.ts=.qm)

resources/translations/%.qm: resources/translations/%.ts | $(STAMP)
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

translations: $(QM)

install: $(STAMP) $(QM)

run: $(STAMP) $(QM)
	$(VENV)/bin/marginalia $(ARGS)

test: $(STAMP) $(QM)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(PYTEST_ARGS)

bench: $(STAMP)
	$(PY) tests/bench/run_all.py --n $(N)

screenshots: $(STAMP) $(QM)
	$(PY) tests/bench/screenshots.py

clean:
	rm -rf $(VENV) build dist *.egg-info desktop/*.egg-info
