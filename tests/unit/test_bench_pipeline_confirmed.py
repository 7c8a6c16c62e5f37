"""The pure parts of the confirmed-registration operation count (bench/pipeline_confirmed.py)."""

from __future__ import annotations

from bench.pipeline_confirmed import client_address, confirmation_link, figures_of, per_registration

NAMES = ("firestore_reads", "invocations")


def test_per_registration_subtracts_and_divides_and_takes_a_new_function_from_zero() -> None:
    before = {"job_portal": {"firestore_reads": 10, "invocations": 4}}
    after = {"job_portal": {"firestore_reads": 16, "invocations": 8}, "notification": {"firestore_reads": 3}}
    per = per_registration(before, after, 2, NAMES)
    assert per == {"job_portal": {"firestore_reads": 3.0, "invocations": 2.0},
                   "notification": {"firestore_reads": 1.5, "invocations": 0.0}}


def test_figures_name_each_non_zero_count_and_every_total() -> None:
    per = {"event_log": {"firestore_reads": 1.0, "invocations": 5.0},
           "notification": {"firestore_reads": 2.333, "invocations": 0.0}}
    assert figures_of("p", per, NAMES) == {
        "p_event_log_firestore_reads": 1.0, "p_event_log_invocations": 5.0, "p_notification_firestore_reads": 2.33,
        "p_total_firestore_reads": 3.33, "p_total_invocations": 5.0}
    assert figures_of("p", per, NAMES, by_function=False) == {"p_total_firestore_reads": 3.33,
                                                              "p_total_invocations": 5.0}


def test_confirmation_link_is_the_newest_in_a_confirmation_email_only() -> None:
    first = "http://127.0.0.1:8601/candidates/abc/confirm?code=one.A-b_c"
    second = "http://127.0.0.1:8601/candidates/abc/confirm?code=two"
    messages = [
        {"categories": ["confirmation"], "text": f"Please confirm:\n{first}\nThanks"},
        {"categories": ["instant"], "text": "http://127.0.0.1:8601/candidates/abc/confirm?code=notthis"},
        {"categories": ["confirmation"], "text": f"Again: {second}"},
    ]
    assert confirmation_link(messages) == second
    assert confirmation_link(messages[:1]) == first
    assert confirmation_link([{"categories": ["instant"], "text": second}, {"categories": None, "text": None}]) is None


def test_client_addresses_are_distinct_documentation_addresses() -> None:
    addresses = [client_address(n) for n in range(500)]
    assert len(set(addresses)) == 500
    assert all(a.startswith(("198.51.100.", "203.0.113.")) for a in addresses)
