"""Schema fuzzing: schemathesis generates requests from the service's own OpenAPI document,
valid and invalid, for every operation, and sends them to the real server. No answer may be
a server error, and every answer must match the schema (status documented, body shaped as
declared, content type as declared).

Bounded and deterministic: a fixed number of examples per operation, derandomized (the same
examples on every run), no example database."""

from __future__ import annotations

import logging

import httpx
import hypothesis
import schemathesis
from schemathesis import Case, checks

from translit_api.api.app import create_app
from translit_api.config import Settings

MAX_EXAMPLES = 100

FUZZ = hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(hypothesis.HealthCheck),
    phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate, hypothesis.Phase.shrink],
)


def _openapi() -> dict:
    """The OpenAPI document of the application, built in-process (no glossary is loaded)."""
    logger = logging.getLogger("translit_api")
    saved = (logger.handlers[:], logger.level, logger.propagate)
    try:
        return create_app(Settings()).openapi()
    finally:  # create_app configures logging for a server; leave pytest's alone
        logger.handlers[:], logger.level, logger.propagate = saved


OPENAPI = _openapi()
schema = schemathesis.openapi.from_dict(OPENAPI)


def test_the_server_serves_the_same_schema(client: httpx.Client) -> None:
    assert client.get("/openapi.json").json() == OPENAPI


@schema.parametrize()
@FUZZ
def test_every_operation_answers_within_its_schema(case: Case, server_url: str) -> None:
    excluded = []
    if case.operation.path == "/transliterate":
        # Which scheme exists for which language and direction is a catalogue (GET /schemes),
        # not a schema constraint: a schema-valid request can name a pair that does not exist
        # and is rightly refused with 422. Every other check still applies.
        excluded.append(checks.positive_data_acceptance)
    case.call_and_validate(base_url=server_url, excluded_checks=excluded, timeout=60)
