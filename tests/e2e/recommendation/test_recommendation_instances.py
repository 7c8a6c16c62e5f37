"""Recommendation instances, each with its own index, on one store.

A first profile's match reads nothing: the candidate's stored copy is presumed missing (so no pair was ever
written for it) and the commit checks that; an instance that does not know a candidate another instance stored
finds the copy at its commit, then reads it and the pairs, and offers nothing twice; a late profile of an erased
candidate finds the tombstone the same way; a fan-out chunk leaves a candidate whose copy is not stored yet (a
ProfileCreated still in its transaction) to that profile's own match. A cold instance starts from the newest
snapshot in Cloud Storage and catches up from Firestore since it, or from Firestore alone when the snapshot cannot
be loaded.

The instances run in this process (functions-framework's consume, the official clients) on the test stack's
emulators, under a project of their own so the stack's functions never see their events."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from google.auth.credentials import AnonymousCredentials
from google.cloud import firestore, storage

from emulator.stack import Stack
from job_recommendation.bootstrap import SERVICE, bootstrap
from job_recommendation.collections import PROFILES, SENT
from job_recommendation.index import MatchIndex
from job_recommendation.model import profile_from_payload
from job_recommendation.snapshots import PREFIX, Snapshots
from job_recommendation.store import IndexCache
from jobfeed.clients import Clients
from jobfeed.events import Event
from jobfeed.publisher import Publisher
from tests.e2e.profile.support import staged_events
from tests.e2e.recommendation.support import a_job, a_profile, sent_job_ids_in
from tests.support.firestore_calls import FirestoreCalls
from tests.support.projects import own_project
from tests.support.push import push

pytestmark = pytest.mark.stack

PROJECT = "jobfeed-rec-instances"


@pytest.fixture(scope="module")
def project(stack: Stack) -> Iterator[str]:
    """The stack's emulators, under this module's project."""
    with own_project(PROJECT) as name:
        yield name


@pytest.fixture
def snapshots(project: str) -> Snapshots:
    """A snapshots bucket of the test's own in the stack's Cloud Storage emulator."""
    client = storage.Client(project=project, credentials=AnonymousCredentials())
    return Snapshots(client.create_bucket(f"rec-snapshots-{uuid.uuid4().hex[:12]}"))


class Instance:
    """One Recommendation instance: its Service, its own index, and the document reads of its transactions (one
    list of document paths per batched read). from_snapshot: a cold start loads the newest snapshot (what each
    load returned is kept in `loaded`)."""

    def __init__(self, snapshots: Snapshots | None = None, from_snapshot: bool = False) -> None:
        self.db = firestore.Client(project=PROJECT)
        self.loaded: list[dict[str, datetime] | None] = []

        def load(index: MatchIndex) -> dict[str, datetime] | None:
            assert snapshots is not None
            self.loaded.append(snapshots.load_newest(index))
            return self.loaded[-1]

        self.cache = IndexCache(self.db, loader=load if from_snapshot else None)
        self.service = bootstrap(clients=Clients(db=self.db, publisher=Publisher()), cache=self.cache,
                                 snapshots=snapshots)
        self.calls = FirestoreCalls(self.db)

    @property
    def reads(self) -> list[list[str]]:
        return self.calls.transactional_reads

    def deliver(self, event: Event) -> str:
        self.calls.clear()
        return push(self.service, SERVICE, PROJECT, event)


def offered(client: firestore.Client, candidate_id: str) -> list[list[str]]:
    """The job ids of each OpenJobsFound the instances staged for the candidate."""
    return [[job["job_id"] for job in event.payload["jobs"]]
            for event in staged_events(client, SERVICE, candidate_id, "OpenJobsFound")]


def new_skill() -> str:
    """A skill nothing else in this project has, so a test's job fits only its own candidates."""
    return f"Skill {uuid.uuid4().hex[:10]}"


def test_a_first_profile_reads_nothing_and_another_instance_offers_nothing_twice(project: str) -> None:
    first, second = Instance(), Instance()
    skill = new_skill()
    job = a_job(skill)
    job_id = job.payload["job_id"]
    assert first.deliver(job) == "processed" and second.deliver(a_job(new_skill())) == "processed"
    v1 = a_profile(skill)
    candidate_id = v1.payload["candidate_id"]
    copy = f"{PROFILES}/{candidate_id}"

    assert first.deliver(v1) == "processed"
    assert first.reads == [], "a candidate never stored has no pairs, and its copy is presumed missing"
    assert first.calls.seen["batch_get_documents"] == first.calls.seen["begin_transaction"] == 0
    assert offered(first.db, candidate_id) == [[job_id]] and sent_job_ids_in(first.db, candidate_id) == [job_id]

    # The second instance indexed the job (its catch-up) but never this candidate: its commit finds the copy
    # stored, so it reads the copy, then the pairs, and offers nothing it was told.
    v2 = a_profile(skill, candidate_id, version=2)
    assert second.deliver(v2) == "processed"
    assert second.reads == [[copy], [f"{SENT}/{candidate_id}~{job_id}"]]
    assert offered(second.db, candidate_id) == [[job_id]] and sent_job_ids_in(second.db, candidate_id) == [job_id]

    # An instance that knows the candidate reads the pairs with the copy, in one round trip.
    v3 = a_profile(skill, candidate_id, version=3)
    assert first.deliver(v3) == "processed"
    assert first.reads == [[f"{SENT}/{candidate_id}~{job_id}", copy]]
    assert offered(first.db, candidate_id) == [[job_id]]

    # A new candidate on the same, now warm, instance: nothing read.
    newcomer = a_profile(skill)
    assert first.deliver(newcomer) == "processed"
    assert first.reads == []
    assert offered(first.db, newcomer.payload["candidate_id"]) == [[job_id]]


