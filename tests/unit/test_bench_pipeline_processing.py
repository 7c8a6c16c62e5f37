"""Reading each service's processing time back from the functions' JSON logs (bench/pipeline_processing.py)."""

from __future__ import annotations

import json
from pathlib import Path

from bench.pipeline_processing import figures, processing


def processed(flow: str, event_type: str, ms: float, span: str) -> str:
    return json.dumps({"message": "event processed", "correlation_id": flow, "event_type": event_type,
                       "duration_ms": ms, "logging.googleapis.com/spanId": span})


def prepare_span(parent: str, ms: float) -> str:
    return json.dumps({"message": "span", "span": "prepare", "duration_ms": ms, "parent_span_id": parent})


def test_processing_keeps_the_flows_and_event_type_asked_for_and_their_prepare_spans() -> None:
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
    assert processing(lines, "CandidateRegistered", {"f1", "f2"}) == ([40.0, 50.0], [12.5, 14.0])


def test_figures_name_each_hop_p50_and_skip_a_function_without_a_log(tmp_path: Path) -> None:
    (tmp_path / "candidate_profile.log").write_text("\n".join([
        processed("f1", "CandidateRegistered", 30.0, "a"), prepare_span("a", 10.0),
        processed("f2", "CandidateRegistered", 50.0, "b"), prepare_span("b", 20.0),
        processed("f3", "CandidateRegistered", 70.0, "c"), prepare_span("c", 30.0)]) + "\n")
    (tmp_path / "job_portal_events.log").write_text(processed("f1", "OpenJobsFound", 9.0, "d") + "\n")

    assert figures(tmp_path, {"f1", "f2", "f3"}) == {
        "pipeline_processing_candidate_profile_p50_ms": 50.0,
        "pipeline_processing_candidate_profile_prepare_p50_ms": 20.0,
        "pipeline_processing_job_portal_feed_p50_ms": 9.0,
    }
