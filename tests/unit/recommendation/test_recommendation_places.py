"""The place and work-mode rules, one row per case a candidate would recognise."""

import pytest

from job_recommendation.places import candidate_place, job_place, parts, place_fit
from job_recommendation.weights import REMOTE_POLICIES

# (candidate's places, open to relocation, job's location, job's policy, fits, reason or None)
CASES = [
    # Remote jobs fit everyone...
    (["Seoul", "London"], False, "Remote", "remote", True, "Remote"),
    ([], False, "Anywhere", "remote", True, "Remote"),
    (["Munich"], False, "Berlin", "remote", True, "Remote"),
    # ...unless the posting limits where the worker is: country or region
    (["Berlin"], False, "Remote - Germany", "remote", True, "Remote, open to workers in Germany"),
    (["Munich, Bavaria, Germany"], False, "Remote (Germany)", "remote", True, "Remote, open to workers in Germany"),
    (["Seoul", "London"], False, "Remote - Germany", "remote", False, None),
    (["Seoul", "London"], False, "Remote (UK)", "remote", True, "Remote, open to workers in UK"),
    (["Lyon, France"], False, "Remote, EU", "remote", False, None),
    (["Lyon, France, EU"], False, "Remote, EU", "remote", True, "Remote, open to workers in EU"),
    ([], False, "Remote - Germany", "remote", True, "Remote"),
    # ...or a time-zone band
    (["Seoul"], False, "Remote (UTC+8 to UTC+10)", "remote", True, "Remote, open to workers in your time zone"),
    (["London"], False, "Remote (UTC+8 to UTC+10)", "remote", False, None),
    (["New York"], False, "Remote, EST", "remote", True, "Remote, open to workers in your time zone"),
    (["Berlin"], False, "Remote, EST", "remote", False, None),
    (["Berlin"], False, "Remote (CET)", "remote", True, "Remote, open to workers in your time zone"),
    (["Springfield"], False, "Remote (CET)", "remote", False, None),  # a place we cannot place in a zone
    # Hybrid and on-site: the job's place must be in one of the candidate's places
    (["Seoul", "London"], False, "Berlin", "onsite", False, None),
    (["Seoul", "London"], False, "Madrid", "hybrid", False, None),
    (["London"], False, "London", "hybrid", True, "Hybrid in London, one of your places"),
    (["london "], False, "London, UK", "onsite", True, "On-site in London, one of your places"),
    (["Berlin, Germany"], False, "Berlin", "onsite", True, "On-site in Berlin, one of your places"),
    (["Germany"], False, "Munich, Bavaria, Germany", "hybrid", True, "Hybrid in Germany, one of your places"),
    (["Germany"], False, "Berlin", "hybrid", True, "Hybrid in Germany, one of your places"),  # city known
    (["Bavaria"], False, "Munich, Bavaria, Germany", "onsite", True, "On-site in Bavaria, one of your places"),
    (["Munich"], False, "Berlin, Germany", "onsite", False, None),  # same country, another city
    (["Munich, Germany"], False, "Berlin, Germany", "onsite", False, None),  # the candidate named a city
    # Open to relocation lifts the place rule; naming no place means anywhere
    (["Seoul"], True, "Berlin", "onsite", True, "On-site, you are open to relocation"),
    (["Seoul"], True, "Madrid", "hybrid", True, "Hybrid, you are open to relocation"),
    (["Berlin"], True, "Berlin", "onsite", True, "On-site in Berlin, one of your places"),
    ([], False, "Berlin", "onsite", True, "On-site, you set no place"),
    # Relocation does not lift a remote job's limit: the posting is about where the worker is
    (["Seoul"], True, "Remote - Germany", "remote", False, None),
]


@pytest.mark.parametrize(("places", "relocate", "location", "policy", "fits", "reason"), CASES)
def test_place_rules(places: list[str], relocate: bool, location: str, policy: str, fits: bool,
                     reason: str | None) -> None:
    mode = REMOTE_POLICIES.index(policy)
    found = place_fit(candidate_place(places, relocate), job_place(location, mode), mode)
    assert (found.fits, found.reason) == (fits, reason)


@pytest.mark.parametrize(("location", "expected"), [
    ("Munich, Bavaria, Germany", ("munich", "bavaria", "germany")),
    ("  Berlin  ;  Germany ", ("berlin", "germany")),
    ("Remote - Germany", ("remote", "germany")),
    ("Remote (EU)", ("remote", "eu")),
    ("Aix-en-Provence", ("aix-en-provence",)),
    ("", ()),
])
def test_parts(location: str, expected: tuple[str, ...]) -> None:
    assert parts(location) == expected


def test_in_place_is_scored_even_where_the_rule_is_lifted() -> None:
    remote = REMOTE_POLICIES.index("remote")
    assert place_fit(candidate_place(["Berlin"]), job_place("Berlin", remote), remote).in_place
    assert not place_fit(candidate_place(["Seoul"], True), job_place("Berlin", 2), 2).in_place


@pytest.mark.parametrize(("location", "names"), [
    ("Remote", set()), ("Berlin", set()), ("Berlin, Germany", set()), ("Germany", {"germany"}),
    ("Remote - Munich", {"munich"}), ("EMEA", {"emea"}), ("Remote (UTC-5 to UTC-3)", set()),
])
def test_what_limits_a_remote_job(location: str, names: set[str]) -> None:
    assert job_place(location, REMOTE_POLICIES.index("remote")).names == names
