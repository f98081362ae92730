"""schemathesis against the app's own spec, every enabled plugin, signed in and anonymous:
no 5xx and no answer that violates the spec. Bounded for CI (a fixed number of derandomized
examples per operation); bench/fuzz_api.py runs many more."""

from __future__ import annotations

import pytest

from tests.reliability.fuzzing import fuzz

EXAMPLES_PER_OPERATION = 8


@pytest.mark.parametrize("signed_in", [True, False], ids=["authenticated", "anonymous"])
def test_no_answer_breaks_the_spec_or_is_a_server_error(full_app, make_user, signed_in):
    headers = None
    if signed_in:
        users = [make_user()]

        def headers():
            return users[-1].headers

        # A case that logs out or deletes the account ends that user's tokens: the next case gets a fresh user.
        from flask import request_finished

        def renew(sender, response, **extra):
            from flask import request as current

            if response.status_code in (204,) and current.path in ("/api/auth/logout/", "/api/auth/logout-all/",
                                                                    "/api/profile/account/"):
                users.append(make_user())

        request_finished.connect(renew, full_app)
    report = fuzz(full_app, headers, EXAMPLES_PER_OPERATION)
    assert report.operations >= 40
    assert report.cases >= report.operations * 2
    print(f"\nfuzz: {report.operations} operations, {report.cases} cases, statuses {report.statuses}")
    assert report.failures == [], "\n\n".join(report.failures)
