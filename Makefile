# The two commands of the README: `make run` and `make test`. Both create .venv if missing.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
N ?= 20000

.PHONY: run test bench install clean screenshots translations wheel smoke package install-desktop-entry

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

# `make test SMOKE=no PYTEST_ARGS=tests/ui` runs a part of the suite without the wheel smoke test.
SMOKE ?= yes
test: $(STAMP) $(QM)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(PYTEST_ARGS)
	@if [ "$(SMOKE)" != no ]; then $(MAKE) --no-print-directory smoke; fi

bench: $(STAMP)
	$(PY) tests/bench/run_all.py --n $(N)

screenshots: $(STAMP) $(QM)
	$(PY) tests/bench/screenshots.py

# The wheel: dist/marginalia-<version>-py3-none-any.whl with every run-time resource (icons, desktop
# entry, metainfo, samples, compiled translations), checked by packaging/check_wheel.py. build/lib
# is removed first so a file deleted from the tree never lingers in the wheel.
VERSION := $(shell sed -n 's/^__version__ = "\(.*\)"/\1/p' desktop/marginalia/__init__.py)
WHEEL := dist/marginalia-$(VERSION)-py3-none-any.whl

wheel: $(STAMP) $(QM)
	rm -rf build/lib build/bdist.* dist/marginalia-*.whl
	mkdir -p build
	$(PY) -m pip wheel --no-deps --wheel-dir dist . >build/wheel.log 2>&1 || { cat build/wheel.log; exit 1; }
	$(PY) packaging/check_wheel.py $(WHEEL)

# Smoke test of the wheel as a new user gets it: a fresh venv in a temporary folder, pip install
# of the wheel (no -e, no source tree on sys.path), then the CLI and the window offscreen.
smoke: wheel
	$(PYTHON) tests/smoke/smoke_wheel.py $(WHEEL)

# A one-folder app built with PyInstaller from the wheel (not part of `make test`: it is slow).
PKG_VENV := build/package-venv
package: wheel
	test -x $(PKG_VENV)/bin/python || $(PYTHON) -m venv $(PKG_VENV)
	$(PKG_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(PKG_VENV)/bin/python -m pip install --quiet $(WHEEL) -r packaging/requirements-build.txt
	$(PKG_VENV)/bin/python -m pip install --quiet --force-reinstall --no-deps $(WHEEL)
	rm -rf dist/Marginalia
	$(PKG_VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/marginalia.spec
	packaging/verify-package.sh dist/Marginalia

install-desktop-entry:
	packaging/install-desktop-entry.sh

clean:
	rm -rf $(VENV) build dist *.egg-info desktop/*.egg-info
