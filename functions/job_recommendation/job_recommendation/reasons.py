"""Short, human-readable reasons for a match, in the order a candidate cares about them."""

import math

from job_recommendation.model import JobDoc, ProfileDoc
from job_recommendation.places import place_fit
from job_recommendation.scoring import salary_fit
from job_recommendation.titles import title_tokens
from job_recommendation.weights import LEVELS, SALARY_PARTLY

_LEVEL_NAMES = dict(zip(LEVELS, ("Junior", "Mid-level", "Senior", "Lead"), strict=True))
_SHOWN_SKILLS = 5


def explain(profile: ProfileDoc, job: JobDoc, now_ts: float) -> list[str]:
    found = (
        _skills(profile, job.required, "required skills"),
        _skills(profile, job.nice, "nice-to-have skills"),
        _title(profile, job),
        _seniority(profile, job),
        _place(profile, job),
        _salary(profile, job),
        _fresh(job, now_ts),
    )
    return [reason for reason in found if reason]


def _skills(profile: ProfileDoc, wanted: tuple[str, ...], label: str) -> str | None:
    matched = [s for s in wanted if s in profile.skills]
    if not matched:
        return None
    shown = ", ".join(matched[:_SHOWN_SKILLS])
    more = f" and {len(matched) - _SHOWN_SKILLS} more" if len(matched) > _SHOWN_SKILLS else ""
    return f"{len(matched)} of {len(wanted)} {label}: {shown}{more}"


def _title(profile: ProfileDoc, job: JobDoc) -> str | None:
    for title in profile.titles:
        tokens = title_tokens(title)
        inter = len(tokens & job.title_tokens)
        if inter and inter / len(tokens | job.title_tokens) >= 0.5:
            return f"Title fits your \"{title}\""
    return None


def _seniority(profile: ProfileDoc, job: JobDoc) -> str | None:
    if job.level < 0 or profile.level < 0:
        return None
    role = f"{_LEVEL_NAMES[LEVELS[job.level]]} role"
    if job.level == profile.level:
        years = round(profile.years)
        return f"{role}, {years} year{'' if years == 1 else 's'}"
    return f"{role}, one level from yours" if abs(job.level - profile.level) == 1 else None


def _place(profile: ProfileDoc, job: JobDoc) -> str | None:
    return place_fit(profile.where, job.where, job.remote).reason


def _salary(profile: ProfileDoc, job: JobDoc) -> str | None:
    low, high = job.salary_min, job.salary_max
    if math.isnan(low) and math.isnan(high):
        return None
    if math.isnan(high):
        text = f"Salary from {low:,.0f}"
    elif math.isnan(low):
        text = f"Salary up to {high:,.0f}"
    else:
        text = f"Salary {low:,.0f}-{high:,.0f}"
    if math.isnan(profile.salary_floor):
        return text
    verb = "reaches" if salary_fit(profile.salary_floor, low, high) == SALARY_PARTLY else "meets"
    return f"{text}, {verb} your {profile.salary_floor:,.0f} floor"


def _fresh(job: JobDoc, now_ts: float) -> str | None:
    days = int(max(0.0, now_ts - job.posted_ts) // 86400)
    if days > 7:
        return None
    return "Posted today" if days == 0 else f"Posted {days} day{'' if days == 1 else 's'} ago"
