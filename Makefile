# The commands the README names. Each target does its own set-up.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RESULTS := results

.PHONY: demo demos test lint docs utest atest bench dist setup browser brokers js-clients clean \
	compat compat-lowest compat-newest

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

setup: $(VENV)/.installed browser brokers js-clients

# A browser: Playwright's own build or a system Chromium. As root, Debian's
# chromium (and chromium-driver, for the SeleniumLibrary tests) is installed
# when missing; otherwise the message says what to do.
browser:
	@sh tools/ensure-browser.sh

# RabbitMQ, the real broker of the STOMP and MQTT connected tests (each suite
# starts a private node on 127.0.0.1). As root, Debian's rabbitmq-server is
# installed when missing, its system service neither started nor enabled.
brokers:
	@sh tools/ensure-rabbitmq.sh

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

# The three demo suites (the tour, Socket.IO and graphql-ws, the four newer
# protocols), so make test keeps the examples the README shows working.
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
	$(call versions_line,$(PY),tested)
	$(PY) -m pytest -q utest

# The acceptance suites twice: with the fast path off and on (see atest/run.py).
atest: setup
	$(PY) atest/run.py --both

# The wheel and sdist in dist/, built here (no download) and checked as
# PyPI would check them; a deprecation warning of the build fails it too.
dist: $(VENV)/.installed
	rm -rf dist
	$(PY) -m build --no-isolation --outdir dist . >$(VENV)/build.log 2>&1 \
		|| { cat $(VENV)/build.log; exit 1; }
	@! grep -i -B2 -A8 deprecat $(VENV)/build.log
	$(PY) -m twine check --strict dist/*

# Compatibility: the unit tests, a few acceptance suites (smoke, connected
# closes, a plugins= plug-in) and libdoc with the lowest versions of the
# runtime dependencies pyproject.toml declares, each pinned to its minimum
# (uv's lowest-direct alone may lift one through a newer transitive
# dependency), and with the newest the registry serves. Both use the Chromium
# of 'make browser'. The venvs live in .venv-lowest/ and .venv-newest/ (uv in
# .venv-uv/): .venv-lowest is rebuilt when pyproject.toml changes,
# .venv-newest is upgraded on every run (a cached resolve takes seconds).
UV := .venv-uv/bin/uv
COMPAT_TOOLS := pytest websockets robotstatuschecker robotframework-robocop
COMPAT_SUITES := atest/core/smoke.robot atest/connected/close.robot atest/protocols/plugin.robot
COMPAT_RUNTIME := robotframework playwright robotframework-pythonlibcore regex websockets jsonschema \
	referencing PyYAML

$(UV):
	test -x .venv-uv/bin/python || $(PYTHON) -m venv .venv-uv
	.venv-uv/bin/python -m pip install --quiet uv
	touch $@

.venv-lowest/.installed: pyproject.toml | $(UV)
	rm -rf .venv-lowest
	$(UV) venv --quiet --python $(PYTHON) .venv-lowest
	.venv-lowest/bin/python -c 'import tomllib; \
		deps = tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]; \
		print("\n".join(d.replace(">=", "==") + ".*" for d in deps))' >.venv-lowest/minimums.txt
	VIRTUAL_ENV=$(CURDIR)/.venv-lowest $(UV) pip install --quiet --resolution lowest-direct \
		-r pyproject.toml -c .venv-lowest/minimums.txt
	VIRTUAL_ENV=$(CURDIR)/.venv-lowest $(UV) pip freeze >.venv-lowest/runtime.txt
	VIRTUAL_ENV=$(CURDIR)/.venv-lowest $(UV) pip install --quiet $(COMPAT_TOOLS) \
		-c .venv-lowest/runtime.txt
	touch $@

.venv-newest/.installed: | $(UV)
	test -x .venv-newest/bin/python || $(UV) venv --quiet --python $(PYTHON) .venv-newest
	touch $@

# The versions it tested, the unit tests, the suites and libdoc in venv $(1).
# The runtime versions a venv's Python $(1) tests, as one line headed $(2).
define versions_line
	@$(1) -c 'import sys; from importlib.metadata import version; \
		print("$(2):", ", ".join(f"{n} {version(n)}" for n in sys.argv[1:]))' \
		$(COMPAT_RUNTIME)
endef

define compat_run
	$(call versions_line,.venv-$(1)/bin/python,compat $(1))
	PYTHONPATH=$(CURDIR) .venv-$(1)/bin/python -m pytest -q -p no:cacheprovider utest
	PYTHONPATH=$(CURDIR) ATEST_NAME=compat-$(1) .venv-$(1)/bin/python atest/run.py --serial \
		$(COMPAT_SUITES)
	PYTHONPATH=$(CURDIR) .venv-$(1)/bin/python tools/build_docs.py \
		$(RESULTS)/compat-$(1)/WsRouteLibrary.html
endef

compat-lowest: .venv-lowest/.installed
	$(call compat_run,lowest)

compat-newest: .venv-newest/.installed
	VIRTUAL_ENV=$(CURDIR)/.venv-newest $(UV) pip install --quiet --upgrade \
		-r pyproject.toml $(COMPAT_TOOLS)
	$(call compat_run,newest)

compat: browser
	$(MAKE) compat-lowest
	$(MAKE) compat-newest

# make test runs the lowest versions; the newest are what a fresh clone's
# .venv installs, which every other step tests (utest prints them), so
# 'make compat' runs both only on request, for an older .venv.
test: setup lint docs utest dist demos compat-lowest atest

bench: setup
	$(PY) bench/run.py
	$(PY) bench/soak.py

clean:
	rm -rf $(VENV) .venv-uv .venv-lowest .venv-newest $(RESULTS) docs/WsRouteLibrary.html
