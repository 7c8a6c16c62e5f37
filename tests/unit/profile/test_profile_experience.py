"""Years of experience from date ranges, overlaps counted once, "Present" relative to a given day."""

from __future__ import annotations

from datetime import date

import pytest

from candidate_profile.experience import years_of_experience

TODAY = date(2025, 6, 15)


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Jan 2019 - Present", 6.5),  # Jan 2019 .. Jun 2025, inclusive months
        ("January 2019 – December 2019", 1.0),
        ("03/2016 - 08/2018", 2.5),
        ("2014 to 2016", 2.0),
        ("2019-03 – 2020-02", 1.0),
        ("Sept. 2020 — Current", 4.8),
        ("Since Jan 2024", 1.5),
        ("Mar 2017 until Feb 2018", 1.0),
    ],
)
def test_usual_formats(text, years):
    assert years_of_experience(text, TODAY) == years


def test_overlapping_jobs_are_counted_once():
    text = "Acme: Jan 2018 - Dec 2020\nFreelance: Jun 2019 - Jun 2021\nLater: Jan 2023 - Dec 2023"
    assert years_of_experience(text, TODAY) == 3.5 + 1.0  # Jan 2018 .. Jun 2021, then 2023


def test_present_is_relative_to_today_and_future_dates_are_capped():
    assert years_of_experience("Jan 2024 - Present", date(2024, 12, 31)) == 1.0
    assert years_of_experience("Jan 2024 - Dec 2030", date(2024, 12, 31)) == 1.0
    assert years_of_experience("Jan 2030 - Present", TODAY) is None


def test_no_ranges_means_unknown_not_zero():
    assert years_of_experience("Worked at many places, no dates given.", TODAY) is None
