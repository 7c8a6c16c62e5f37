"""OpenJobsFound may overtake the CandidateRegistered that carries the contact details (two subscriptions, no
order between them): the jobs wait, and the email goes out once the contact arrives, once."""

from __future__ import annotations

import uuid
from dataclasses import replace

from google.cloud import firestore

from emulator.stack import Stack
from tests.e2e.notification.support import matched_job, open_jobs_found, publish, recipient, wait_handled
from tests.e2e.pipeline import emails_to, new_email
from tests.e2e.profile.support import candidate_registered
from tests.polling import wait_for


def test_jobs_found_before_the_contact_are_emailed_once_it_arrives(stack: Stack, db: firestore.Client) -> None:
    candidate_id, address = uuid.uuid4().hex, new_email()
    found = open_jobs_found(candidate_id, [matched_job(), matched_job()])
    publish(stack, "open-jobs-found", found)
    wait_handled(stack, found)
    assert (recipient(db, candidate_id) or {}).get("awaiting_contact") is True
    assert emails_to(stack, address) == []

    registered = candidate_registered(candidate_id, {"bucket": "b", "object_name": "o", "generation": "1"})
    contact = {**registered.payload["contact"], "email": address, "subscribed": True}
    preferences = {**registered.payload["preferences"], "cadence": "instant"}
    registered = replace(registered, payload={**registered.payload, "contact": contact, "preferences": preferences})
    publish(stack, "candidate-registered", registered)
    publish(stack, "candidate-registered", registered)  # redelivered: still one email

    [mail] = wait_for(lambda: emails_to(stack, address), timeout=60, what="the parked jobs' email")
    assert all(job["title"] in mail["text"] for job in found.payload["jobs"])
    wait_handled(stack, registered, times=2)
    assert len(emails_to(stack, address)) == 1
