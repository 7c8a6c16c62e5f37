"""The optional reCAPTCHA Enterprise check of the registration form, with a fake verifier (unit tests only: the
real one calls Google). Off (no site key) it changes nothing; on, the form loads the script under a CSP nonce."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Response

from job_portal.pages import render_form
from job_portal.recaptcha import REFUSED, Verdict, allow_script, form_context, judge, problem


@dataclass
class FakeVerifier:
    verdict: Verdict
    site_key: str = "site-key-1"
    seen: list[tuple[str, str]] = field(default_factory=list)

    def assess(self, token: str, client: str, user_agent: str) -> Verdict:
        self.seen.append((token, client))
        return self.verdict


def test_the_verdict_wants_a_valid_token_for_register_scoring_enough() -> None:
    assert judge(True, "INVALID_REASON_UNSPECIFIED", "register", 0.9, 0.5) == Verdict(True, "ok", 0.9)
    assert judge(True, "INVALID_REASON_UNSPECIFIED", "register", 0.1, 0.5) == Verdict(False, "score", 0.1)
    assert judge(True, "INVALID_REASON_UNSPECIFIED", "login", 0.9, 0.5).reason == "action"
    assert judge(False, "EXPIRED", "", 0.0, 0.5) == Verdict(False, "invalid:EXPIRED")


def test_a_form_passes_or_is_refused_on_the_verifiers_word() -> None:
    good = FakeVerifier(Verdict(True, "ok", 0.9))
    assert problem({"recaptcha_token": "t1"}, "203.0.113.5", "UA", good) is None
    assert good.seen == [("t1", "203.0.113.5")]
    low = FakeVerifier(Verdict(False, "score", 0.1))
    assert problem({"recaptcha_token": "t1"}, "203.0.113.5", "UA", low) == REFUSED
    unused = FakeVerifier(Verdict(True, "ok", 0.9))
    assert problem({}, "203.0.113.5", "UA", unused) == REFUSED and unused.seen == []  # no token: no call


def test_off_it_asks_nothing_and_the_page_keeps_its_strict_policy() -> None:
    assert problem({}, "203.0.113.5", "UA", None) is None  # no JOBFEED_RECAPTCHA_SITE_KEY in unit tests
    assert form_context(None) is None
    response = allow_script(Response("x", headers={"Content-Security-Policy": "default-src 'none'"}), None)
    assert response.headers["Content-Security-Policy"] == "default-src 'none'"
    assert "recaptcha" not in render_form({}, {})


def test_on_the_form_loads_the_script_under_a_nonce() -> None:
    context = form_context(FakeVerifier(Verdict(True, "ok")))
    assert context is not None
    page = render_form({}, {}, recaptcha=context)
    assert f'nonce="{context["nonce"]}"' in page and "enterprise.js?render=site-key-1" in page
    policy = allow_script(Response("x"), context).headers["Content-Security-Policy"]
    assert f"'nonce-{context['nonce']}'" in policy and "https://www.google.com/recaptcha/" in policy
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";")[0]
