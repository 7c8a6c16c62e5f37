"""Closing a digest period or an instant window on one recipient, pure (digest.py and instant.py page, batch and
send): the waiting jobs move from `pending` to `notified` together with the email that carries them, so a job
is in one email ever; an unsubscribed, undeliverable or erased recipient's waiting jobs are dropped unsent."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from .decision import Decision, Fields, email_doc
from .window import INSTANT, next_window, window_due


def closing(stored: Fields) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The recipient's update that closes a period, and the jobs its email carries (none: no email)."""
    jobs = stored.get("pending") or []
    update: dict[str, Any] = {"pending": [], "has_pending": False}
    if not (jobs and stored.get("subscribed") and not stored.get("undeliverable")):
        return update, []
    return {**update, "notified": stored.get("notified", []) + [job["job_id"] for job in jobs]}, jobs


def digest_email_id(candidate_id: str, cadence: str, period: str) -> str:
    """One digest per recipient and period: a repeated or overlapping DigestDue creates nothing twice."""
    return f"{candidate_id}-digest-{cadence}-{period}"


def close_period(stored: Fields, candidate_id: str, cadence: str, period: str, email_exists: bool) -> Decision:
    if email_exists:
        return Decision()  # this period's email exists: jobs that came after it wait for the next period
    update, jobs = closing(stored)
    emails = {digest_email_id(candidate_id, cadence, period):
              email_doc(candidate_id, "digest", jobs, period=f"{cadence}:{period}")} if jobs else {}
    return Decision(update=update, emails=emails)


def close_window(stored: Fields, candidate_id: str, now: datetime, window: timedelta) -> Decision:
    """The instant tick: the jobs gathered in an ended window go in one email, and the next window opens. The
    email's id counts the recipient's windows, so a repeated or concurrent tick makes nothing twice."""
    if not window_due(stored, now):
        return Decision()  # another tick closed it, or the cadence changed
    update, jobs = closing(stored)
    if not jobs:
        return Decision(update=update)
    count = int(stored.get("windows", 0)) + 1
    email_id = f"{candidate_id}-instant-window-{count}"
    return Decision(update={**update, "windows": count, "window_until": next_window(now, window)},
                    emails={email_id: {**email_doc(candidate_id, INSTANT, jobs), "gathered": True}})
