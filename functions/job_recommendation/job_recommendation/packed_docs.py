"""The index's documents by id, each kept as a small marshal record until something reads it.

A snapshot carries the documents packed, so a cold instance loads 200k byte strings instead of rebuilding
millions of Python objects (frozensets of skills, places, title tokens): at 100k x 100k that rebuild was most of
the load. A document is unpacked the first time a match scores or explains it, and stays unpacked; an instance
that writes a snapshot packs only what it has unpacked or added since. marshal handles exactly the types the
records hold (str, int, float, tuple, frozenset, None) and is several times faster than pickle for them.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from job_recommendation.model import JobDoc, ProfileDoc
from job_recommendation.places import CandidatePlace, JobPlace

Doc = TypeVar("Doc", JobDoc, ProfileDoc)
_MARSHAL_VERSION = 4


class PackedDocs(Generic[Doc]):
    """id -> document; every id is either unpacked (`_docs`) or packed (`_packed`), never both."""

    def __init__(self, pack: Callable[[Doc], tuple[Any, ...]], unpack: Callable[[tuple[Any, ...]], Doc]) -> None:
        self._pack, self._unpack = pack, unpack
        self._docs: dict[str, Doc] = {}
        self._packed: dict[str, bytes] = {}

    def get(self, key: str) -> Doc | None:
        doc = self._docs.get(key)
        if doc is None and key in self._packed:
            doc = self._docs[key] = self._unpack(marshal.loads(self._packed.pop(key)))  # noqa: S302 (our own)
        return doc

    def __getitem__(self, key: str) -> Doc:
        doc = self.get(key)
        if doc is None:
            raise KeyError(key)
        return doc

    def __setitem__(self, key: str, doc: Doc) -> None:
        self._packed.pop(key, None)
        self._docs[key] = doc

    def __contains__(self, key: object) -> bool:
        return key in self._docs or key in self._packed

    def __len__(self) -> int:
        return len(self._docs) + len(self._packed)

    def pop(self, key: str, default: Doc | None = None) -> Doc | None:
        doc = self.get(key)
        if doc is None:
            return default
        del self._docs[key]
        return doc

    def values(self) -> Iterator[Doc]:
        """Every document (unpacking them all: for benches, tests and tools, not the event path)."""
        for key in list(self._packed):
            self.get(key)
        return iter(list(self._docs.values()))

    def __getstate__(self) -> tuple[Any, ...]:
        """Every document packed (the functions are pickled by name)."""
        packed = dict(self._packed)
        for key, doc in self._docs.items():
            packed[key] = marshal.dumps(self._pack(doc), _MARSHAL_VERSION)
        return self._pack, self._unpack, packed

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self._pack, self._unpack, self._packed = state
        self._docs = {}


def job_docs() -> PackedDocs[JobDoc]:
    return PackedDocs(_pack_job, _unpack_job)


def profile_docs() -> PackedDocs[ProfileDoc]:
    return PackedDocs(_pack_profile, _unpack_profile)


def _pack_job(job: JobDoc) -> tuple[Any, ...]:
    where = job.where
    return (job.job_id, job.version, job.title, job.company, job.location, job.remote, job.url, job.required,
            job.nice, job.required_weight, job.nice_weight, job.title_tokens, job.level,
            (where.parts, where.names, where.band), job.salary_min, job.salary_max, job.posted_ts, job.expires_ts)


def _unpack_job(record: tuple[Any, ...]) -> JobDoc:
    *head, where, salary_min, salary_max, posted_ts, expires_ts = record
    return JobDoc(*head, JobPlace(*where), salary_min, salary_max, posted_ts, expires_ts)


def _pack_profile(profile: ProfileDoc) -> tuple[Any, ...]:
    where = profile.where
    return (profile.candidate_id, profile.version, profile.skills, profile.titles, profile.title_tokens,
            profile.years, profile.level, (where.keys, where.areas, where.offsets, where.relocate), profile.remote,
            profile.salary_floor)


def _unpack_profile(record: tuple[Any, ...]) -> ProfileDoc:
    *head, where, remote, salary_floor = record
    return ProfileDoc(*head, CandidatePlace(*where), remote, salary_floor)
