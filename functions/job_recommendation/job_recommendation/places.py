"""Where a job is done and who can do it from where: the place and work-mode rules, pure and table-tested.

A place is read as comma-separated parts, most specific first ("Munich, Bavaria, Germany"); a city the IANA
time-zone table knows ("Berlin", "Seoul") also gains its country ("germany") and its UTC offset.

- Remote jobs fit everyone, unless the posting names where the worker must be: a place next to the word
  remote or a bare country or region ("Remote - Germany", "Remote (EU)", "Germany"), or a time-zone band
  ("Remote, UTC-5 to UTC-3", "Remote (CET)"); a city alone ("Berlin") is where the company sits, not a limit.
  Then a candidate fits when one of their places is known to be inside it; one who named no place set none.
- Hybrid and on-site jobs fit a candidate one of whose places contains the job's place: the most specific part
  the candidate named (a city, or a region or country when that is what they wrote) is one of the job's parts.
- A candidate open to relocation, or one who named no place, fits every hybrid and on-site job.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from job_recommendation.gazetteer import city_countries, city_offset, is_country
from job_recommendation.weights import REMOTE

# Words that say "remote" rather than where: a remote posting made only of them is unrestricted.
_ANYWHERE = frozenset({"remote", "anywhere", "worldwide", "global", "fully remote", "work from home", "wfh", ""})
_SPLIT = re.compile(r"\s*(?:,|;|/|\||\(|\)|\s[-–]\s|\bor\b|\band\b|\bto\b)\s*")
_OFFSET = re.compile(r"\b(?:utc|gmt)(?:\s*([+\-−])\s*(\d{1,2})(?::?(00|30|45))?)?", re.I)
_ZONES = {"wet": 0.0, "cet": 1.0, "cest": 2.0, "eet": 2.0, "msk": 3.0, "ist": 5.5, "sgt": 8.0, "jst": 9.0,
          "kst": 9.0, "aest": 10.0, "est": -5.0, "cst": -6.0, "mst": -7.0, "pst": -8.0}
_ABBREVIATION = re.compile(rf"\b({'|'.join(_ZONES)})\b", re.I)
_SLACK_H = 1.0  # a posting naming one zone ("CET") takes workers within an hour of it
# The index keeps fixed-width rows of these, so they are capped here, where the exact rules read them too.
MAX_PARTS, MAX_JOB_PARTS, MAX_OFFSETS = 4, 8, 4


@dataclass(frozen=True, slots=True)
class JobPlace:
    parts: frozenset[str]  # the job's place and what contains it
    names: frozenset[str]  # a remote job's country or region limit; empty when none
    band: tuple[float, float] | None  # a remote job's UTC offset limit in hours, inclusive


@dataclass(frozen=True, slots=True)
class CandidatePlace:
    keys: frozenset[str]  # the most specific part of each place named: what a job's place must contain
    areas: frozenset[str]  # every part of every place, with known countries: what a remote limit must name
    offsets: tuple[float, ...]  # UTC offsets of the places whose city is known
    relocate: bool


@dataclass(frozen=True, slots=True)
class PlaceFit:
    fits: bool
    in_place: bool  # the job is in one of the candidate's places (scored), not only allowed
    reason: str | None


def parts(location: str) -> tuple[str, ...]:
    """'Munich, Bavaria, Germany' -> ('munich', 'bavaria', 'germany'); case and spacing folded."""
    found = (" ".join(p.lower().split()) for p in _SPLIT.split(location))
    return tuple(dict.fromkeys(p for p in found if any(c.isalnum() for c in p)))[:MAX_PARTS]


def job_place(location: str, policy: int) -> JobPlace:
    named = parts(_OFFSET.sub(" ", _ABBREVIATION.sub(" ", location)))
    known = tuple(country for p in named[:1] for country in city_countries(p))
    if policy != REMOTE:
        return JobPlace(frozenset((named + known)[:MAX_JOB_PARTS]), frozenset(), None)
    rest = tuple(p for p in named if not _says_remote(p))
    # "Remote - Munich" or "Germany" state a limit; a plain "Berlin, Germany" is where the company sits.
    names = rest if len(rest) < len(named) or (rest and is_country(rest[0])) else ()
    return JobPlace(frozenset((rest + known)[:MAX_JOB_PARTS]), frozenset(names), _band(location))


def candidate_place(locations: Iterable[str], relocate: bool = False) -> CandidatePlace:
    split = [p for p in map(parts, locations) if p]
    cities = [p[0] for p in split]
    areas = {part for p in split for part in p} | {c for city in cities for c in city_countries(city)}
    offsets = tuple(sorted({o for city in cities if (o := city_offset(city)) is not None}))[:MAX_OFFSETS]
    return CandidatePlace(frozenset(cities), frozenset(areas), offsets, relocate)


def place_fit(candidate: CandidatePlace, job: JobPlace, policy: int) -> PlaceFit:
    """Whether the job's place and work mode fit the candidate, and the reason to show them."""
    in_place = not candidate.keys or bool(candidate.keys & job.parts)
    if policy == REMOTE:
        fits = within_limit(candidate, job)
        return PlaceFit(fits, in_place, _remote_reason(candidate, job) if fits else None)
    mode = "Hybrid" if policy == 1 else "On-site"
    if candidate.keys and in_place:
        where = _shown(min(candidate.keys & job.parts))
        return PlaceFit(True, True, f"{mode} in {where}, one of your places")
    if candidate.relocate:
        return PlaceFit(True, in_place, f"{mode}, you are open to relocation")
    return PlaceFit(not candidate.keys, in_place, f"{mode}, you set no place" if not candidate.keys else None)


def within_limit(candidate: CandidatePlace, job: JobPlace) -> bool:
    """A remote job's country/region and time-zone limits; a candidate with no place set no limit of theirs."""
    if not candidate.keys:
        return True
    if job.names and not job.names & candidate.areas:
        return False
    return job.band is None or any(job.band[0] <= o <= job.band[1] for o in candidate.offsets)


def _remote_reason(candidate: CandidatePlace, job: JobPlace) -> str:
    if not candidate.keys or not (job.names or job.band):
        return "Remote"
    inside = sorted(job.names & candidate.areas)
    where = _shown(inside[0]) if inside else "your time zone"
    return f"Remote, open to workers in {where}"


def _says_remote(part: str) -> bool:
    return part in _ANYWHERE or part.startswith("remote")


def _band(location: str) -> tuple[float, float] | None:
    offsets = [_offset(*m.groups()) for m in _OFFSET.finditer(location)]
    offsets += [_ZONES[m.group(1).lower()] for m in _ABBREVIATION.finditer(location)]
    if not offsets:
        return None
    if len(offsets) == 1:
        return offsets[0] - _SLACK_H, offsets[0] + _SLACK_H
    return min(offsets), max(offsets)


def _offset(sign: str | None, hours: str | None, minutes: str | None) -> float:
    size = int(hours or 0) + int(minutes or 0) / 60
    return -size if sign in ("-", "−") else size


def _shown(name: str) -> str:
    return name.upper() if len(name) <= 3 else name.title()
