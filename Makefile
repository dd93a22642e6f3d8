# The commands the README names. Each target does its own set-up.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RESULTS := results

.PHONY: demo test lint docs utest atest bench setup browser clean

# A virtual environment with the library and its test tools, re-made when
# pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed browser

# A browser: Playwright's own build or a system Chromium. As root, Debian's
# chromium (and chromium-driver, for the SeleniumLibrary tests) is installed
# when missing; otherwise the message says what to do.
browser:
	@sh tools/ensure-browser.sh

demo: setup
	$(PY) -m robot --outputdir $(RESULTS) --pythonpath examples examples/demo.robot

lint: $(VENV)/.installed
	$(PY) -m ruff check WsRouteLibrary utest atest bench examples tools
	$(PY) -m robocop check --ignore-git-dir atest examples

docs: $(VENV)/.installed
	$(PY) tools/build_docs.py docs/WsRouteLibrary.html

utest: $(VENV)/.installed
	$(PY) -m pytest -q utest

atest: setup
	$(PY) atest/run.py

test: setup lint docs utest atest

bench: setup
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) $(RESULTS) docs/WsRouteLibrary.html
