"""An email that an event's own transaction creates is claimed in that commit and sent from what it handed over:
one transaction per event, no query for pending emails, no second claim (notification/delivery.py).

What this must not cost: an attempt that dies between its commit and the SendGrid call leaves the email claimed,
so no redelivery sends it while the claim is fresh (its sender may still be talking to SendGrid), and once the
claim is older than CLAIM_TTL the next redelivery sends it, once. A sender that stalled after its claim checks
the recipient again before SendGrid.

Notification runs in this process (functions-framework's consume, the official clients, the stack's SendGrid
sink) on the stack's emulators, under a project of its own so the stack's functions never see its events."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from google.cloud import firestore

from emulator.stack import Stack
from jobfeed.clients import Clients
from jobfeed.events import Event
from jobfeed.publisher import Publisher
from notification.bootstrap import SERVICE, bootstrap
from notification.collections import EMAILS, RECIPIENTS
from notification.delivery import CLAIM_TTL, RECHECK_AFTER_S, Claimed, Delivery
from notification.mailer import Mailer, MailerSettings, MailUnavailable
from tests.e2e.notification.seeding import recipient_doc
from tests.e2e.notification.support import matched_job, open_jobs_found
from tests.e2e.pipeline import emails_to
from tests.e2e.profile.support import staged_events
from tests.support.firestore_calls import FirestoreCalls
from tests.support.projects import own_project
from tests.support.push import push

pytestmark = pytest.mark.stack

PROJECT = "jobfeed-notif-claims"


@pytest.fixture(scope="module")
def project(stack: Stack) -> Iterator[str]:
    with own_project(PROJECT) as name:
        yield name


class Notification:
    """One Notification instance mailing through the stack's sink; counts its Firestore calls."""

    def __init__(self, stack: Stack) -> None:
        self.db = firestore.Client(project=PROJECT)
        self.calls = FirestoreCalls(self.db)
        mailer = Mailer(MailerSettings(api_key=stack.config.sendgrid_api_key, from_email="jobs@jobfeed.example",
                                       host=stack.config.url("sendgrid")))
        self.service = bootstrap(clients=Clients(db=self.db, publisher=Publisher()), mailer=mailer)

    def deliver(self, event: Event) -> str:
        self.calls.clear()
        return push(self.service, SERVICE, PROJECT, event)

    def instant_recipient(self) -> tuple[str, str]:
        """A confirmed instant recipient with nothing waiting: (candidate_id, address)."""
        candidate_id = f"claims-{uuid.uuid4().hex[:12]}"
        address = f"{candidate_id}@example.com"
        self.db.collection(RECIPIENTS).document(candidate_id).set(recipient_doc(candidate_id, address, "instant", [])
                                                                  | {"has_pending": False})
        return candidate_id, address

    def email(self, candidate_id: str) -> dict[str, Any]:
        [email] = self.db.collection(EMAILS).where(filter=firestore.FieldFilter("candidate_id", "==", candidate_id)) \
            .stream()
        return {"id": email.id, **(email.to_dict() or {})}


def test_an_instant_email_is_claimed_by_its_events_commit_and_sent_without_another_transaction(
        project: str, stack: Stack) -> None:
    notification = Notification(stack)
    candidate_id, address = notification.instant_recipient()
    job = matched_job()

    assert notification.deliver(open_jobs_found(candidate_id, [job])) == "processed"

    calls = dict(notification.calls.seen)
    assert calls.get("run_query") is None, "no query for pending emails: the commit handed its email over"
    # Commits: the event's (creating the email claimed) and the email's sent mark; the outbox entry's own sent
    # mark commits on a thread of its own (jobfeed.outbox.SentMarker), before or after this count.
    assert calls.get("commit") in (2, 3)
    assert calls.get("begin_transaction") is None, "the transaction began with its read"
    assert calls.get("batch_get_documents") == 1, "the recipient, beginning the transaction; a fresh claim is not " \
        "checked against an erasure again (one committed since waits for it)"
    [sent] = emails_to(stack, address)
    assert job["title"] in str(sent)
    email = notification.email(candidate_id)
    assert email["status"] == "sent" and email["message_id"]
    [receipt] = staged_events(notification.db, SERVICE, candidate_id, "NotificationSent")
    assert receipt.payload["job_ids"] == [job["job_id"]]


