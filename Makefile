# The commands the README names. Each target does its own set-up.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RESULTS := results

.PHONY: demo test lint docs utest atest bench setup browser js-clients clean

# A virtual environment with the library and its test tools, re-made when
# pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed browser js-clients

# A browser: Playwright's own build or a system Chromium. As root, Debian's
# chromium (and chromium-driver, for the SeleniumLibrary tests) is installed
# when missing; otherwise the message says what to do.
browser:
	@sh tools/ensure-browser.sh

# The browser clients of the protocol tests and demo (socket.io-client,
# graphql-ws) from npm, into tools/js-clients/node_modules (git-ignored);
# the pages load their browser builds from there.
JS_CLIENTS := tools/js-clients
$(JS_CLIENTS)/node_modules/.installed: $(JS_CLIENTS)/package.json $(JS_CLIENTS)/package-lock.json
	cd $(JS_CLIENTS) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

js-clients: $(JS_CLIENTS)/node_modules/.installed

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
