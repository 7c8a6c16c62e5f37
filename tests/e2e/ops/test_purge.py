"""Retention through the front door: a registration's bookkeeping (sent outbox entries, processed markers, the
sent email, event log entries) carries expire_at, and `ops purge` deletes it once that has passed, as Firestore
TTL does in production, while the candidate's state stays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from emulator.stack import Stack
from event_log.collections import ENTRIES
from job_portal.collections import CANDIDATES
from jobfeed.collections import outbox_collection, processed_collection
from jobfeed.retention import EXPIRE_AT
from notification.collections import EMAILS
from tests.e2e.pipeline import new_email, post_jobs, python_job, register
from tests.polling import wait_for

from .support import run_ops

SERVICES = ("job_portal", "candidate_profile", "notification")


def bookkeeping(db: firestore.Client, candidate_id: str) -> dict[str, list[firestore.DocumentSnapshot]]:
    def where(collection: str, field: str) -> list[firestore.DocumentSnapshot]:
        return list(db.collection(collection).where(filter=FieldFilter(field, "==", candidate_id)).stream())

    found = {ENTRIES: where(ENTRIES, "correlation_id"),
             EMAILS: where(EMAILS, "candidate_id")}
    for service in SERVICES:
        found[outbox_collection(service)] = where(outbox_collection(service), "correlation_id")
        found[processed_collection(service)] = where(processed_collection(service), "correlation_id")
    return found


def test_expired_bookkeeping_is_purged_and_state_stays(stack: Stack) -> None:
    db = firestore.Client(project=stack.config.project)
    post_jobs(stack, [python_job()])
    candidate_id = register(stack, cadence="instant", email=new_email()).json()["candidate_id"]
    sent = wait_for(lambda: [d for d in bookkeeping(db, candidate_id)[EMAILS]
                             if d.get("status") == "sent"], timeout=120, what="the instant email sent")
    docs = wait_for(lambda: (found := bookkeeping(db, candidate_id)) and all(found.values()) and found,
                    timeout=60, what="bookkeeping in every collection")

    now = datetime.now(UTC)
    stamped = {name: [d for d in snaps if EXPIRE_AT in (d.to_dict() or {})]
               for name, snaps in docs.items()}
    assert sent[0].get(EXPIRE_AT) > now + timedelta(days=80)
    assert all(stamped[processed_collection(s)] for s in ("candidate_profile", "notification")), stamped
    assert all(d.get(EXPIRE_AT) > now + timedelta(days=300) for d in stamped[ENTRIES])
    kept = stamped[ENTRIES][0]
    # Time passes: everything but one event log entry reaches its expiry.
    doomed = [d for snaps in stamped.values() for d in snaps if d.reference.path != kept.reference.path]
    for doc in doomed:
        doc.reference.update({EXPIRE_AT: now - timedelta(minutes=1)})

    purged = run_ops(stack, "purge")
    assert purged.returncode == 0, purged.stderr
    assert int(purged.stdout.splitlines()[-1].split()[0]) >= len(doomed)
    assert not [d for d in doomed if d.reference.get().exists]
    assert kept.reference.get().exists
    assert db.collection(CANDIDATES).document(candidate_id).get().exists
