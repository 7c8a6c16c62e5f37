"""The Firestore collections every service has by the pattern, named in one place.

Each service owns `<service>_outbox` (jobfeed.outbox: events staged in the same transaction as the change) and
`<service>_processed` (jobfeed.service: one marker per consumed event, for idempotence). The collections a
service keeps for itself are named in its own `<service>/collections.py`; nothing else spells them
(tests/unit/docs/test_collection_names.py looks for stray literals).
"""

from __future__ import annotations


def outbox_collection(service: str) -> str:
    return f"{service}_outbox"


def processed_collection(service: str) -> str:
    return f"{service}_processed"
