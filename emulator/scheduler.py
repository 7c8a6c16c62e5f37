"""Cloud Scheduler has no emulator: this publishes, on the topology's cron schedules, the very messages the
production Scheduler jobs publish (jobfeed.scheduled). `publish_now` serves ops and tests."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

from croniter import croniter

from jobfeed.publisher import Publisher
from jobfeed.scheduled import scheduled_event
from jobfeed.topology import topology


def schedules() -> list[dict[str, Any]]:
    return list(topology().raw.get("schedules", []))


def publish_now(name: str, publisher: Publisher | None = None) -> str:
    schedule = next(s for s in schedules() if s["name"] == name)
    event = scheduled_event(schedule, topology().event_for_topic(schedule["topic"]))
    return (publisher or Publisher()).publish_event(event)


class LocalScheduler(threading.Thread):
    """Fires every schedule at its next cron time (UTC locally); stops when `stop` is set."""

    def __init__(self, progress=print) -> None:  # type: ignore[no-untyped-def]
        super().__init__(name="local-scheduler", daemon=True)
        self.stop_event = threading.Event()
        self.progress = progress

    def run(self) -> None:
        now = datetime.now(UTC)
        upcoming = {s["name"]: croniter(s["cron"], now).get_next(datetime) for s in schedules()}
        while not self.stop_event.is_set():
            name, when = min(upcoming.items(), key=lambda item: item[1])
            wait = (when - datetime.now(UTC)).total_seconds()
            if wait > 0 and self.stop_event.wait(min(wait, 30)):
                return
            if datetime.now(UTC) < when:
                continue
            try:
                publish_now(name)
                self.progress(f"scheduler: published {name}")
            except Exception as error:  # the broker may be paused; try again at the next tick
                self.progress(f"scheduler: {name} failed: {error!r}")
            schedule = next(s for s in schedules() if s["name"] == name)
            upcoming[name] = croniter(schedule["cron"], when).get_next(datetime)
