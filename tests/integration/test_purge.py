"""`ops purge` against the Firestore emulator: it deletes what a TTL policy would (expire_at passed, in the
collection group, subcollections included) and nothing else."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from google.cloud import firestore

from emulator.stack import Stack
from jobfeed.retention import EXPIRE_AT
from ops.purge import purge


def test_purge_deletes_only_documents_whose_expiry_has_passed(stack: Stack) -> None:
    db, name, now = firestore.Client(project=stack.config.project), f"purge_test_{uuid.uuid4().hex[:8]}", \
        datetime.now(UTC)
    top = db.collection(name)
    nested = db.collection("purge_test_parents").document(uuid.uuid4().hex).collection(name)
    top.document("expired").set({EXPIRE_AT: now - timedelta(minutes=1)})
    nested.document("expired-nested").set({EXPIRE_AT: now - timedelta(days=3)})
    top.document("later").set({EXPIRE_AT: now + timedelta(days=1)})
    top.document("state").set({"kept": "forever"})

    assert purge(db, [name], now, dry_run=True) == {name: 2}
    assert top.document("expired").get().exists  # a dry run deletes nothing

    assert purge(db, [name], now) == {name: 2}
    assert sorted(doc.id for doc in top.stream()) == ["later", "state"]
    assert not nested.document("expired-nested").get().exists
    assert purge(db, [name], now + timedelta(days=2)) == {name: 1}
    assert [doc.id for doc in top.stream()] == ["state"]
