PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
STAMP  := $(VENV)/.installed

.PHONY: install run test lint check-glossary bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev,wagtail]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/translit-api serve --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/translit-api glossary check
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

# Benchmarks (bench/README.md): about 12 minutes; QUICK=1 for a two-minute variant. wrk is the
# HTTP load generator when it is installed (installed here from Debian when root); else httpx.
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	@command -v wrk >/dev/null || [ "$$(id -u)" != 0 ] || apt-get install -y -q wrk >/dev/null \
		|| { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; } \
		|| echo "wrk not installed: the HTTP benchmark uses the httpx load generator"
	$(BIN)/python -m bench $(if $(QUICK),--quick)

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .ruff_cache

# The container image: hadolint, then build the Dockerfile with podman (installed from Debian
# when missing) and run it for real; see scripts/docker-test.sh and docs/container.md.
.PHONY: docker-test lint-docker

docker-test: $(BIN)/python
	VENV=$(VENV) bash scripts/docker-test.sh

lint-docker: $(BIN)/python
	VENV=$(VENV) bash scripts/docker-test.sh --lint-only
