"""Schemathesis against the app's OpenAPI schema: no server errors, responses match the schema.

Bounded: a few generated examples per operation (well under a minute). The
operations are driven with Hypothesis directly, one test per operation.
"""

from __future__ import annotations

import shutil

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from storytrace.server import create_app

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance,
          content_type_conformance]
TOKEN = "t0ken"


@pytest.fixture(scope="module")
def api_schema(seeds_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("schema") / "copy.db"
    shutil.copy(seeds_db, db)
    app = create_app(db, allow_writes=True, token=TOKEN)
    return schemathesis.openapi.from_asgi("/api/openapi.json", app)


def _operations(schema):
    return [r.ok() for r in schema.get_all_operations()]


def test_every_route_is_in_the_schema(api_schema):
    paths = {op.path for op in _operations(api_schema)}
    assert {"/api/articles", "/api/articles/{article_id}", "/api/search", "/api/overview",
            "/api/stories", "/api/quote-groups", "/api/figure-series"} <= paths


@pytest.mark.parametrize("authorised", [False, True], ids=["anonymous", "with-token"])
def test_api_conforms_to_its_schema(api_schema, authorised):
    for op in _operations(api_schema):

        @given(case=op.as_strategy())
        @settings(max_examples=4, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            if authorised:
                case.headers = {**(case.headers or {}), "Authorization": f"Bearer {TOKEN}"}
            case.call_and_validate(checks=CHECKS)

        run()
