# Two commands do all the set-up on a fresh machine with Python 3.11+ and make:
#   make play   creates .venv, installs the dojo (only what the game needs), starts the game
#   make test   creates .venv, installs the dojo with its test tools, runs every test
#   make serve  (optional) adds the `web` extra and serves the game in a browser (`dojo serve`)
# Each set-up has its own stamp, so `make test` after `make play` adds the test tools, and
# `make play` after `make test` installs nothing more (the test set-up includes the game's).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PLAY_STAMP := $(VENV)/.installed-play
TEST_STAMP := $(VENV)/.installed-test
SERVE_STAMP := $(VENV)/.installed-serve
BUILD_FILES := pyproject.toml setup.py

.PHONY: play serve test lint bench install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# the game: `pip install -e .`
$(PLAY_STAMP): $(BUILD_FILES) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(PLAY_STAMP)

# the game and the development tools (pytest, hypothesis, numpy, ruff, mypy, ...): `pip install -e '.[dev]'`;
# it covers the game's set-up too, so it marks that one done as well
$(TEST_STAMP): $(BUILD_FILES) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(TEST_STAMP) $(PLAY_STAMP) $(SERVE_STAMP)

# the game in a web browser: the game and the `web` extra (textual-serve): `pip install -e '.[web]'`
$(SERVE_STAMP): $(BUILD_FILES) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[web]'
	touch $(SERVE_STAMP) $(PLAY_STAMP)

install: $(TEST_STAMP)

play: $(PLAY_STAMP)
	$(BIN)/dojo $(ARGS)

# `make serve ARGS="--port 8080"`: `dojo serve` (loopback only unless --host; see the README)
serve: $(SERVE_STAMP)
	$(BIN)/dojo serve $(ARGS)

# lint and types first (settings in pyproject.toml), then every test
lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

bench: $(TEST_STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
