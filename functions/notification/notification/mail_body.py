"""Builds the SendGrid v3 /mail/send body for one candidate's email (pure: no SDK, no I/O)."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from notification.render import Email


@dataclass(frozen=True)
class OutgoingMail:
    """One rendered email to one candidate."""

    to_email: str
    to_name: str
    candidate_id: str
    unsubscribe_url: str
    email: Email
    category: str  # "instant", "digest" or "feed_link": lets ops filter SendGrid's activity feed.
    custom_args: Mapping[str, str] = field(default_factory=dict)


def build_body(mail: OutgoingMail, from_email: str, from_name: str) -> dict[str, Any]:
    recipient = {"email": mail.to_email}
    if mail.to_name.strip():
        recipient["name"] = mail.to_name.strip()
    return {
        "personalizations": [{"to": [recipient]}],
        "from": {"email": from_email, "name": from_name},
        "subject": mail.email.subject,
        # SendGrid requires text/plain before text/html.
        "content": [
            {"type": "text/plain", "value": mail.email.text},
            {"type": "text/html", "value": mail.email.html},
        ],
        # RFC 8058 one-click unsubscribe: mail clients show an unsubscribe button and POST to the URL.
        "headers": {
            "List-Unsubscribe": f"<{mail.unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        "custom_args": {**mail.custom_args, "candidate_id": mail.candidate_id},
        "categories": [mail.category],
        # Click tracking would rewrite the private feed link through a tracking domain, and SendGrid's own
        # unsubscribe footer would duplicate ours: both off.
        "tracking_settings": {
            "click_tracking": {"enable": False, "enable_text": False},
            "subscription_tracking": {"enable": False},
        },
    }
