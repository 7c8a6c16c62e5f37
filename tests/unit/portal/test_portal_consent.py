"""The double opt-in's pure parts: the signed link (valid, tampered, expired, for another candidate), the consent
record a registration starts, and the state the feed page shows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from job_portal.candidates import confirmed
from job_portal.consent import (
    FORM_VERSION,
    ConsentConfigError,
    ConsentSettings,
    LinkProblem,
    read_code,
    sign,
    start,
    view,
)
from job_portal.tokens import hash_token

CONFIG = ConsentSettings(signing_key="unit-test-key")
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
CID = "a" * 32


def problem(config: ConsentSettings, candidate_id: str, code: str | None) -> str:
    with pytest.raises(LinkProblem) as caught:
        read_code(config, candidate_id, code)
    return caught.value.kind


def test_a_signed_code_gives_back_its_nonce_and_nothing_else_passes() -> None:
    code = sign(CONFIG, CID, "nonce-1")
    assert read_code(CONFIG, CID, code) == "nonce-1"
    assert problem(CONFIG, CID, code[:-2] + ("xy" if not code.endswith("xy") else "zz")) == "invalid"
    assert problem(CONFIG, "b" * 32, code) == "invalid"  # a genuine code for another candidate
    assert problem(ConsentSettings(signing_key="another-key"), CID, code) == "invalid"
    assert problem(CONFIG, CID, None) == "invalid" and problem(CONFIG, CID, "") == "invalid"
    assert problem(CONFIG, CID, "x" * 600) == "invalid"


def test_a_code_older_than_the_link_ttl_has_expired() -> None:
    code = sign(CONFIG, CID, "nonce-1")
    assert problem(ConsentSettings(signing_key="unit-test-key", link_ttl=timedelta(seconds=-1)), CID, code) == "expired"


def test_no_signing_key_is_a_configuration_error_not_an_unsigned_link() -> None:
    with pytest.raises(ConsentConfigError):
        sign(ConsentSettings(signing_key=""), CID, "n")


def test_a_registration_starts_unconfirmed_with_its_consent_record_and_a_link() -> None:
    doc = {"candidate_id": CID}
    link = start(doc, "https://portal.example.com/", CONFIG, None, NOW)

    assert link is not None and link.startswith(f"https://portal.example.com/candidates/{CID}/confirm?code=")
    record = doc["consent"]
    assert record["form_version"] == FORM_VERSION and record["consented_at"] == NOW and record["purpose"]
    assert record["confirmed_at"] is None and doc["unconfirmed_since"] == NOW
    nonce = read_code(CONFIG, CID, link.split("code=", 1)[1])
    assert record["nonce_hash"] == hash_token(nonce) and nonce not in str(doc)  # only the hash is kept
    assert not confirmed(doc)


def test_without_double_opt_in_the_address_counts_as_confirmed_at_once() -> None:
    doc = {"candidate_id": CID}
    assert start(doc, "https://p", ConsentSettings(required=False), "registration-old", NOW) is None
    assert doc["consent"]["confirmed_at"] == NOW and doc["consent"]["form_version"] == "registration-old"
    assert "unconfirmed_since" not in doc and confirmed(doc)
    assert confirmed({"candidate_id": CID})  # a record from before double opt-in


def test_the_page_shows_the_state_and_whether_it_may_send_again() -> None:
    doc = {"candidate_id": CID}
    start(doc, "https://p", CONFIG, None, NOW)
    shown = view(doc, CONFIG)
    assert shown["state"] == "unconfirmed" and shown["can_resend"] and shown["resends_left"] == 3
    assert shown["resend_after"] == (NOW + CONFIG.resend_gap).isoformat()
    doc["consent"]["resends"] = 3
    assert not view(doc, CONFIG)["can_resend"]
    doc["consent"]["confirmed_at"] = NOW
    assert view(doc, CONFIG) == {"state": "confirmed", "confirmed_at": NOW.isoformat(), "can_resend": False,
                                 "resend_after": None}


def test_the_feed_page_shows_the_state_in_its_own_section() -> None:
    from job_portal.pages import render_feed

    doc = {"candidate_id": CID, "name": "Ada", "status": "matched", "subscribed": True,
           "preferences": {"titles": ["Dev"], "locations": ["Leeds"], "remote": "remote", "salary_min": None,
                           "cadence": "daily", "skills": []}}
    start(doc, "https://p", CONFIG, None, NOW)
    page = render_feed({**doc, "confirmation": view(doc, CONFIG)}, [], 1, False, "tok")
    assert "Please confirm your email address" in page and f"/candidates/{CID}/confirmation?token=tok" in page
    doc["consent"]["confirmed_at"] = NOW
    page = render_feed({**doc, "confirmation": view(doc, CONFIG)}, [], 1, False, "tok")
    assert "Why you get our emails" in page and "confirmed this email address" in page
    assert "/confirmation?token" not in page
