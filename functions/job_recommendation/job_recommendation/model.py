"""Normalised, matching-ready views of JobPosted and ProfileCreated payloads, and the Match result."""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from job_recommendation.places import CandidatePlace, JobPlace, candidate_place, job_place
from job_recommendation.titles import title_tokens
from job_recommendation.weights import LEVELS, REMOTE_POLICIES, skill_weights

MAX_TITLES = 4  # titles of a profile used for matching; the index keeps a fixed-width row of them
NAN = math.nan


@dataclass(frozen=True, slots=True)
class Match:
    job_id: str
    score: float
    reasons: list[str]


@dataclass(frozen=True, slots=True)
class JobDoc:
    job_id: str
    version: int
    title: str
    company: str
    location: str
    remote: int  # index into REMOTE_POLICIES
    url: str
    required: tuple[str, ...]
    nice: tuple[str, ...]
    required_weight: float  # of each required skill in the score
    nice_weight: float
    title_tokens: frozenset[str]
    level: int  # index into LEVELS, -1 when the posting does not say
    where: JobPlace
    salary_min: float  # NaN when not stated
    salary_max: float
    posted_ts: float
    expires_ts: float  # +inf when it never expires

    def weighted_skills(self) -> list[tuple[str, float]]:
        return [(s, self.required_weight) for s in self.required] + [(s, self.nice_weight) for s in self.nice]


@dataclass(frozen=True, slots=True)
class ProfileDoc:
    candidate_id: str
    version: int
    skills: frozenset[str]
    titles: tuple[str, ...]
    title_tokens: tuple[frozenset[str], ...]
    years: float
    level: int
    where: CandidatePlace  # no place named means "anywhere"
    remote: int
    salary_floor: float  # NaN when the candidate set none


def job_from_payload(job: Mapping[str, Any]) -> JobDoc:
    required = _unique(job["required_skills"])
    nice = tuple(s for s in _unique(job["nice_skills"]) if s not in set(required))
    expires = job.get("expires_at")
    required_weight, nice_weight = skill_weights(len(required), len(nice))
    return JobDoc(
        job_id=job["job_id"], version=int(job["version"]), title=job["title"], company=job["company"],
        location=job["location"], remote=REMOTE_POLICIES.index(job["remote"]), url=job["url"],
        required=required, nice=nice, required_weight=required_weight, nice_weight=nice_weight,
        title_tokens=title_tokens(job["title"]), level=_level(job.get("seniority")),
        where=job_place(job["location"], REMOTE_POLICIES.index(job["remote"])),
        salary_min=_money(job.get("salary_min")), salary_max=_money(job.get("salary_max")),
        posted_ts=timestamp(job["posted_at"]),
        expires_ts=timestamp(expires) if expires else math.inf,
    )


def profile_from_payload(profile: Mapping[str, Any]) -> ProfileDoc:
    titles, tokens = _titles(profile["titles"])
    return ProfileDoc(
        candidate_id=profile["candidate_id"], version=int(profile["profile_version"]),
        skills=frozenset(profile["skills"]), titles=titles, title_tokens=tokens,
        years=float(profile["years_experience"]), level=_level(profile["seniority"]),
        where=candidate_place(profile["locations"], bool(profile.get("open_to_relocation"))),
        remote=REMOTE_POLICIES.index(profile["remote"]), salary_floor=_money(profile.get("salary_min")),
    )


def timestamp(rfc3339: str) -> float:
    moment = datetime.fromisoformat(rfc3339)
    if moment.tzinfo is None:  # the schema says UTC; be lenient with a missing offset
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def _titles(raw: Iterable[str]) -> tuple[tuple[str, ...], tuple[frozenset[str], ...]]:
    titles: list[str] = []
    tokens: list[frozenset[str]] = []
    for title in raw:
        toks = title_tokens(title)
        if toks and toks not in tokens and len(tokens) < MAX_TITLES:
            titles.append(title)
            tokens.append(toks)
    return tuple(titles), tuple(tokens)


def _unique(skills: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(skills))


def _level(seniority: str | None) -> int:
    level = (seniority or "").strip().lower()
    return LEVELS.index(level) if level in LEVELS else -1


def _money(value: int | None) -> float:
    return NAN if value is None else float(value)