def test_a_late_profile_of_an_erased_candidate_is_ignored_by_an_instance_that_never_knew_them(project: str) -> None:
    """Its copy, presumed missing, is the erasure's tombstone: the commit fails, the next attempt reads it and
    finds the event stale. Nothing is offered, and the instance's index never takes the candidate."""
    first, second = Instance(), Instance()
    skill = new_skill()
    assert first.deliver(a_job(skill)) == "processed"
    profile = a_profile(skill)
    candidate_id = profile.payload["candidate_id"]
    erasure = Event("CandidateErasureRequested", {"candidate_id": candidate_id, "requested_by": "candidate"},
                    candidate_id, "job_portal")
    assert first.deliver(erasure) == "processed"

    assert second.deliver(profile) == "processed"
    assert second.reads == [[f"{PROFILES}/{candidate_id}"]], "read once its presumption failed"
    assert offered(second.db, candidate_id) == [] and sent_job_ids_in(second.db, candidate_id) == []
    with second.cache.lock:
        assert second.cache.index.profile(candidate_id) is None


def test_a_chunk_leaves_a_candidate_not_stored_yet_to_its_own_match(project: str) -> None:
    instance = Instance()
    skill = new_skill()
    stored, pending = a_profile(skill), a_profile(skill)
    assert instance.deliver(stored) == "processed"
    # The pending profile is in the index and not in the store: its transaction has not committed yet.
    with instance.cache.lock:
        instance.cache.index.upsert_profile_doc(profile_from_payload(pending.payload))
    job = a_job(skill)
    job_id = job.payload["job_id"]

    assert instance.deliver(job) == "processed"
    assert offered(instance.db, stored.payload["candidate_id"]) == [[job_id]]
    assert offered(instance.db, pending.payload["candidate_id"]) == [], "told before its copy was stored"
    assert sent_job_ids_in(instance.db, pending.payload["candidate_id"]) == []

    assert instance.deliver(pending) == "processed"  # its own match: the job, once
    assert offered(instance.db, pending.payload["candidate_id"]) == [[job_id]]
    assert sent_job_ids_in(instance.db, pending.payload["candidate_id"]) == [job_id]


def test_a_new_instance_starts_from_the_newest_snapshot_and_catches_up_from_firestore(snapshots: Snapshots) -> None:
    warm = Instance(snapshots)
    skill = new_skill()
    before, candidate, after = a_job(skill), a_profile(skill), a_job(skill)
    assert warm.deliver(before) == "processed" and warm.deliver(candidate) == "processed"
    assert warm.deliver(Event("IndexSnapshotDue", {"keep_last": 2}, "snapshot-due", "e2e_test")) == "processed"
    assert warm.deliver(after) == "processed"  # committed after the snapshot: only Firestore has it

    held = MatchIndex(lambda: datetime.now(UTC))
    assert snapshots.load_newest(held) is not None
    assert held.job(before.payload["job_id"]) and held.profile(candidate.payload["candidate_id"])
    assert held.job(after.payload["job_id"]) is None

    cold = Instance(snapshots, from_snapshot=True)
    newcomer = a_profile(skill)
    assert cold.deliver(newcomer) == "processed"
    assert len(cold.loaded) == 1 and cold.loaded[0] is not None, "the cold start loaded the snapshot"
    told = [sorted(jobs) for jobs in offered(cold.db, newcomer.payload["candidate_id"])]
    assert told == [sorted([before.payload["job_id"], after.payload["job_id"]])], "the snapshot's and the later job"


def test_a_snapshot_that_cannot_be_loaded_leaves_the_cold_start_to_firestore(snapshots: Snapshots) -> None:
    warm = Instance(snapshots)
    skill = new_skill()
    job = a_job(skill)
    assert warm.deliver(job) == "processed"
    assert warm.deliver(Event("IndexSnapshotDue", {"keep_last": 2}, "snapshot-due", "e2e_test")) == "processed"
    snapshots.bucket.blob(f"{PREFIX}99991231T000000000000Z.pkl.zst").upload_from_string(b"not a snapshot")

    cold = Instance(snapshots, from_snapshot=True)
    newcomer = a_profile(skill)
    assert cold.deliver(newcomer) == "processed"
    assert cold.loaded == [], "the newest snapshot did not load"
    assert offered(cold.db, newcomer.payload["candidate_id"]) == [[job.payload["job_id"]]]
