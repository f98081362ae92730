"""Fuzz the app against its own OpenAPI spec with schemathesis (hypothesis underneath): every
operation of every enabled plugin, as a signed-in user or anonymously, with each answer checked
against the spec (status documented, body and headers matching their schemas, no 5xx).

Used by the CI test (a few examples per operation, derandomized) and by bench/fuzz_api.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

# schemathesis' not_a_server_error refuses every 5xx; a dependency outage must be a 503 with a clear
# reason (xray without weights, PubMed down), so server errors are judged by no_server_error below.
CHECKS = [status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]


class ServerError(AssertionError):
    pass


def no_server_error(response) -> None:
    """A 5xx is a failure unless it is a 503 in the one error shape that says what is unavailable."""
    if response.status_code < 500:
        return
    try:
        body = response.json()
    except ValueError:
        body = None
    explained = (response.status_code == 503 and isinstance(body, dict) and body.get("status") == 503
                 and body.get("error") and body.get("message"))
    if not explained:
        raise ServerError(f"server error {response.status_code}: {response.text[:500]}")


@dataclass
class FuzzReport:
    cases: int = 0
    operations: int = 0
    failures: list[str] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)


def fuzz(app, headers: Callable[[], dict] | None, max_examples: int, seed: int | None = 0,
         skip: Callable[[str, str], bool] = lambda method, path: False) -> FuzzReport:
    """Run ``max_examples`` generated cases per operation; ``headers()`` is called for each case
    (a fresh token when the last case logged out), None for anonymous calls."""
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    report = FuzzReport()
    for result in schema.get_all_operations():
        operation = result.ok()
        if skip(operation.method.upper(), operation.path):
            continue
        report.operations += 1

        @settings(max_examples=max_examples, deadline=None, database=None, derandomize=seed is not None,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
                  report_multiple_bugs=False)
        @given(case=operation.as_strategy())
        def run(case):
            report.cases += 1
            case.headers = {k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"}
            if headers:  # the spec's bearer scheme makes schemathesis invent a token: use a real one
                case.headers.update(headers())
            response = case.call()
            report.statuses[response.status_code] = report.statuses.get(response.status_code, 0) + 1
            no_server_error(response)
            case.validate_response(response, checks=CHECKS)

        try:
            run()
        except (Exception, BaseExceptionGroup) as failure:  # a check failed: keep the first message per operation
            report.failures.append(f"{operation.method.upper()} {operation.path}: {str(failure)[:1500]}")
    return report
