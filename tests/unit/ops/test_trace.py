"""`ops trace` splits each hop into broker time and processing time from the event log and the markers."""

from __future__ import annotations

from datetime import UTC, datetime

from ops.trace import Handling, Hop, handling, render

SOURCES = {"candidate_profile": "candidate_profile", "job_portal_events": "job_portal", "notification": "notification"}


def logged(event_id: str, event_type: str, producer: str, published_at: str, causation_id: str | None = None) -> dict:
    return {"event_id": event_id, "event_type": event_type, "producer": producer, "published_at": published_at,
            "causation_id": causation_id}


def at(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp).replace(tzinfo=UTC)


REGISTERED = logged("e1", "CandidateRegistered", "job_portal", "2026-03-01T10:00:00.000Z")
PROFILED = logged("e2", "ProfileCreated", "candidate_profile", "2026-03-01T10:00:00.250Z", causation_id="e1")


def test_processing_runs_to_the_publish_of_the_event_the_consumer_caused() -> None:
    markers = {"candidate_profile": {"started_at": at("2026-03-01T10:00:00.040"), "at": at("2026-03-01T10:00:00.200")}}

    [found] = handling(REGISTERED, markers, [REGISTERED, PROFILED], SOURCES)

    assert found == Handling("candidate_profile", broker_ms=40.0, processing_ms=210.0, until="ProfileCreated published")


def test_a_consumer_that_caused_nothing_is_measured_to_its_commit() -> None:
    markers = {"job_portal_events": {"started_at": at("2026-03-01T10:00:00.300"), "at": at("2026-03-01T10:00:00.312")}}

    [found] = handling(PROFILED, markers, [REGISTERED, PROFILED], SOURCES)

    assert found == Handling("job_portal_events", broker_ms=50.0, processing_ms=12.0, until="commit")


def test_an_event_another_service_caused_is_not_taken_for_the_consumers_own() -> None:
    from_elsewhere = logged("e3", "NotificationSent", "notification", "2026-03-01T10:00:01.000Z", causation_id="e1")
    markers = {"candidate_profile": {"started_at": at("2026-03-01T10:00:00.100"), "at": at("2026-03-01T10:00:00.900")}}

    [found] = handling(REGISTERED, markers, [REGISTERED, from_elsewhere], SOURCES)

    assert (found.broker_ms, found.processing_ms, found.until) == (100.0, 800.0, "commit")


def test_markers_written_before_they_carried_a_start_are_left_out() -> None:
    assert handling(REGISTERED, {"candidate_profile": {"at": at("2026-03-01T10:00:00.200")}}, [REGISTERED],
                    SOURCES) == []


def test_the_timeline_shows_each_consumers_share_under_its_event() -> None:
    hop = Hop(at("2026-03-01T10:00:00"), "CandidateRegistered", "job_portal", ["candidate_profile"], "", "e1",
              [Handling("candidate_profile", 40.0, 210.0, "ProfileCreated published")])

    lines = render([hop], [])

    assert "candidate_profile: broker 40 ms, processing 210 ms (to ProfileCreated published)" in lines[1]
    assert lines[-1] == "1 events, 0 dead letters, 0 emails sent"
