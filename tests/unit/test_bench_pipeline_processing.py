"""Reading each service's processing time back from the functions' JSON logs (bench/pipeline_processing.py)."""

from __future__ import annotations

import json
from pathlib import Path

from bench.pipeline_processing import figures, inside, log_entries


def processed(flow: str, event_type: str, ms: float, span: str) -> str:
    return json.dumps({"message": "event processed", "correlation_id": flow, "event_type": event_type,
                       "duration_ms": ms, "logging.googleapis.com/spanId": span})


def prepare_span(parent: str, ms: float) -> str:
    return json.dumps({"message": "span", "span": "prepare", "duration_ms": ms, "parent_span_id": parent})


def test_the_handlings_kept_are_the_flows_and_event_type_asked_for_with_their_prepare_spans() -> None:
    lines = [
        "a line some library printed",
        processed("f1", "CandidateRegistered", 40.0, "s1"),
        prepare_span("s1", 12.5),
        processed("f2", "CandidateRegistered", 50.0, "s2"),
        processed("other", "CandidateRegistered", 900.0, "s3"),  # the burst's, not a sequential flow
        prepare_span("s3", 800.0),
        processed("f1", "CandidateUpdated", 70.0, "s4"),
        prepare_span("s2", 14.0),  # spans come later than their handling's line (batched export)
        processed("f2", "CandidateRegistered", 300.0, "s5"),  # a later one of the same flow (a job's fan-out)
        prepare_span("s5", 100.0),
    ]
    assert inside(list(log_entries(lines)), "CandidateRegistered", {"f1", "f2"}, "prepare") == [(40.0, 12.5),
                                                                                               (50.0, 14.0)]


def test_figures_name_each_hop_p50_and_skip_a_function_without_a_log(tmp_path: Path) -> None:
    (tmp_path / "candidate_profile.log").write_text("\n".join([
        processed("f1", "CandidateRegistered", 30.0, "a"), prepare_span("a", 10.0),
        processed("f2", "CandidateRegistered", 50.0, "b"), prepare_span("b", 20.0),
        processed("f3", "CandidateRegistered", 70.0, "c"), prepare_span("c", 30.0)]) + "\n")
    (tmp_path / "job_portal_events.log").write_text(processed("f1", "OpenJobsFound", 9.0, "d") + "\n")

    assert figures(tmp_path, {"f1", "f2", "f3"}) == {
        "pipeline_processing_candidate_profile_p50_ms": 50.0,
        "pipeline_processing_candidate_profile_prepare_p50_ms": 20.0,
        "pipeline_processing_candidate_profile_beside_prepare_p50_ms": 30.0,
        "pipeline_processing_job_portal_feed_p50_ms": 9.0,
    }


def span(name: str, span_id: str, parent: str, ms: float) -> str:
    return json.dumps({"message": "span", "span": name, "duration_ms": ms, "parent_span_id": parent,
                       "logging.googleapis.com/spanId": span_id})


def test_a_span_is_found_at_any_depth_under_its_handling_and_reported_beside_it(tmp_path: Path) -> None:
    """Notification's SendGrid request is a span inside its `after` span, inside the handling's."""
    (tmp_path / "notification.log").write_text("\n".join([
        processed("f1", "OpenJobsFound", 24.0, "h1"),
        span("sendgrid", "g1", "a1", 4.0), span("after", "a1", "h1", 12.0), span("relay", "r1", "h1", 2.0),
        processed("f2", "OpenJobsFound", 30.0, "h2"),
        span("sendgrid", "g2", "a2", 6.0), span("after", "a2", "h2", 14.0),
        processed("f3", "OpenJobsFound", 8.0, "h3"),  # window open: nothing sent, no sendgrid span
        span("sendgrid", "g9", "a9", 500.0), span("after", "a9", "other", 510.0),  # another handling's
    ]) + "\n")

    assert figures(tmp_path, {"f1", "f2", "f3"}) == {
        "pipeline_processing_notification_email_p50_ms": 24.0,
        "pipeline_processing_notification_email_sendgrid_p50_ms": 5.0,
        "pipeline_processing_notification_email_beside_sendgrid_p50_ms": 22.0,
    }


def handled(flow: str, event_type: str, ms: float, at: str) -> str:
    return json.dumps({"message": "event processed", "correlation_id": flow, "event_type": event_type,
                       "duration_ms": ms, "time": at})


def test_the_broker_wait_runs_from_the_publishing_handler_ending_to_the_next_one_starting(tmp_path: Path) -> None:
    (tmp_path / "candidate_profile.log").write_text("\n".join([
        handled("f1", "CandidateRegistered", 30.0, "2026-11-27T10:00:00.100000+00:00"),
        handled("f2", "CandidateRegistered", 30.0, "2026-11-27T10:00:01.100000+00:00"),
        handled("f3", "CandidateRegistered", 30.0, "2026-11-27T10:00:02.100000+00:00"),  # Recommendation never saw it
    ]) + "\n")
    (tmp_path / "job_recommendation.log").write_text("\n".join([
        # started 20 ms after f1's Profile handler ended (0.150 - 0.030 = 0.120)
        handled("f1", "ProfileCreated", 30.0, "2026-11-27T10:00:00.150000+00:00"),
        # started 40 ms after; a later handling of the same flow (a fan-out) does not count
        handled("f2", "ProfileCreated", 10.0, "2026-11-27T10:00:01.150000+00:00"),
        handled("f2", "ProfileCreated", 10.0, "2026-11-27T10:00:09.000000+00:00"),
    ]) + "\n")

    out = figures(tmp_path, {"f1", "f2", "f3"})

    assert out["pipeline_broker_profile_created_p50_ms"] == 30.0  # the median of 20 and 40
    assert not any(name.startswith("pipeline_broker_open_jobs_found") for name in out)  # no Portal or Notification log
