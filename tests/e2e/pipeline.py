"""Front-door helpers for end-to-end tests: post jobs, register, read the feed, read the mail sink."""

from __future__ import annotations

import json
import uuid
from typing import Any

import requests
from google.cloud import pubsub_v1

from emulator.stack import Stack
from jobfeed.events import Event
from jobfeed.publisher import OutgoingMessage
from tests.support.resumes import resume_pdf


def post_jobs(stack: Stack, jobs: list[dict[str, Any]]) -> dict[str, Any]:
    response = requests.post(f"{stack.config.url('job_intake')}/jobs", json=jobs, timeout=30,
                             headers={"X-API-Key": stack.config.intake_api_key})
    assert response.status_code == 202, response.text
    return dict(response.json())


def python_job(**overrides: Any) -> dict[str, Any]:
    tag = uuid.uuid4().hex[:8]
    return {"job_id": f"e2e-{tag}", "title": "Senior Backend Engineer", "company": f"Engines {tag}",
            "location": "London", "remote": "remote", "salary_min": 70000, "salary_max": 95000,
            "required_skills": ["Python", "Django", "PostgreSQL"], "nice_skills": ["Kubernetes"],
            "seniority": "senior", "description": "Build services.", "url": f"https://jobs.example.com/{tag}",
            **overrides}


def register(stack: Stack, cadence: str = "instant", pdf: bytes | None = None, **fields: str) -> requests.Response:
    form = {"name": "Ada Lovelace", "email": new_email(), "locations": "London",
            "titles": "Backend Engineer", "remote": "remote", "cadence": cadence, "consent": "yes",
            "years_experience": "8", **fields}
    return requests.post(f"{stack.config.url('job_portal')}/candidates", data=form, timeout=30,
                         files={"resume": ("resume.pdf", pdf or resume_pdf(), "application/pdf")},
                         headers={"Accept": "application/json"})


def feed(feed_url: str, page: int = 1) -> dict[str, Any]:
    response = requests.get(feed_url, params={"page": page}, headers={"Accept": "application/json"}, timeout=10)
    assert response.status_code == 200, response.text
    return dict(response.json())


def emails_to(stack: Stack, address: str) -> list[dict[str, Any]]:
    """Every message the sink holds for the address (the sink lists recipients as plain addresses)."""
    messages = requests.get(f"{stack.config.url('sendgrid')}/messages", params={"to": address}, timeout=10).json()
    return [m for m in messages if address in m["to"]]


def new_email() -> str:
    return f"ada-{uuid.uuid4().hex[:10]}@example.com"


def publish_event(stack: Stack, event: Event, topic: str | None = None, **attributes: str) -> str:
    """Straight onto the event's topic (or `topic`) with the bytes and attributes an outbox relay sends, as
    another service would; the same Event twice is a redelivery. `attributes` override the relay's."""
    message = OutgoingMessage.of(event)
    client = pubsub_v1.PublisherClient()
    path = client.topic_path(stack.config.project, topic or message.topic)
    return str(client.publish(path, message.data, **{**message.attributes, **attributes}).result(timeout=30))


def log_entries(stack: Stack, function: str, **fields: Any) -> list[dict[str, Any]]:
    """The function's JSON log lines (in order) whose fields equal `fields` (message="..." included)."""
    entries = []
    for line in (stack.group.log_dir / f"{function}.log").read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue  # gunicorn's own lines are not JSON
        if isinstance(entry, dict) and all(entry.get(k) == v for k, v in fields.items()):
            entries.append(entry)
    return entries
