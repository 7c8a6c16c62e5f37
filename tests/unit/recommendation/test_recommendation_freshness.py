"""Which catch-up serves which event (freshness.py), and that IndexCache shares catch-ups by that rule: pure logic,
with a fake clock and a fake "changed since" query (no Firestore)."""

import threading
from datetime import timedelta
from typing import Any

import pytest

from job_recommendation.freshness import NEVER, Ask, Start, published, serves
from job_recommendation.store import JOBS, IndexCache

from .payloads import NOW, job

MARGIN, REUSE = timedelta(seconds=0.25), 0.5


def at(seconds: float, took: float = 0.0) -> Start:
    """A catch-up that started `seconds` into the test, on both clocks (the broker's clock agrees with ours)."""
    return Start(seconds, NOW + timedelta(seconds=seconds), took)


def ask(arrived: float, published_s: float | None) -> Ask:
    return Ask(arrived, None if published_s is None else NOW + timedelta(seconds=published_s))


@pytest.mark.parametrize(("start", "arrived", "published_s", "expected", "why"), [
    (at(8.0, took=2.0), 9.5, 7.0, True, "arrived while its 2 s query was in flight: waits for it"),
    (at(8.0, took=2.0), 10.1, 7.0, False, "arrived after that query ended, older than REUSE: a new one"),
    (at(8.0, took=0.1), 8.4, 7.0, True, "a quick query is reused for REUSE"),
    (at(8.0, took=2.0), 9.5, 7.9, False, "published within the margin of its start, however long it took"),
    (10.0, 9.0, None, True, "started after the ask: strict rule, no publish time needed"),
    (10.0, 10.0, None, True, "started at the ask"),
    (9.0, 10.0, None, False, "started before the ask, publish time unknown: always catch up"),
    (9.8, 10.0, 9.0, True, "started after publish + margin, 0.2 s before the ask"),
    (9.2, 10.0, 9.0, False, "started within the clock margin of publish: maybe before it"),
    (9.75, 10.0, 9.5, True, "started exactly at publish + margin"),
    (9.4, 10.0, 8.0, False, "started after publish but more than REUSE before the ask: too stale"),
    (9.5, 10.0, 8.0, True, "started exactly REUSE before the ask"),
    (9.9, 10.0, 9.9, False, "published after it started: the event's cause may be missing"),
])
def test_a_catch_up_serves_an_event_that_asked_before_it_or_was_published_before_it_and_arrived_soon(
        start: float | Start, arrived: float, published_s: float | None, expected: bool, why: str) -> None:
    started = start if isinstance(start, Start) else at(start)
    assert serves(started, ask(arrived, published_s), MARGIN, REUSE) is expected, why


def test_no_catch_up_serves_before_the_first_and_reuse_zero_keeps_only_the_strict_rule() -> None:
    assert not serves(NEVER, ask(0.0, -100.0), MARGIN, REUSE)
    assert not serves(at(9.9), ask(10.0, 5.0), MARGIN, reuse=0)
    assert serves(at(10.0), ask(10.0, 5.0), MARGIN, reuse=0)


@pytest.mark.parametrize("took", [0.0, 0.3, 2.0])
def test_of_catch_ups_that_took_as_long_the_newest_serves_whatever_an_older_one_serves(took: float) -> None:
    asks = [ask(a / 4, p / 4 if p is not None else None) for a in range(0, 40) for p in (None, *range(-8, 40, 3))]
    starts = [at(s / 8, took) for s in range(-8, 90)]
    for one in asks:
        served = [serves(s, one, MARGIN, REUSE) for s in starts]
        assert served == sorted(served), one  # False ... False True ... True


def test_publish_times_are_read_with_nanoseconds_and_anything_else_means_unknown() -> None:
    assert published("2026-03-02T12:00:01.123456789Z") == NOW + timedelta(seconds=1.123456)
    assert published("2026-03-02T12:00:00+00:00") == NOW
    assert published(None) is None and published("") is None
    assert published("yesterday") is None
    assert published("2026-03-02T12:00:00") is None  # no zone: cannot be compared safely


