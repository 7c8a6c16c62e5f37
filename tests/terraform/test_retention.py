"""Firestore TTL policies (terraform/retention.tf) cover exactly the collections jobfeed.retention stamps."""

from __future__ import annotations

from jobfeed.retention import EVENT_LOG_DEFAULT_DAYS, EVENT_LOG_RETENTION_ENV, EXPIRE_AT, ttl_collections
from tests.terraform.terraform_support import Console, TerraformConfig, expr


def test_a_ttl_policy_on_expire_at_for_every_collection_the_code_stamps(
    tf: TerraformConfig, console: Console, topology: dict
) -> None:
    field = tf.resource("google_firestore_field.expire_at")
    services = sorted({f["source"] for f in topology["functions"]})

    assert expr(field["for_each"]) == "local.ttl_collections"
    assert console.eval("local.ttl_collections") == ttl_collections(services)
    assert field["field"] == EXPIRE_AT and expr(field["collection"]) == "each.key"
    assert field["ttl_config"] == [{}] and field["index_config"] == [{}]


def test_the_event_log_period_reaches_the_functions(tf: TerraformConfig) -> None:
    env = tf.locals["deployment_env"]  # merged into every function's environment (tests/terraform/test_settings.py)

    assert expr(env[EVENT_LOG_RETENTION_ENV]) == "tostring(var.event_log_retention_days)"
    assert tf.variables["event_log_retention_days"]["default"] == EVENT_LOG_DEFAULT_DAYS
