"""Helpers for the consent tests: registrations from a client address of the test's own, and the sink's mail."""

from __future__ import annotations

import random
import re
from typing import Any

import requests
from google.cloud import firestore

from emulator.stack import Stack
from job_portal.collections import CANDIDATES
from notification.collections import RECIPIENTS
from tests.e2e.pipeline import emails_to
from tests.polling import wait_for
from tests.support.resumes import resume_pdf

CONFIRM_LINK = re.compile(r"https?://\S+/confirm\?code=[A-Za-z0-9_.\-]+")


def client_address() -> str:
    """A documentation-range address (RFC 5737) standing for one client behind the load balancer."""
    return f"198.51.{random.randrange(0, 256)}.{random.randrange(1, 255)}"


def register(stack: Stack, email: str, client: str, html: bool = False, **fields: str) -> requests.Response:
    form = {"name": "Cora Consent", "email": email, "locations": "London", "titles": "Backend Engineer",
            "remote": "remote", "cadence": "instant", "consent": "yes", "years_experience": "8", **fields}
    headers = {"X-Forwarded-For": client, **({} if html else {"Accept": "application/json"})}
    return requests.post(f"{stack.config.url('job_portal')}/candidates", data=form, headers=headers, timeout=30,
                         files={"resume": ("resume.pdf", resume_pdf(), "application/pdf")})


def mails(stack: Stack, address: str, category: str | None = None) -> list[dict[str, Any]]:
    return [m for m in emails_to(stack, address) if category is None or category in m["categories"]]


def confirmation_links(stack: Stack, address: str) -> list[str]:
    return [link for m in mails(stack, address, "confirmation") for link in CONFIRM_LINK.findall(m["text"] or "")]


def wait_confirmation_link(stack: Stack, address: str, count: int = 1) -> str:
    """The newest of `count` confirmation links the address received."""
    links = wait_for(lambda: (found := confirmation_links(stack, address)) and len(found) >= count and found,
                     timeout=60, what=f"{count} confirmation email(s)")
    return links[-1]


def follow(link: str, client: str, method: str = "POST") -> requests.Response:
    return requests.request(method, link, headers={"Accept": "application/json", "X-Forwarded-For": client},
                            timeout=30)


def candidate(stack: Stack, candidate_id: str) -> dict[str, Any] | None:
    snapshot = firestore.Client(project=stack.config.project).collection(CANDIDATES) \
        .document(candidate_id).get()
    return snapshot.to_dict() if snapshot.exists else None


def recipient(stack: Stack, candidate_id: str) -> dict[str, Any] | None:
    """Notification's copy (read to see a match parked until the confirmation)."""
    snapshot = firestore.Client(project=stack.config.project).collection(RECIPIENTS) \
        .document(candidate_id).get()
    return snapshot.to_dict() if snapshot.exists else None
