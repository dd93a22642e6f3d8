# The commands the README names. Each target does its own set-up.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RESULTS := results

.PHONY: demo demos test lint docs utest atest bench dist setup browser js-clients clean

# The virtual environment; the library goes in by itself for the demo
# (.library) or with its test and packaging tools (.installed). Both are
# re-installed when pyproject.toml changes.
$(VENV)/.created:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	touch $@

$(VENV)/.library: pyproject.toml | $(VENV)/.created
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed: pyproject.toml | $(VENV)/.created
	$(PY) -m pip install --quiet -e '.[test,dist]'
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

# Only what the demo needs: the library and a browser.
demo: $(VENV)/.library browser
	$(PY) -m robot --outputdir $(RESULTS) --pythonpath examples examples/demo.robot

# Both demo suites (the tour and the protocol clients), so make test keeps
# the examples the README shows working.
demos: setup
	$(PY) -m robot --outputdir $(RESULTS)/demos --pythonpath examples \
		examples/demo.robot examples/protocols.robot examples/more_protocols.robot

lint: $(VENV)/.installed
	$(PY) -m ruff check WsRouteLibrary utest atest bench examples tools
	$(PY) -m robocop check --ignore-git-dir atest examples
	$(PY) -m mypy

docs: $(VENV)/.installed
	$(PY) tools/build_docs.py docs/WsRouteLibrary.html

utest: $(VENV)/.installed
	$(PY) -m pytest -q utest

atest: setup
	$(PY) atest/run.py

# The wheel and sdist in dist/, built here (no download) and checked as
# PyPI would check them; a deprecation warning of the build fails it too.
dist: $(VENV)/.installed
	rm -rf dist
	$(PY) -m build --no-isolation --outdir dist . >$(VENV)/build.log 2>&1 \
		|| { cat $(VENV)/build.log; exit 1; }
	@! grep -i -B2 -A8 deprecat $(VENV)/build.log
	$(PY) -m twine check --strict dist/*

test: setup lint docs utest dist demos atest

bench: setup
	$(PY) bench/run.py
	$(PY) bench/soak.py

clean:
	rm -rf $(VENV) $(RESULTS) docs/WsRouteLibrary.html
