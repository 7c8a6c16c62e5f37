"""Recommendation's decision rules, as pure functions of what a transaction read and one event's payload: which
documents to write and which events to emit. No I/O: the handlers (handlers.py, fan_out.py) load inside the
transaction, call these, and store the Decision; time and the sent records' retention are passed in.

The rules: an older profile or job version changes nothing, and neither does any profile event once the
erasure's tombstone is stored; a candidate is offered a job at most once (pairs already sent are never offered
again, so a redelivered or concurrent event tells nobody twice); a fan-out chunk tells only candidates not told
whose profile copy is stored and not erased, stops when the stored job is another version, and is continued
only when it was full."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeGuard

from jobfeed.erasure import TOMBSTONE_VERSION

from .collections import JOBS, PROFILES, SENT
from .model import JobDoc, Match
from .offers import offer_payload, pair_id, sent_record

Found = Sequence[tuple[JobDoc, Match]]  # ranked matches, best first
WIDEN = 4  # how much further each new round of a profile's match looks when sent jobs crowd out the top n


@dataclass(frozen=True, slots=True)
class Write:
    """A document to set (whole) in the transaction. stamped: the store adds `updated_at`, the server's commit
    time, which the index's catch-up orders by (store.py) and which only the store can name."""

    collection: str
    doc_id: str
    fields: dict[str, Any]
    stamped: bool = False


@dataclass(frozen=True, slots=True)
class Emit:
    """An event to emit. correlation_id None: the cause's (a follow-up in the same flow)."""

    event_type: str
    payload: dict[str, Any]
    correlation_id: str | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    writes: tuple[Write, ...] = ()
    emits: tuple[Emit, ...] = ()

    def then(self, other: Decision) -> Decision:
        return Decision(self.writes + other.writes, self.emits + other.emits)


NOTHING = Decision()


def merged(decisions: Iterable[Decision]) -> Decision:
    parts = list(decisions)
    return Decision(tuple(w for d in parts for w in d.writes), tuple(e for d in parts for e in d.emits))


@dataclass(frozen=True, slots=True)
class Chunk:
    """One fan-out chunk as the index gave it: the next candidates after the cursor (in id order) that fit the
    job, and their profile versions in the index."""

    job: JobDoc
    number: int
    size: int  # a full chunk (this many candidates) is continued
    candidates: Sequence[tuple[str, Match]]
    versions: Mapping[str, int]


# --- staleness ---------------------------------------------------------------------------------------------------

def profile_is_stale(stored: Mapping[str, Any] | None, version: int) -> bool:
    """A newer profile version or the erasure's tombstone is stored (None: nothing is). The same version again
    (a redelivery) is not stale: the sent pairs keep it from telling anything twice."""
    if stored is None:
        return False
    return bool(stored.get("erased")) or int(stored.get("profile_version", 0)) > version


def job_is_stale(stored_version: int, version: int) -> bool:
    """A newer version of the job (or its closing) is stored (0: none is)."""
    return stored_version > version


# --- a profile's matches -------------------------------------------------------------------------------------------

def first_want(top_n: int) -> int:
    """How many ranked jobs a profile's match asks for first: some room for jobs sent before."""
    return 2 * top_n


def fresh_matches(found: Found, sent: Collection[str], top_n: int, want: int) -> tuple[list[tuple[JobDoc, Match]],
                                                                                      int | None]:
    """The best top_n of `found` whose job was not sent (job ids), and None; or, when sent jobs leave fewer than
    top_n while the ranking may hold more (it returned all `want` it was asked for), the next, wider want."""
    fresh = [(job, match) for job, match in found if job.job_id not in sent]
    if len(fresh) >= top_n or len(found) < want:
        return fresh[:top_n], None
    return fresh, want * WIDEN


def decide_profile(stored: Mapping[str, Any] | None, profile: Mapping[str, Any], fresh: Found, now: datetime,
                   retention: timedelta) -> Decision:
    """ProfileCreated: keep the copy and offer the fresh matches (none: no event); nothing when stale."""
    if profile_is_stale(stored, int(profile["profile_version"])):
        return NOTHING
    kept = Decision((Write(PROFILES, profile["candidate_id"], dict(profile), stamped=True),))
    if not fresh:
        return kept
    return kept.then(offer(profile["candidate_id"], profile["profile_version"], fresh, now, retention))


def offer(candidate_id: str, profile_version: int, found: Found, now: datetime, retention: timedelta) -> Decision:
    """One OpenJobsFound to the candidate (their own flow's correlation id, whichever side caused it), and a
    sent record per job in the same commit."""
    records = tuple(Write(SENT, pair_id(candidate_id, job.job_id), sent_record(candidate_id, job, now, retention))
                    for job, _ in found)
    told = Emit("OpenJobsFound", offer_payload(candidate_id, profile_version, list(found)), candidate_id)
    return Decision(records, (told,))


# --- a job and its fan-out ------------------------------------------------------------------------------------------

def decide_job(stored_version: int, job: Mapping[str, Any], first_chunk: Decision) -> Decision:
    """JobPosted: its fan-out's first chunk and the job's copy; nothing when a newer version is stored."""
    if job_is_stale(stored_version, job["version"]):
        return NOTHING
    return first_chunk.then(Decision((Write(JOBS, job["job_id"], dict(job), stamped=True),)))


def chunk_runs(indexed: JobDoc | None, version: int) -> TypeGuard[JobDoc]:
    """The index holds this very version of the job: else (a newer one, or the closing, took over) the chunk does
    nothing and reads nothing."""
    return indexed is not None and indexed.version == version


def decide_chunk(chunk: Chunk, told: Collection[str], kept: Collection[str], stored_version: int | None,
                 now: datetime, retention: timedelta) -> Decision:
    """Offer the job to the chunk's candidates not told before whose profile copy is kept (stored, not the
    erasure's tombstone), and continue after the last one when the chunk was full. A candidate with no stored
    copy is one whose ProfileCreated has not committed (still in its transaction on this instance, or failed):
    its own match offers its best jobs, and no pair is ever written without a stored copy (the profile match
    relies on it, sent.py).
    stored_version: the job's stored version when the chunk read it (a JobFanOutDue), None when it did not (the
    JobPosted that starts the fan-out); another version stops the fan-out."""
    job = chunk.job
    if stored_version is not None and stored_version != job.version:
        return NOTHING
    offers = [offer(candidate_id, chunk.versions.get(candidate_id, 0), [(job, match)], now, retention)
              for candidate_id, match in chunk.candidates if candidate_id not in told and candidate_id in kept]
    if len(chunk.candidates) == chunk.size:
        due = {"job_id": job.job_id, "job_version": job.version, "cursor": chunk.candidates[-1][0],
               "chunk": chunk.number + 1}
        offers.append(Decision(emits=(Emit("JobFanOutDue", due),)))
    return merged(offers)


# --- erasure -------------------------------------------------------------------------------------------------------

def decide_erasure(candidate_id: str) -> Decision:
    """The tombstone that replaces the profile copy: it outranks any late ProfileCreated (profile_is_stale) and
    stops fan-out chunks from telling the candidate. (The receipt is the shared library's: jobfeed.erasure.)"""
    tombstone = {"candidate_id": candidate_id, "erased": True, "profile_version": TOMBSTONE_VERSION}
    return Decision((Write(PROFILES, candidate_id, tombstone, stamped=True),))
