"""Each service's own processing time on the sequential registrations' path, read back from the functions'
JSON logs (the same lines Cloud Logging gets): the consumer's `event processed` line carries duration_ms (from
the push arriving to the event it caused accepted by the broker), and its `prepare` span says how much of that
was the step's prepare work (Candidate Profile's resume parse, Recommendation's catch-up). The issue's target is
every service's processing p50 under 15 ms except Candidate Profile's parse, so both are reported.

The same lines give the broker's part of each hop inside the flow: from the handler that published an event
finishing (its publish was acknowledged just before) to the next handler starting. On the emulator that is mostly
the wait for a push loop's next look, and it is compared with the bench's raw hop (docs/design-notes.md).
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

SPAN_ID = "logging.googleapis.com/spanId"

# (log file, consumer's event type, figure name, the spans inside it reported apart): the hops of registration
# -> feed, then the email's. Each inner span gets its p50 and the p50 of the handling beside it: the issue's
# target leaves Candidate Profile's parse out, and Notification's SendGrid request is the provider's time (on
# the local stack the sink's, with production's window only the first match of a window sends at once).
HOPS = (
    ("candidate_profile", "CandidateRegistered", "candidate_profile", ("prepare",)),
    ("job_recommendation", "ProfileCreated", "job_recommendation", ("prepare",)),
    ("job_portal_events", "OpenJobsFound", "job_portal_feed", ()),
    ("notification", "OpenJobsFound", "notification_email", ("sendgrid",)),
)

# (publishing log, its event type, consuming log, the event it published, figure name): the hops inside the flow
# whose both ends are consumers (the registration's publish happens inside the Portal's request).
WAITS = (
    ("candidate_profile", "CandidateRegistered", "job_recommendation", "ProfileCreated", "profile_created"),
    ("job_recommendation", "ProfileCreated", "job_portal_events", "OpenJobsFound", "open_jobs_found_portal"),
    ("job_recommendation", "ProfileCreated", "notification", "OpenJobsFound", "open_jobs_found_notification"),
)


def log_entries(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    """The JSON lines of a function's log, as dicts."""
    for line in lines:
        try:
            yield json.loads(line)
        except ValueError:
            continue  # a line a library printed


def _first_handlings(entries: Iterable[dict[str, Any]], event_type: str, flows: set[str]) -> Iterator[dict[str, Any]]:
    """The first `event processed` line for event_type in each of the flows. Only the first: the bench later posts
    jobs that fan out to the same candidates, and their OpenJobsFound carry each candidate's correlation id too,
    under the fan-out's load and with counting on."""
    seen: set[str] = set()
    for entry in entries:
        flow = entry.get("correlation_id")
        if entry.get("message") == "event processed" and entry.get("event_type") == event_type \
                and flow in flows and flow not in seen:
            seen.add(flow)
            yield entry


def handlings(lines: Iterable[str], event_type: str, flows: set[str]) -> dict[str, tuple[float, float]]:
    """Each flow's first handling of event_type: (start, end) in Unix seconds, from its `event processed` line's
    time and duration_ms."""
    out: dict[str, tuple[float, float]] = {}
    for entry in _first_handlings(log_entries(lines), event_type, flows):
        end = datetime.fromisoformat(entry["time"]).timestamp()
        out[entry["correlation_id"]] = (end - float(entry["duration_ms"]) / 1000, end)
    return out


def inside(entries: list[dict[str, Any]], event_type: str, flows: set[str], span: str
           ) -> list[tuple[float, float | None]]:
    """For the first handling of event_type in each flow: (its duration_ms, the time its spans called `span`
    took, None without one). Spans carry the trace, not the correlation id, and come later than their handling's
    line (batched export); each names its parent, so a span is found under the handling's own span at any depth."""
    spans = [entry for entry in entries if entry.get("message") == "span"]
    parent = {entry.get(SPAN_ID, ""): entry.get("parent_span_id") or "" for entry in spans}
    spent: dict[str, float] = {}
    for entry in spans:
        if entry.get("span") == span:
            ancestor, hops = entry.get("parent_span_id") or "", 0
            while ancestor and hops < 16:  # every ancestor up to the root (a handful of levels)
                spent[ancestor] = spent.get(ancestor, 0.0) + float(entry["duration_ms"])
                ancestor, hops = parent.get(ancestor, ""), hops + 1
    return [(float(entry["duration_ms"]), spent.get(entry.get(SPAN_ID, "")))
            for entry in _first_handlings(entries, event_type, flows)]


def figures(log_dir: Path, flows: set[str]) -> dict[str, float | int | str]:
    out: dict[str, float | int | str] = {}
    for log_name, event_type, name, inner in HOPS:
        path = log_dir / f"{log_name}.log"
        if not path.exists():
            continue
        with path.open(encoding="utf-8", errors="replace") as lines:
            entries = list(log_entries(lines))
        totals = [float(entry["duration_ms"]) for entry in _first_handlings(entries, event_type, flows)]
        if totals:
            out[f"pipeline_processing_{name}_p50_ms"] = round(statistics.median(totals), 1)
        for span in inner:
            split = [(total, spent) for total, spent in inside(entries, event_type, flows, span) if spent is not None]
            if split:
                out[f"pipeline_processing_{name}_{span}_p50_ms"] = round(statistics.median(s for _, s in split), 1)
                out[f"pipeline_processing_{name}_beside_{span}_p50_ms"] = round(
                    statistics.median(total - spent for total, spent in split), 1)
    read: dict[tuple[str, str], dict[str, tuple[float, float]]] = {}  # Recommendation's serves three hops

    def handled(log_name: str, event_type: str) -> dict[str, tuple[float, float]]:
        if (log_name, event_type) not in read:
            with (log_dir / f"{log_name}.log").open(encoding="utf-8", errors="replace") as lines:
                read[log_name, event_type] = handlings(lines, event_type, flows)
        return read[log_name, event_type]

    for before, before_type, after, after_type, name in WAITS:
        if not (log_dir / f"{before}.log").exists() or not (log_dir / f"{after}.log").exists():
            continue
        published, consumed = handled(before, before_type), handled(after, after_type)
        waits = [(consumed[flow][0] - published[flow][1]) * 1000 for flow in published if flow in consumed]
        if waits:
            out[f"pipeline_broker_{name}_p50_ms"] = round(statistics.median(waits), 1)
    return out
