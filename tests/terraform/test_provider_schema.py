"""Every resource and data block in terraform/ against the google and google-beta provider schema."""

from __future__ import annotations

from typing import Any

import pytest

from tests.terraform.schema_check import SCHEMA_FILE, blocks_in, check_block, load_schemas, parse_blocks
from tests.terraform.terraform_support import TF_DIR


@pytest.fixture(scope="module")
def schemas() -> dict[str, Any]:
    if not SCHEMA_FILE.exists():
        pytest.skip(f"{SCHEMA_FILE} missing: create it with `make test` (or `make tf-schema`)")
    return load_schemas()


def problems_in(text: str, schemas: dict[str, Any]) -> list[str]:
    return [p for block in parse_blocks(text, "test.tf") for p in check_block(block, schemas)]


def test_the_schema_is_the_pinned_provider_release(schemas: dict[str, Any]) -> None:
    assert {p: s["version"] for p, s in schemas.items()} == {"google": "6.50.0", "google-beta": "6.50.0"}
    # Spot checks that the extraction kept required flags and nested blocks.
    subscription = schemas["google"]["resource"]["google_pubsub_subscription"]
    assert subscription["name"] == 1 and subscription["labels"] == 0
    assert subscription["push_config"][1]["oidc_token"][1]["service_account_email"] == 1


def test_every_block_in_terraform_matches_the_provider_schema(schemas: dict[str, Any]) -> None:
    blocks = blocks_in(TF_DIR)
    problems = [p for block in blocks for p in check_block(block, schemas)]

    assert len(blocks) > 25  # the parser found the configuration, modules included
    assert {b.provider for b in blocks} == {"google", "google-beta"}
    assert {"google_monitoring_alert_policy", "google_monitoring_notification_channel", "google_logging_metric",
            "google_monitoring_dashboard", "google_firestore_field",
            # the Portal's edge and bot protection (edge.tf)
            "google_compute_security_policy", "google_compute_region_network_endpoint_group",
            "google_compute_backend_service", "google_compute_url_map", "google_compute_target_https_proxy",
            "google_compute_managed_ssl_certificate", "google_compute_global_forwarding_rule",
            "google_recaptcha_enterprise_key"} <= {b.type for b in blocks}
    assert problems == []


def test_a_misspelled_argument_fails(schemas: dict[str, Any]) -> None:
    text = 'resource "google_pubsub_topic" "t" {\n  name = "x"\n  message_retention = "600s"\n}\n'

    assert problems_in(text, schemas) == ["google_pubsub_topic.t (test.tf): unknown argument 'message_retention'"]


def test_a_misspelled_argument_in_a_nested_block_fails(schemas: dict[str, Any]) -> None:
    text = """
resource "google_pubsub_subscription" "s" {
  name  = "s"
  topic = "t"
  dynamic "dead_letter_policy" {
    for_each = [1]
    content {
      dead_letter_topic    = "d"
      max_delivery_attempt = 5
    }
  }
}
"""
    assert problems_in(text, schemas) == [
        "google_pubsub_subscription.s (test.tf) > dead_letter_policy: unknown argument 'max_delivery_attempt'"
    ]


def test_a_missing_required_argument_fails(schemas: dict[str, Any]) -> None:
    text = 'resource "google_pubsub_subscription" "s" {\n  name = "s"\n}\n'

    assert problems_in(text, schemas) == ["google_pubsub_subscription.s (test.tf): required argument 'topic' missing"]


def test_a_missing_required_argument_in_a_nested_block_fails(schemas: dict[str, Any]) -> None:
    text = """
resource "google_monitoring_alert_policy" "p" {
  display_name = "p"
  combiner     = "OR"
  conditions {
    display_name = "c"
    condition_threshold {
      comparison = "COMPARISON_GT"
    }
  }
}
"""
    assert problems_in(text, schemas) == [
        "google_monitoring_alert_policy.p (test.tf) > conditions > condition_threshold: "
        "required argument 'duration' missing"
    ]


def test_unknown_types_blocks_written_as_arguments_and_beta_only_types(schemas: dict[str, Any]) -> None:
    text = """
resource "google_pubsub_topics" "a" {
  name = "a"
}
resource "google_pubsub_topic" "b" {
  name            = "b"
  schema_settings = { schema = "s" }
}
resource "google_project_service_identity" "c" {
  service = "pubsub.googleapis.com"
}
resource "google_project_service_identity" "d" {
  provider = google-beta
  service  = "pubsub.googleapis.com"
}
"""
    assert problems_in(text, schemas) == [
        "google_pubsub_topics.a (test.tf): google_pubsub_topics is not a resource type of google 6.50.0",
        "google_pubsub_topic.b (test.tf): 'schema_settings' is a block, written as an argument",
        "google_project_service_identity.c (test.tf): "
        "google_project_service_identity is not a resource type of google 6.50.0",
    ]
