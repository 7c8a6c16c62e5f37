"""Erasure is choreographed: after "delete my data", every service deletes its part on its own, confirms it,
and nothing the services store names the candidate any more; a later match for them sends nothing."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid

import requests
from google.auth.credentials import AnonymousCredentials
from google.cloud import firestore, storage
from google.cloud.firestore_v1.base_query import FieldFilter

from emulator.stack import ROOT, Stack
from job_portal.collections import CANDIDATES
from job_recommendation.collections import SENT
from jobfeed.events import Event
from tests.e2e.pipeline import emails_to, feed, new_email, post_jobs, publish_event, python_job, register
from tests.polling import wait_for


def _stored_documents_naming(db: firestore.Client, needles: list[str]) -> list[str]:
    """Every document of every collection and subcollection whose content contains one of the needles.

    Subcollections are found by their ids (sampled from each collection's first documents) and read as
    collection groups, which also reaches subcollections whose parent document was deleted; asking every
    document for its subcollections would be one call per document (minutes on a full test database)."""
    top = list(db.collections())
    sub_ids = {sub.id for collection in top for doc in collection.limit(20).stream()
               for sub in doc.reference.collections()}
    queries = top + [db.collection_group(sub_id) for sub_id in sorted(sub_ids)]
    return [snapshot.reference.path for query in queries for snapshot in query.stream()
            if any(needle in json.dumps(snapshot.to_dict(), default=str, ensure_ascii=False) for needle in needles)]


def _erasure_status(stack: Stack, candidate_id: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ops", "erasure", "status", candidate_id], capture_output=True,
                          text=True, env=stack.config.env(), cwd=ROOT, timeout=60)


def test_delete_my_data_erases_the_candidate_everywhere(stack: Stack) -> None:
    post_jobs(stack, [python_job()])
    name, address = f"Erin Erasure {uuid.uuid4().hex[:8]}", new_email()
    response = register(stack, cadence="instant", email=address, name=name)
    candidate_id, feed_url = response.json()["candidate_id"], response.json()["feed_url"]
    wait_for(lambda: feed(feed_url)["jobs"], timeout=60, what="a match")
    wait_for(lambda: emails_to(stack, address), timeout=60, what="the instant email")

    path, token = feed_url.split("?token=")
    deleted = requests.post(f"{path}/delete", params={"token": token}, data={"confirm": "yes"},
                            headers={"Accept": "application/json"}, timeout=30)
    assert deleted.status_code == 202, deleted.text
    wait_for(lambda: _erasure_status(stack, candidate_id).returncode == 0, timeout=90, what="every receipt")
    assert "complete" in _erasure_status(stack, candidate_id).stdout

    db = firestore.Client(project=stack.config.project)
    assert _stored_documents_naming(db, [name, address]) == []
    assert list(db.collection(CANDIDATES).document(candidate_id).collections()) == []  # no orphan feed
    sent = db.collection(SENT).where(filter=FieldFilter("candidate_id", "==", candidate_id))
    assert list(sent.stream()) == []  # Recommendation forgot whom it told what
    bucket = storage.Client(project=stack.config.project, credentials=AnonymousCredentials()).bucket(
        stack.config.resumes_bucket)
    assert list(bucket.list_blobs(prefix=f"resumes/{candidate_id}/", versions=True)) == []
    assert requests.get(feed_url, headers={"Accept": "application/json"}, timeout=10).status_code == 404
    sink = requests.get(f"{stack.config.url('sendgrid')}/messages", timeout=10).json()
    assert [m["id"] for m in sink if name in json.dumps(m) or address in json.dumps(m)] == []  # SendGrid erased

    before = len(emails_to(stack, address))  # 0 now: the provider's copies were erased
    late = Event("OpenJobsFound", {"candidate_id": candidate_id, "profile_version": 99, "jobs": [{
        "job_id": f"late-{uuid.uuid4().hex[:8]}", "title": "Late job", "company": "Late Ltd", "location": "London",
        "remote": "remote", "url": "https://jobs.example.com/late", "score": 0.9, "reasons": ["Remote"]}]},
        candidate_id, "job_recommendation")
    publish_event(stack, late)
    log = stack.group.log_dir / "notification.log"
    wait_for(lambda: late.event_id in log.read_text(), timeout=60, what="Notification to handle the late match")
    assert len(emails_to(stack, address)) == before
