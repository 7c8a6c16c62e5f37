"""Stores a Decision's writes in a Firestore transaction (or a batch, which a transaction is): the one place the
Portal's document kinds become references (the rules name documents by kind and id only)."""

from __future__ import annotations

from collections.abc import Iterable

from google.cloud import firestore

from .collections import CANDIDATES, EMAILS, FEED, PROFILES
from .decision import CANDIDATE, EMAIL, FEED_ENTRY, PROFILE, Write

COLLECTIONS = {CANDIDATE: CANDIDATES, EMAIL: EMAILS, PROFILE: PROFILES}


def ref(db: firestore.Client, write: Write) -> firestore.DocumentReference:
    if write.kind == FEED_ENTRY:
        return db.collection(CANDIDATES).document(str(write.parent)).collection(FEED).document(write.id)
    return db.collection(COLLECTIONS[write.kind]).document(write.id)


def store(db: firestore.Client, tx: firestore.WriteBatch, writes: Iterable[Write]) -> None:
    for write in writes:
        target = ref(db, write)
        if write.op == "create":
            tx.create(target, write.fields)
        elif write.op == "set":
            tx.set(target, write.fields)
        elif write.op == "merge":
            tx.set(target, write.fields, merge=True)
        elif write.op == "update":
            tx.update(target, write.fields)
        else:
            tx.delete(target)
