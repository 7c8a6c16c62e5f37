"""Which event does what in Notification."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any

from google.cloud import firestore

from jobfeed.document_cache import DocumentCache
from jobfeed.events import Event
from jobfeed.service import Step

from .delivery import Claimed, Delivery
from .digest import DigestRun
from .erasure import erase, forget_outside
from .instant import WindowRun
from .recipients import on_candidate, on_confirmed, on_open_jobs_found
from .resend import sweep_step


def steps(db: firestore.Client, delivery: Delivery, sweep_outbox: Callable[[Event], Any] | None = None,
          digest_chunk: int = 200, window: timedelta = timedelta(0), erasure_wait_s: float = 20.0) -> dict[str, Step]:
    def send_for(event: Event, claimed: list[Claimed] | None) -> None:
        if claimed is None:  # a redelivery: what its first attempt created and did not send is pending
            delivery.send_pending(event.payload["candidate_id"])
            return
        for sent, email in enumerate(claimed):  # created claimed by this attempt's own commit (recipients.store)
            try:
                delivery.send_claimed(email)
            except BaseException:
                # SendGrid is down, say: the ones not tried go back to pending, so the redelivery sends them at
                # once instead of waiting for their claims to run out.
                delivery.release(claimed[sent + 1:])
                raise

    digest, windows = DigestRun(db, delivery, chunk=digest_chunk), WindowRun(db, delivery, chunk=digest_chunk,
                                                                            window=window)

    def digest_due(event: Event) -> None:
        # cadence "instant" is the window tick (every minute); the others close a digest period.
        (windows if event.payload["cadence"] == "instant" else digest)(event)

    seen = DocumentCache()  # the recipients this instance wrote last (recipients.py)
    candidate = Step(apply=partial(on_candidate, db, window=window, seen=seen), after=send_for)
    return {
        "CandidateRegistered": candidate,
        "CandidateUpdated": candidate,
        "CandidateConfirmed": Step(apply=partial(on_confirmed, db, window=window, seen=seen), after=send_for),
        "OpenJobsFound": Step(apply=partial(on_open_jobs_found, db, window=window, seen=seen), after=send_for),
        "DigestDue": Step(prepare=digest_due),
        "OutboxSweepDue": Step(prepare=sweep_step(db, delivery, sweep_outbox)),
        "CandidateErasureRequested": Step(prepare=partial(forget_outside, db, delivery.mailer, erasure_wait_s,
                                                          seen=seen),
                                          apply=partial(erase, db)),
    }
