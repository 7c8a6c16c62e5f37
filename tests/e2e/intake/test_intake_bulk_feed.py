"""A 10,000-row JSON Lines feed: the valid rows are stored and published, the invalid ones are listed by line
with their reasons, and the post completes in bounded time."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from google.cloud import pubsub_v1
from google.protobuf import timestamp_pb2

from emulator.stack import Stack
from jobfeed.topology import topology
from tests.e2e.intake.support import JSONL, outbox_state, post_feed, stored_posting
from tests.polling import wait_for

pytestmark = pytest.mark.stack

ROWS, EVERY = 10_000, 97
# Each defect, rotated over the invalid rows, and the reason the feed owner must read for it.
DEFECTS: list[tuple[Callable[[dict[str, Any]], None], str]] = [
    (lambda row: row.pop("title"), "title is required"),
    (lambda row: row.update(url="www.example.com/no-scheme"), "url must be an http(s) address"),
    (lambda row: row.update(salary_min=90000, salary_max=50000), "salary_min is above salary_max"),
    (lambda row: row.update(remote="on the moon"), "remote must be remote, hybrid or onsite"),
]


def bulk_feed(tag: str) -> tuple[bytes, dict[int, str]]:
    """The body, and line -> expected reason for every invalid line."""
    lines, invalid = [], {}
    for number in range(1, ROWS + 1):
        row: dict[str, Any] = {
            "job_id": f"bulk-{tag}-{number}", "title": "Mainframe Operator", "company": f"Bulk {tag}",
            "location": "Lisbon", "remote": "onsite", "url": f"https://bulk.example/{tag}/{number}",
            "salary_min": 30000, "salary_max": 40000, "description": "Keeps the batch jobs running.",
        }
        if number % EVERY == 0:
            defect, reason = DEFECTS[(number // EVERY) % len(DEFECTS)]
            defect(row)
            invalid[number] = reason
        lines.append(json.dumps(row))
    return "\n".join(lines).encode(), invalid


@pytest.fixture
def drop_bulk_backlog(stack: Stack) -> Iterator[None]:
    """Recommendation works through JobPosted at ~20 a second on the emulators (two pushes at a time), so
    10,000 throwaway postings would keep it busy for minutes and delay every later test in the session. After
    the test, seek the job-posted subscriptions to now: the bulk events are acknowledged unseen (the Pub/Sub
    emulator supports seek). This test is about Intake, not about Recommendation's throughput."""
    yield
    subscriber = pubsub_v1.SubscriberClient()
    now = timestamp_pb2.Timestamp()
    now.FromDatetime(datetime.now(UTC))
    for subscription in topology().subscriptions():
        if subscription.topic == "job-posted":
            path = subscriber.subscription_path(stack.config.project, subscription.name)
            subscriber.seek(request={"time": now, "subscription": path})


def test_ten_thousand_rows_with_some_invalid(stack: Stack, drop_bulk_backlog: None) -> None:
    tag = uuid.uuid4().hex[:8]
    body, invalid = bulk_feed(tag)

    started = time.monotonic()
    response = post_feed(stack, body, JSONL, timeout=300)
    elapsed = time.monotonic() - started
    print(f"\n[intake] {ROWS} rows ({len(body) / 1e6:.1f} MB) answered {response.status_code} in {elapsed:.1f}s")

    assert response.status_code == 202, response.text[:500]
    result = response.json()
    valid = ROWS - len(invalid)
    assert (result["accepted"], result["published"]) == (valid, valid)
    assert {r["line"]: r["errors"] for r in result["rejected"]} == {line: [why] for line, why in invalid.items()}
    job_ids = set(result["job_ids"])
    assert len(job_ids) == valid

    sent = outbox_state(stack, job_ids)
    assert len(sent) == valid, "every valid row has exactly one JobPosted in the outbox"
    # The broker took every event before the answer (`published` above); the outbox marks them sent on a thread
    # of its own, off the answer's path (jobfeed.outbox.SentMarker), so the last chunk's marks may trail it.
    wait_for(lambda: all(outbox_state(stack, job_ids).values()), timeout=60,
             what="every JobPosted marked sent in Intake's outbox")
    sample = stored_posting(stack, result["job_ids"][-1])
    assert sample is not None and sample["version"] == 1 and sample["company"] == f"Bulk {tag}"
    print(f"a 10,000-row feed took {elapsed:.0f}s")  # a figure, not a target: targets live in benchmarks
