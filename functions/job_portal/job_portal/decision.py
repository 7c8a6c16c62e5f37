"""What a Portal decision says to do, as plain data: the documents to write (by kind and id) and the events to
emit. The *_rules modules return one; the handlers only load what it needs and store what it says
(firestore_writes.py), so the rules are tested without an emulator."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from jobfeed.events import Event

# The kinds of documents the Portal writes (collections.py names their collections).
CANDIDATE, EMAIL, PROFILE, FEED_ENTRY = "candidate", "email", "profile", "feed_entry"
Op = Literal["create", "set", "merge", "update", "delete"]


@dataclass(frozen=True)
class Write:
    kind: str
    id: str
    op: Op
    fields: dict[str, Any] = field(default_factory=dict)
    parent: str | None = None  # the candidate a feed entry belongs to


@dataclass(frozen=True)
class Decision:
    writes: tuple[Write, ...] = ()
    events: tuple[Event, ...] = ()
    outcome: Any = None  # what the caller answers with: a refusal's reason, the stored document...

    def written(self, kind: str) -> dict[str, Write]:
        """The writes of one kind, by document id (for tests and callers that answer with what was stored)."""
        return {write.id: write for write in self.writes if write.kind == kind}


NOTHING = Decision()
