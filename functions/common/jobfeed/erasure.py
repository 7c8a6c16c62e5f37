"""Shared pieces of the choreographed erasure: the receipt every service emits once its part is gone, and the
tombstone values that keep a late or redelivered event from bringing an erased candidate back."""

from __future__ import annotations

from .events import Event

# Larger than any real revision or version, so every "is this newer?" check ignores late events.
TOMBSTONE_VERSION = 2**31 - 1


def erased_receipt(request: Event, service: str) -> Event:
    return request.caused("CandidateErased", {"candidate_id": request.payload["candidate_id"], "service": service},
                          service)
