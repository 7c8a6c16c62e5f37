import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from job_portal.forms import Preferences, Registration, parse_preferences, parse_registration

VALID = {
    "name": "Ada Lovelace",
    "email": "ada@Example.COM",
    "locations": "London, Cambridge",
    "titles": "Data engineer",
    "skills": "Python, SQL",
    "years_experience": "4.5",
    "salary_min": "45000",
    "remote": "hybrid",
    "cadence": "weekly",
    "consent": "yes",
}


def form(**changes: object) -> dict:
    data = dict(VALID, **changes)
    return {key: value for key, value in data.items() if value is not None}


def error_for(**changes: object) -> dict[str, str]:
    registration, errors = parse_registration(form(**changes))
    assert registration is None
    return errors


def test_a_valid_form_gives_a_normalised_registration() -> None:
    registration, errors = parse_registration(form())
    assert errors == {}
    assert registration == Registration(
        name="Ada Lovelace", email="ada@example.com", locations=["London", "Cambridge"], titles=["Data engineer"],
        skills=["Python", "SQL"], years_experience=4.5, salary_min=45000, remote="hybrid", cadence="weekly",
        consent=True,
    )


def test_a_json_body_with_lists_numbers_and_booleans_is_accepted() -> None:
    body = form(locations=["Berlin", "Köln, NRW"], titles=["Backend developer"], skills=[], years_experience=3,
                salary_min=60000.0, consent=True, remote="Remote", cadence="INSTANT")
    registration, errors = parse_registration(body)
    assert errors == {}
    assert registration is not None
    assert registration.locations == ["Berlin", "Köln, NRW"]  # a list item keeps its comma
    assert (registration.years_experience, registration.salary_min) == (3.0, 60000)
    assert (registration.remote, registration.cadence, registration.skills) == ("remote", "instant", [])


@pytest.mark.parametrize("field", ["name", "email", "locations", "titles", "remote", "cadence", "consent"])
def test_each_required_field_missing_gives_its_own_error(field: str) -> None:
    errors = error_for(**{field: None})
    assert list(errors) == [field]
    assert errors[field].endswith(".") and len(errors[field].split()) >= 3  # a sentence, not a code


@pytest.mark.parametrize("field", ["skills", "years_experience", "salary_min"])
def test_optional_fields_may_be_left_empty(field: str) -> None:
    registration, errors = parse_registration(form(**{field: ""}))
    assert errors == {}
    assert getattr(registration, field) in ([], None)


def test_an_empty_form_lists_every_required_field() -> None:
    registration, errors = parse_registration({})
    assert registration is None
    assert set(errors) == {"name", "email", "locations", "titles", "remote", "cadence", "consent"}


@pytest.mark.parametrize("email", ["ada", "ada@", "@example.com", "ada@@example.com", "ada@exa mple.com",
                                   "ada@example", "ada@example.com\r\nBcc: x@y.z", "a" * 250 + "@example.com"])
def test_invalid_email_addresses_are_rejected(email: str) -> None:
    assert "valid email address" in error_for(email=email)["email"]


def test_email_keeps_the_local_part_and_lowercases_the_domain() -> None:
    registration, _ = parse_registration(form(email="  Zoë.Nunez@Exämple.ORG "))
    assert registration is not None
    assert registration.email == "Zoë.Nunez@exämple.org"


@pytest.mark.parametrize("name", ["Zoë Ñúñez", "李小龍", "Ølstrøm", "Анна Каренина", "محمد", "O'Brien-Smith"])
def test_names_in_any_script_are_kept_intact(name: str) -> None:
    registration, errors = parse_registration(form(name=name))
    assert errors == {}
    assert registration is not None and registration.name == name


def test_names_are_nfc_normalised_and_cleaned_of_control_characters() -> None:
    registration, _ = parse_registration(form(name="  Zoe\u0308\x00 \u202eÑúñez\t "))
    assert registration is not None
    assert registration.name == "Zoë Ñúñez"


def test_markup_in_a_name_is_kept_as_data() -> None:
    registration, errors = parse_registration(form(name="<script>alert(1)</script>"))
    assert errors == {}
    assert registration is not None and registration.name == "<script>alert(1)</script>"


@pytest.mark.parametrize("name", ["Ada\nLovelace", "Ada\r\nBcc: x@y.z"])
def test_line_breaks_in_a_name_are_rejected(name: str) -> None:
    assert error_for(name=name)["name"] == "Your name must be on one line."


def test_name_length_is_limited_to_100_characters() -> None:
    assert parse_registration(form(name="李" * 100))[1] == {}
    assert "100 characters" in error_for(name="李" * 101)["name"]
    assert error_for(name="   ")["name"] == "Enter your name."


