"""One registration is one OpenTelemetry trace across every service: the Pub/Sub client writes the context into
the messages it publishes (googclient_traceparent), each consumer continues it, and the local stack exports the
spans to the functions' JSON logs next to the lines they trace."""

from __future__ import annotations

from typing import Any

from emulator.stack import Stack
from jobfeed import tracing
from tests.e2e.pipeline import emails_to, log_entries, new_email, post_jobs, python_job, register
from tests.polling import wait_for

CONSUMERS = {"candidate_profile": "candidate-registered", "job_recommendation": "profile-created",
             "job_portal_events": "open-jobs-found", "notification": "open-jobs-found", "event_log": "profile-created"}


def _spans(stack: Stack, function: str, trace: str) -> dict[str, dict[str, Any]]:
    return {e["span"]: e for e in log_entries(stack, function, message="span") if e[tracing.TRACE_FIELD] == trace}


def test_a_registration_is_one_trace_across_the_services_logs(stack: Stack) -> None:
    post_jobs(stack, [python_job()])
    address = new_email()
    response = register(stack, cadence="instant", email=address)
    assert response.status_code == 202, response.text
    correlation = response.json()["candidate_id"]  # the flow's correlation id
    wait_for(lambda: emails_to(stack, address), timeout=60, what="the instant email")

    handled = {function: [e for e in log_entries(stack, function, correlation_id=correlation)
                          if str(e["message"]).startswith("event ")] for function in CONSUMERS}
    assert all(handled.values()), {f: len(lines) for f, lines in handled.items()}
    traces = {line[tracing.TRACE_FIELD] for lines in handled.values() for line in lines}
    trace = tracing.log_trace(correlation.replace("-", ""))
    assert traces == {trace}
    assert all(tracing.SPAN_FIELD in line for lines in handled.values() for line in lines)

    # The spans themselves, exported in the background: each service's "<topic> process" span is the child of
    # the "<topic> create" span the publisher's Pub/Sub client opened, so the context crossed the broker.
    portal = wait_for(lambda: _spans(stack, "job_portal", trace).get("candidate-registered create") and
                      _spans(stack, "job_portal", trace), timeout=30, what="the Portal's publish span")
    profile = wait_for(lambda: _spans(stack, "candidate_profile", trace).get("profile-created create") and
                       _spans(stack, "candidate_profile", trace), timeout=30, what="Profile's spans")
    process = profile["candidate-registered process"]
    assert process["parent_span_id"] == portal["candidate-registered create"][tracing.SPAN_FIELD]
    assert {"decode", "prepare", "transaction", "relay"} <= set(profile)
    assert "duplicate check" not in profile  # a parse only reads: the commit's marker create() finds a redelivery
    for function, topic in CONSUMERS.items():
        spans = wait_for(lambda f=function, t=topic: _spans(stack, f, trace).get(f"{t} process") and
                         _spans(stack, f, trace), timeout=30, what=f"{function}'s {topic} process span")
        assert spans[f"{topic} process"][tracing.TRACE_FIELD] == trace