class Clock:
    """The test moves time; monotonic seconds and UTC wall time move together."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def monotonic(self) -> float:
        return self.seconds

    def wall(self) -> Any:
        return NOW + timedelta(seconds=self.seconds)

    def iso(self, seconds: float) -> str:
        return (NOW + timedelta(seconds=seconds)).isoformat().replace("+00:00", "Z")


class FakeQueries(IndexCache):
    """IndexCache whose "changed since" query is a list the test fills, optionally held open."""

    def __init__(self, clock: Clock) -> None:
        super().__init__(db=None, now=clock.wall, monotonic=clock.monotonic)  # type: ignore[arg-type]
        self.pending: list[dict[str, Any]] = []
        self.entered, self.release = threading.Event(), threading.Event()
        self.release.set()

    def _changed(self, collection: str, at: Any) -> list[dict[str, Any]]:
        self.entered.set()
        self.release.wait(10)
        found, self.pending = self.pending, []
        return found


def changed_job(job_id: str, seconds: float) -> dict[str, Any]:
    return {**job(job_id), "_id": job_id, "updated_at": NOW + timedelta(seconds=seconds)}


def query_in_flight(pending: list[dict[str, Any]] | None = None) -> tuple[Clock, FakeQueries, threading.Thread]:
    """A catch-up that went out at 10.0 for an event published at 9.0, held inside its query (finding `pending`)
    until the test sets cache.release; the thread running it is returned to be joined."""
    clock = Clock()
    cache = FakeQueries(clock)
    clock.seconds = 10.0
    cache.release.clear()
    cache.pending = list(pending or [])
    first = threading.Thread(target=cache.refresh, args=((JOBS,), clock.iso(9.0)))
    first.start()
    assert cache.entered.wait(10)
    return clock, cache, first


def test_a_burst_queued_at_the_broker_shares_one_catch_up_while_it_is_fresh() -> None:
    clock = Clock()
    cache = FakeQueries(clock)
    clock.seconds = 10.0
    cache.refresh((JOBS,), clock.iso(9.0))  # the first event of the burst: nothing to share yet
    assert cache.queries == 1
    for arrived in (10.1, 10.3, 10.5):  # published at 9.0, before the catch-up started at 10.0
        clock.seconds = arrived
        cache.refresh((JOBS,), clock.iso(9.0))
    assert cache.queries == 1
    clock.seconds = 10.6  # more than REUSE after that catch-up started: a new one
    cache.refresh((JOBS,), clock.iso(9.0))
    assert cache.queries == 2


def test_an_event_published_after_the_last_catch_up_or_without_a_publish_time_runs_its_own() -> None:
    clock = Clock()
    cache = FakeQueries(clock)
    clock.seconds = 10.0
    cache.refresh((JOBS,))
    clock.seconds = 10.1
    cache.pending = [changed_job("job-new", 9.95)]
    cache.refresh((JOBS,), clock.iso(9.9))  # its cause may have committed after 10.0 - margin
    assert cache.queries == 2 and cache.index.job("job-new") is not None
    clock.seconds = 10.2
    cache.refresh((JOBS,))  # no publish time: only a catch-up started after it serves it
    assert cache.queries == 3
    cache.refresh((JOBS,))  # at the same instant: the one just finished started at its ask
    assert cache.queries == 3


def test_an_event_waits_for_the_catch_up_in_flight_that_serves_it_instead_of_querying_again() -> None:
    clock, cache, first = query_in_flight([changed_job("job-1", 9.5)])
    clock.seconds = 10.2  # arrives while the first query is in flight; published before it started
    seen: list[bool] = []
    second = threading.Thread(target=lambda: seen.append(cache.refresh((JOBS,), clock.iso(9.0)).job("job-1")
                                                         is not None))
    second.start()
    second.join(0.3)
    assert second.is_alive()  # it waits for the query in flight rather than returning a stale index
    cache.release.set()
    first.join(10)
    second.join(10)
    assert seen == [True] and cache.queries == 1


def test_a_slow_query_in_flight_serves_the_events_published_before_it_that_arrive_while_it_runs() -> None:
    clock, cache, first = query_in_flight()
    clock.seconds = 11.5  # 1.5 s into the query: older than REUSE, but the query is still running
    second = threading.Thread(target=cache.refresh, args=((JOBS,), clock.iso(9.5)))
    second.start()
    second.join(0.3)
    clock.seconds = 12.0  # the query ends, having taken 2 s
    cache.release.set()
    first.join(10)
    second.join(10)
    assert cache.queries == 1
    clock.seconds = 12.1  # after it ended, 2.1 s after it started: more than it took, so a new one
    cache.refresh((JOBS,), clock.iso(9.5))
    assert cache.queries == 2


def test_an_event_the_query_in_flight_cannot_serve_runs_the_next_one_after_it() -> None:
    clock, cache, first = query_in_flight()
    clock.seconds = 10.2
    second = threading.Thread(target=cache.refresh, args=((JOBS,), clock.iso(10.1)))  # published after it started
    second.start()
    cache.release.set()
    first.join(10)
    second.join(10)
    assert cache.queries == 2
