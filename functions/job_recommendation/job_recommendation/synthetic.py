"""Synthetic jobs and profiles shaped like the JobPosted and ProfileCreated payloads, for benchmarks and tests.

Skill popularity follows a power law tuned so the commonest skill is in about top_share of postings, the way
a few skills (Python, SQL, AWS...) dominate real ones.
"""

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import numpy as np

TITLES = (
    "Backend Engineer", "Frontend Developer", "Full Stack Developer", "Data Scientist", "Data Engineer",
    "DevOps Engineer", "Site Reliability Engineer", "Machine Learning Engineer", "Mobile Developer",
    "QA Engineer", "Security Engineer", "Product Manager", "Engineering Manager", "Cloud Architect",
    "Database Administrator", "Systems Administrator", "Embedded Software Engineer", "Game Developer",
    "Business Analyst", "UX Designer", "Technical Writer", "Solutions Architect", "Data Analyst",
    "Platform Engineer", "Software Engineer", "iOS Developer", "Android Developer", "Network Engineer",
)
# Real cities the time-zone table knows (so countries and offsets apply) and made-up ones with a country.
_COUNTRIES = ("Germany", "France", "Spain", "Canada", "Japan") * 6
CITIES = ("Berlin", "London", "Seoul", "New York", "Madrid", "Amsterdam", "Paris", "Tokyo", "Toronto", "Lisbon") + (
    tuple(f"City {i}, {country}" for i, country in enumerate(_COUNTRIES)))
# What a remote posting's location may say: no limit, a country, a region, a time-zone band.
REMOTE_LOCATIONS = ("Remote", "Anywhere", "Remote - Germany", "Remote (EU)", "Remote, UTC-6 to UTC-3",
                    "Remote (CET)", "Japan")
LEVELS = ("junior", "mid", "senior", "lead")
POLICIES = ("remote", "hybrid", "onsite")


def popularity(skills: int, per_entity: float, top_share: float) -> np.ndarray:
    """Power-law probabilities whose first skill lands in about top_share of sets of per_entity skills."""
    low, high = 0.0, 3.0
    for _ in range(60):
        exponent = (low + high) / 2
        p = np.arange(1, skills + 1, dtype=float) ** -exponent
        p /= p.sum()
        share = 1 - (1 - p[0]) ** per_entity
        low, high = (exponent, high) if share < top_share else (low, exponent)
    return p


class Synthetic:
    def __init__(self, now: datetime, seed: int = 7, skills: int = 2000, top_share: float = 0.15) -> None:
        self._now = now
        self._rng = np.random.default_rng(seed)
        self._cdf = np.cumsum(popularity(skills, 11.0, top_share))
        self._names = [f"skill{i:04d}" for i in range(skills)]

    def jobs(self, count: int, prefix: str = "job") -> Iterator[dict[str, Any]]:
        for i, skills, r in self._rows(count):
            low = r["salary"] if r["stated"] < 0.6 else None
            cut = max(1, round(len(skills) * 0.6))
            yield {
                "job_id": f"{prefix}-{i}", "version": 1, "status": "open", "title": self._title(r),
                "company": f"Company {i % 5000}", "location": self._job_location(r), "remote": POLICIES[r["policy"]],
                "salary_min": low, "salary_max": low + r["spread"] if low else None,
                "required_skills": skills[:cut], "nice_skills": skills[cut:],
                "seniority": LEVELS[r["level"]] if r["stated"] < 0.8 else None,
                "description": "", "url": f"https://jobs.example/{prefix}-{i}",
                "posted_at": self._days(-60 * r["age"]),
                "expires_at": self._days(1 + 59 * r["life"]) if r["life"] < 0.5 else None,
            }

    def profiles(self, count: int, prefix: str = "cand") -> Iterator[dict[str, Any]]:
        for i, skills, r in self._rows(count):
            years = round(20 * r["age"], 1)
            yield {
                "candidate_id": f"{prefix}-{i}", "profile_version": 1, "skills": skills,
                "titles": [self._title(r, k) for k in range(1 + r["level"] % 3)], "years_experience": years,
                "seniority": LEVELS[min(3, int(years // 4))],
                "locations": sorted({CITIES[r["city"]], self._place(r["city2"])})[: r["places"]],
                "remote": POLICIES[r["policy"]], "salary_min": r["salary"] if r["stated"] < 0.5 else None,
                "open_to_relocation": r["life"] < 0.2,
            }

    def _rows(self, count: int, chunk: int = 4096) -> Iterator[tuple[int, list[str], dict[str, Any]]]:
        """Draw every random field of a chunk at once: one NumPy call per field, not per record."""
        rng = self._rng
        for start in range(0, count, chunk):
            n = min(chunk, count - start)
            draws = np.searchsorted(self._cdf, rng.random((n, 40)) * self._cdf[-1]).tolist()
            fields = {
                "size": rng.integers(6, 17, n), "city": rng.integers(0, len(CITIES), n),
                "city2": rng.integers(0, len(CITIES), n), "policy": rng.integers(0, 3, n),
                "level": rng.integers(0, 4, n), "salary": rng.integers(30, 150, n) * 1000,
                "spread": rng.integers(10, 50, n) * 1000, "places": rng.integers(0, 3, n), "stated": rng.random(n),
                "age": rng.random(n), "life": rng.random(n), "senior": rng.random((n, 3)),
                "title": rng.integers(0, len(TITLES), (n, 3)),
            }
            columns = {k: v.tolist() for k, v in fields.items()}
            for row in range(n):
                r = {k: v[row] for k, v in columns.items()}
                yield start + row, [self._names[s] for s in list(dict.fromkeys(draws[row]))[: r["size"]]], r

    def _job_location(self, r: dict[str, Any]) -> str:
        if POLICIES[r["policy"]] == "remote" and r["life"] < 0.7:
            return REMOTE_LOCATIONS[r["city2"] % len(REMOTE_LOCATIONS)]
        return CITIES[r["city"]]

    def _place(self, city: int) -> str:
        """A city, or sometimes only the country of one (a candidate who would work anywhere in it)."""
        place = CITIES[city]
        return place.split(", ")[1] if ", " in place and city % 3 == 0 else place

    def _title(self, r: dict[str, Any], k: int = 0) -> str:
        title = TITLES[r["title"][k]]
        return f"Senior {title}" if r["senior"][k] < 0.2 else title

    def _days(self, days: float) -> str:
        return (self._now + timedelta(days=days)).isoformat()