def test_an_attempt_that_dies_after_its_commit_leaves_the_email_to_a_redelivery_once_the_claim_is_stale(
        project: str, stack: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
    notification = Notification(stack)
    candidate_id, address = notification.instant_recipient()
    event = open_jobs_found(candidate_id, [matched_job()])

    def dies(self: Delivery, claimed: Any, relay: bool = False) -> None:
        raise SystemExit("the instance died between the commit and the SendGrid call")

    with monkeypatch.context() as patched:
        patched.setattr(Delivery, "deliver", dies)
        with pytest.raises(SystemExit):
            notification.deliver(event)
    assert notification.email(candidate_id)["status"] == "sending"

    assert notification.deliver(event) == "duplicate"
    assert emails_to(stack, address) == [], "a fresh claim is held: its sender may still be sending"

    email = notification.email(candidate_id)
    stale = datetime.now(UTC) - CLAIM_TTL - (CLAIM_TTL / 10)
    notification.db.collection(EMAILS).document(email["id"]).update({"claimed_at": stale})
    assert notification.deliver(event) == "duplicate"
    assert notification.deliver(event) == "duplicate"

    assert len(emails_to(stack, address)) == 1
    assert notification.email(candidate_id)["status"] == "sent"


def test_when_sendgrid_fails_the_claimed_emails_not_tried_go_back_to_pending(
        project: str, stack: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two emails claimed by one commit: the first one's send fails and gives it back; the second, never tried,
    is given back too, so the redelivery sends both at once rather than after the second's lease."""
    notification = Notification(stack)
    candidate_id, address = notification.instant_recipient()
    recipient = notification.db.collection(RECIPIENTS).document(candidate_id).get().to_dict() or {}
    claimed = []
    for n in range(2):
        ref = notification.db.collection(EMAILS).document(f"{candidate_id}-two-{n}")
        email = {"candidate_id": candidate_id, "kind": "instant", "jobs": [matched_job()], "period": None,
                 "status": "sending", "claimed_at": datetime.now(UTC)}
        ref.set(email)
        claimed.append(Claimed(ref, email, recipient))

    def down(self: Mailer, mail: Any) -> str:
        raise MailUnavailable("SendGrid answers 503")

    monkeypatch.setattr(Mailer, "send", down)
    after = notification.service.steps["OpenJobsFound"].after
    assert after is not None
    with pytest.raises(MailUnavailable):
        after(open_jobs_found(candidate_id, []), claimed)

    assert [email.ref.get().get("status") for email in claimed] == ["pending", "pending"]
    assert emails_to(stack, address) == []


def test_a_sender_that_stalled_after_its_claim_checks_for_an_erasure_before_sendgrid(
        project: str, stack: Stack) -> None:
    """The recipient was erased while the sender was paused: the email is cancelled, SendGrid never asked."""
    notification = Notification(stack)
    candidate_id, address = notification.instant_recipient()
    recipients = notification.db.collection(RECIPIENTS)
    recipient = recipients.document(candidate_id).get().to_dict() or {}
    ref = notification.db.collection(EMAILS).document(f"{candidate_id}-stalled")
    email = {"candidate_id": candidate_id, "kind": "instant", "jobs": [matched_job()], "period": None,
             "status": "sending", "claimed_at": datetime.now(UTC)}
    ref.set(email)
    stalled = Claimed(ref, email, recipient, at=time.monotonic() - RECHECK_AFTER_S - 1)
    recipients.document(candidate_id).update({"erased": True})

    assert notification.service.steps["OpenJobsFound"].after is not None
    notification.service.steps["OpenJobsFound"].after(open_jobs_found(candidate_id, []), [stalled])

    cancelled = ref.get().to_dict() or {}
    assert cancelled["status"] == "cancelled" and cancelled["expire_at"], "kept only until its TTL, as any cancelled"
    assert emails_to(stack, address) == []


def test_the_next_event_of_a_recipient_this_instance_wrote_reads_nothing(project: str, stack: Stack) -> None:
    """The instance keeps the recipient its last commit left (jobfeed/document_cache.py): the candidate's next
    event commits against that copy's version instead of reading it."""
    notification = Notification(stack)
    candidate_id, address = notification.instant_recipient()
    first, second = matched_job(), matched_job()
    assert notification.deliver(open_jobs_found(candidate_id, [first])) == "processed"

    assert notification.deliver(open_jobs_found(candidate_id, [first, second])) == "processed"

    calls = dict(notification.calls.seen)
    assert calls.get("batch_get_documents") is None and calls.get("begin_transaction") is None, calls
    mails = emails_to(stack, address)
    assert len(mails) == 2 and second["title"] in str(mails[-1]) and first["title"] not in str(mails[-1]), \
        "the copy knew the first job was told already"
    stored = notification.db.collection(RECIPIENTS).document(candidate_id).get().to_dict() or {}
    assert stored["notified"] == [first["job_id"], second["job_id"]]


@pytest.mark.parametrize("change", ["unsubscribed by another instance", "erased"])
def test_a_recipient_changed_since_the_copy_is_read_and_obeyed(project: str, stack: Stack, change: str) -> None:
    """Another writer changed the recipient after this instance's copy: another instance's unsubscribe (the
    commit against the copy is refused and the event runs again on a read), or the erasure's tombstone (which
    also drops this instance's copy). Either way the event reads the recipient, and nothing is sent."""
    notification = Notification(stack)
    candidate_id, address = notification.instant_recipient()
    assert notification.deliver(open_jobs_found(candidate_id, [matched_job()])) == "processed"
    ref = notification.db.collection(RECIPIENTS).document(candidate_id)
    if change == "erased":
        erasure = Event("CandidateErasureRequested", {"candidate_id": candidate_id, "requested_by": "candidate"},
                        candidate_id, "job_portal")
        assert notification.deliver(erasure) == "processed"
        assert ref.get().get("erased") is True
    else:
        ref.update({"subscribed": False})

    assert notification.deliver(open_jobs_found(candidate_id, [matched_job()])) == "processed"

    assert notification.calls.seen["batch_get_documents"] >= 1, "read, not taken from the copy"
    # The erasure had SendGrid (the sink) erase what it held for the address, the email before it included.
    assert len(emails_to(stack, address)) == (0 if change == "erased" else 1), "nothing after the change"
    assert not notification.db.collection(EMAILS).where(
        filter=firestore.FieldFilter("candidate_id", "==", candidate_id)).where(
        filter=firestore.FieldFilter("status", "in", ["pending", "sending"])).get()