def test_list_items_are_trimmed_deduplicated_and_limited() -> None:
    registration, _ = parse_registration(form(titles=" Data engineer ,data ENGINEER,, \nAnalyst"))
    assert registration is not None and registration.titles == ["Data engineer", "Analyst"]
    assert parse_registration(form(titles=",".join(f"t{i}" for i in range(10))))[1] == {}
    assert "at most 10 job titles" in error_for(titles=",".join(f"t{i}" for i in range(11)))["titles"]
    assert "at most 10 locations" in error_for(locations=[f"city {i}" for i in range(11)])["locations"]
    assert parse_registration(form(skills=[f"s{i}" for i in range(50)]))[1] == {}
    assert "at most 50 skills" in error_for(skills=[f"s{i}" for i in range(51)])["skills"]


def test_each_list_item_is_limited_to_60_characters() -> None:
    assert parse_registration(form(skills="x" * 60))[1] == {}
    assert "60 characters" in error_for(skills="ok, " + "x" * 61)["skills"]
    assert "60 characters" in error_for(locations=["y" * 61])["locations"]


def test_a_list_field_given_something_else_is_rejected() -> None:
    assert "separated by commas" in error_for(titles=[1, 2])["titles"]


@pytest.mark.parametrize("field,value", [("remote", "anywhere"), ("cadence", "hourly"), ("remote", ["remote"])])
def test_values_outside_the_enums_are_rejected(field: str, value: object) -> None:
    assert field in error_for(**{field: value})


@pytest.mark.parametrize("value,expected", [("0", 0.0), ("60", 60.0), ("2,5", 2.5), (7, 7.0)])
def test_years_of_experience_accepts_numbers_from_0_to_60(value: object, expected: float) -> None:
    registration, errors = parse_registration(form(years_experience=value))
    assert errors == {} and registration is not None
    assert registration.years_experience == expected


@pytest.mark.parametrize("value", ["-1", "60.5", "ten", "nan", "inf", True, "1e400"])
def test_years_of_experience_rejects_other_values(value: object) -> None:
    assert "years_experience" in error_for(years_experience=value)


@pytest.mark.parametrize("value,expected", [("0", 0), ("45,000", 45000), ("45 000", 45000), ("10000000", 10_000_000),
                                            (52000, 52000)])
def test_salary_accepts_whole_numbers_with_thousands_separators(value: object, expected: int) -> None:
    registration, errors = parse_registration(form(salary_min=value))
    assert errors == {} and registration is not None
    assert registration.salary_min == expected


@pytest.mark.parametrize("value", ["-5", "45000.50", "4,50", "€45000", "10000001", 1.5, False, "1" * 400, "9" * 5000])
def test_salary_rejects_other_values(value: object) -> None:
    assert "salary_min" in error_for(salary_min=value)


@pytest.mark.parametrize("value", ["", "no", "false", False, "0"])
def test_consent_must_be_given(value: object) -> None:
    assert "Tick the box" in error_for(consent=value)["consent"]


def test_preferences_reuse_the_same_rules() -> None:
    data = {"titles": "Analyst", "locations": ["Oslo"], "remote": "onsite", "salary_min": "", "cadence": "daily"}
    assert parse_preferences(data) == (Preferences(["Analyst"], ["Oslo"], "onsite", None, "daily", []), {})
    preferences, errors = parse_preferences({"titles": "", "remote": "moon", "salary_min": "lots"})
    assert preferences is None
    assert set(errors) == {"titles", "locations", "remote", "salary_min", "cadence"}


def test_a_registration_carries_its_preferences() -> None:
    registration, _ = parse_registration(form())
    assert registration is not None
    assert registration.preferences() == Preferences(["Data engineer"], ["London", "Cambridge"], "hybrid", 45000,
                                                     "weekly", ["Python", "SQL"])


_VALUES = st.one_of(st.none(), st.text(max_size=80), st.lists(st.text(max_size=20), max_size=5), st.integers(),
                    st.floats(), st.booleans())


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(VALID)), _VALUES))
def test_any_input_gives_either_a_registration_or_errors_never_an_exception(data: dict) -> None:
    registration, errors = parse_registration(form(**data))
    assert (registration is None) == bool(errors)
    assert all(isinstance(message, str) and message for message in errors.values())


@pytest.mark.parametrize(("given", "expected"), [
    (None, False), ("yes", True), ("on", True), (True, True), (False, False), ("no", False), ("", False),
])
def test_open_to_relocation_is_an_optional_yes_or_no(given: object, expected: bool) -> None:
    registration, errors = parse_registration(form(open_to_relocation=given))
    assert errors == {} and registration is not None
    assert registration.open_to_relocation is expected


def test_open_to_relocation_refuses_anything_but_yes_or_no() -> None:
    assert list(error_for(open_to_relocation="maybe")) == ["open_to_relocation"]
