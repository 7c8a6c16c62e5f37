"""Talking to the running Job Intake over HTTP, and reading what it stored."""

from __future__ import annotations

from typing import Any

import requests
from google.cloud import firestore

from emulator.stack import Stack
from job_intake.collections import POSTINGS
from jobfeed.collections import outbox_collection

JSONL = "application/x-ndjson"


def post_feed(stack: Stack, body: bytes, content_type: str, key: str | None = "default", path: str = "/jobs",
              method: str = "POST", timeout: float = 30) -> requests.Response:
    headers = {"Content-Type": content_type}
    if key is not None:
        headers["X-API-Key"] = stack.config.intake_api_key if key == "default" else key
    return requests.request(method, f"{stack.config.url('job_intake')}{path}", data=body, headers=headers,
                            timeout=timeout)


def stored_posting(stack: Stack, job_id: str) -> dict[str, Any] | None:
    snapshot = firestore.Client(project=stack.config.project).collection(POSTINGS).document(job_id).get()
    return snapshot.to_dict() if snapshot.exists else None


def outbox_state(stack: Stack, job_ids: set[str]) -> dict[str, bool]:
    """job id -> whether its JobPosted left the outbox (sent); one projection scan, not one query per job."""
    docs = firestore.Client(project=stack.config.project).collection(outbox_collection("job_intake")) \
        .select(["correlation_id", "sent"]).stream()
    state: dict[str, bool] = {}
    for doc in docs:
        job_id = str(doc.get("correlation_id")).removeprefix("job-")
        if job_id in job_ids:
            state[job_id] = state.get(job_id, True) and bool(doc.get("sent"))
    return state
