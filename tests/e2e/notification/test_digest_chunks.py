"""A digest run pages through its recipients in chunks and sends each exactly one email, even when run twice.

It runs in this process against the stack's emulators, in a Firestore project of its own: a digest run takes
every recipient of the cadence, so it must not see (or be seen by) the other tests' candidates."""

from __future__ import annotations

import uuid
from collections import Counter

import requests
from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from emulator.stack import Stack
from notification import collections as owned
from notification.digest import DigestSummary
from tests.e2e.notification.seeding import digest_run, seed_recipients
from tests.e2e.notification.support import unique_period

RECIPIENTS, CHUNK = 450, 200


def test_a_digest_pages_in_chunks_and_sends_one_email_each(stack: Stack) -> None:
    tag = uuid.uuid4().hex[:8]
    db = firestore.Client(project=f"digest-chunks-{tag}")
    seeded = seed_recipients(db, "monthly", RECIPIENTS, tag)
    run = digest_run(db, stack.config.url("sendgrid"), stack.config.sendgrid_api_key, chunk=CHUNK)
    period = f"{unique_period().split('-')[0]}-07"

    assert run.run("monthly", period) == DigestSummary(emails=RECIPIENTS, chunks=3)
    assert run.run("monthly", period) == DigestSummary(emails=0, chunks=0)

    messages = requests.get(f"{stack.config.url('sendgrid')}/messages", timeout=30).json()
    mine = Counter(address for m in messages for address in m["to"] if address in set(seeded.emails))
    assert mine == Counter({address: 1 for address in seeded.emails})
    sent = db.collection(owned.EMAILS).where(filter=FieldFilter("status", "==", "sent")).count().get()
    assert sent[0][0].value == RECIPIENTS
    assert not list(db.collection(owned.RECIPIENTS).where(
        filter=FieldFilter("has_pending", "==", True)).limit(1).stream())
