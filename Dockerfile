# translit-api: the HTTP service in a slim Python 3.11 image.
#
#   docker build -t translit-api .          (or: podman build --format docker -t translit-api .)
#   docker run --rm -p 127.0.0.1:8000:8000 translit-api
#   docker run --rm -p 127.0.0.1:8000:8000 -e WEB_CONCURRENCY=2 \
#       -v "$PWD/my-glossary:/app/glossary:ro" translit-api
#
# Build secrets (both optional, never stored in a layer):
#   --secret id=ca,src=/etc/ssl/certs/ca-certificates.crt   a CA bundle for pip (TLS proxy)
#   --secret id=pipconf,src=FILE                            a pip.conf (index-url, ...)
# `make docker-test` builds this file unchanged with podman; see docs/container.md.
#
# Both stages must use the same base: /opt/venv/bin/python is a symlink to the base's
# python3 (/usr/local/bin/python3 in the official image, /usr/bin/python3 in Debian's).
ARG BASE_IMAGE=python:3.11-slim-bookworm

# ---------------------------------------------------------------------------------------------
FROM ${BASE_IMAGE} AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_ROOT_USER_ACTION=ignore \
    PATH=/opt/venv/bin:$PATH

RUN python3 -m venv /opt/venv

WORKDIR /src

# The dependencies alone first, so this layer is reused until pyproject.toml changes.
# Every dependency ships wheels for CPython 3.11 on Linux: no compiler is needed.
COPY pyproject.toml ./
RUN --mount=type=secret,id=ca --mount=type=secret,id=pipconf \
    set -eu; \
    if [ -s /run/secrets/ca ]; then export PIP_CERT=/run/secrets/ca; fi; \
    if [ -s /run/secrets/pipconf ]; then export PIP_CONFIG_FILE=/run/secrets/pipconf; fi; \
    python -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))' \
        > /tmp/requirements.txt; \
    pip install --no-cache-dir --only-binary=:all: -r /tmp/requirements.txt; \
    rm /tmp/requirements.txt

# Then the project itself (a regular, non-editable install into the venv).
COPY . ./
RUN --mount=type=secret,id=ca --mount=type=secret,id=pipconf \
    set -eu; \
    if [ -s /run/secrets/ca ]; then export PIP_CERT=/run/secrets/ca; fi; \
    if [ -s /run/secrets/pipconf ]; then export PIP_CONFIG_FILE=/run/secrets/pipconf; fi; \
    pip install --no-cache-dir --no-deps . ; \
    pip uninstall --yes pip setuptools

# Compile the baked glossary once, here, so a container is ready in about a second instead of
# compiling at every start. The cache is keyed by the glossary's content hash and the engine
# code, so a mounted glossary that differs simply compiles (and caches) its own lexicon.
RUN TRANSLIT_GLOSSARY_DIR=/src/glossary TRANSLIT_CACHE_DIR=/opt/lexicon-cache \
    python -c 'from translit_api import default_store; print(default_store().current())'

# ---------------------------------------------------------------------------------------------
FROM ${BASE_IMAGE}

RUN groupadd --gid 10001 translit \
    && useradd --uid 10001 --gid translit --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin translit

COPY --from=builder /opt/venv /opt/venv
# The glossary comes from the builder, not the context, so it is byte for byte the one the
# lexicon cache below was compiled from.
COPY --from=builder /src/glossary /app/glossary
COPY --from=builder --chown=10001:10001 /opt/lexicon-cache /var/cache/translit-api

# TRANSLIT_GLOSSARY_DIR: mount another glossary folder over /app/glossary, or point this at
# the mount. TRANSLIT_CACHE_DIR holds compiled lexicons; it is writable by the service user.
# WEB_CONCURRENCY: the number of uvicorn worker processes.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    TRANSLIT_GLOSSARY_DIR=/app/glossary \
    TRANSLIT_CACHE_DIR=/var/cache/translit-api \
    WEB_CONCURRENCY=1

WORKDIR /app
USER 10001:10001
EXPOSE 8000

# Liveness only (/healthz answers while the glossary still compiles); poll /readyz for
# readiness. The image has no curl: Python's standard library does the request.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

# uvicorn runs as PID 1 and handles SIGTERM itself: it stops accepting connections, lets
# in-flight requests finish (up to 30 s) and exits 0.
STOPSIGNAL SIGTERM
CMD ["translit-api", "serve", "--host", "0.0.0.0", "--port", "8000"]
