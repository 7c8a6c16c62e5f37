"""The consent and abuse tests run against the Portal and Intake as production runs them: double opt-in and
rate limits on (the shared stack switches both off, tests/support/stacks.py). Only those two functions are
restarted with short settings, and restored afterwards, so the rest of the session is unaffected."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from emulator.stack import Stack

CONSENT_ENV = {
    "JOBFEED_DOUBLE_OPT_IN": "on",
    "JOBFEED_RATE_LIMITS": "on",
    # The tests stand in for the load balancer: the last X-Forwarded-For entry is the client (one trusted hop),
    # so each test is its own client and one test's counters never reach another's.
    "JOBFEED_CLIENT_ADDRESS_HOPS": "1",
    "JOBFEED_RATE_REGISTER_PER_CLIENT": "10/3600",
    "JOBFEED_RATE_REGISTER_PER_EMAIL": "5/3600",
    "JOBFEED_RATE_INTAKE_PER_CLIENT": "6/3600",
    "JOBFEED_CONFIRM_LINK_TTL_S": "25",  # the expiry test waits this out
    "JOBFEED_CONFIRM_RESEND_GAP_S": "3",
    "JOBFEED_CONFIRM_MAX_RESENDS": "2",
}
RESTARTED = ("job_portal", "job_intake")


@pytest.fixture(scope="package")
def consent_stack(stack: Stack) -> Iterator[Stack]:
    for name in RESTARTED:
        stack.restart(name, CONSENT_ENV)
    try:
        yield stack
    finally:
        for name in RESTARTED:
            stack.restart(name)
