"""Least privilege: what each service account may do, checked on the HCL and the topology."""

from __future__ import annotations

from typing import Any

import pytest

from tests.terraform.terraform_support import Console, TerraformConfig, expr

# Project-wide roles a function's service account may hold. Anything else must be granted on the
# resource it concerns (a topic, a bucket, a secret).
# recaptchaenterprise.agent (the Portal, with var.recaptcha_enabled) creates assessments only; reCAPTCHA keys
# have no IAM of their own to grant it on.
FUNCTION_PROJECT_ROLES = {"roles/datastore.user", "roles/logging.logWriter", "roles/monitoring.metricWriter",
                          "roles/recaptchaenterprise.agent", "roles/cloudtrace.agent"}
PROJECT_IAM_TYPES = ("google_project_iam_member", "google_project_iam_binding", "google_project_iam_policy")
FUNCTION_ACCOUNT = "google_service_account.function"


def _granted_roles(body: dict[str, Any], console: Console | None) -> set[str]:
    """The roles a project IAM resource grants, resolving for_each through terraform console."""
    role = str(body.get("role", ""))
    if not role.startswith("${"):
        return {role}
    assert console is not None and "for_each" in body, f"cannot resolve role {role}"
    instances = console.eval(expr(body["for_each"]))
    items = instances.items() if isinstance(instances, dict) else ((v, v) for v in instances)
    attribute = {"each.value.role": lambda k, v: v["role"], "each.value": lambda k, v: v, "each.key": lambda k, v: k}
    assert expr(role) in attribute, f"cannot resolve role {role}"
    return {attribute[expr(role)](key, value) for key, value in items}


def broad_function_roles(config: TerraformConfig, console: Console | None) -> dict[str, set[str]]:
    """Project IAM resources granting a function account a role outside FUNCTION_PROJECT_ROLES."""
    violations: dict[str, set[str]] = {}
    for rtype in PROJECT_IAM_TYPES:
        for address, body in config.of_type(rtype).items():
            members = str(body.get("member", "")) + str(body.get("members", "")) + str(body.get("policy_data", ""))
            if FUNCTION_ACCOUNT not in members:
                continue
            extra = (
                {"<policy>"} if rtype.endswith("_policy") else _granted_roles(body, console) - FUNCTION_PROJECT_ROLES
            )
            if extra:
                violations[address] = extra
    return violations


def test_function_accounts_hold_no_project_role_beyond_the_allow_list(
    tf: TerraformConfig, tf_modules: dict[str, TerraformConfig], console: Console
) -> None:
    granted = tf.resource("google_project_iam_member.function")

    assert broad_function_roles(tf, console) == {}
    assert all(broad_function_roles(module, None) == {} for module in tf_modules.values())
    # The checker does resolve the real grants (it would not pass by finding nothing).
    assert _granted_roles(granted, console) == {"roles/datastore.user", "roles/logging.logWriter",
                                                "roles/cloudtrace.agent"}


@pytest.mark.parametrize("role", ["roles/editor", "roles/pubsub.publisher", "roles/storage.objectAdmin"])
def test_the_allow_list_check_catches_a_broad_project_role(role: str) -> None:
    config = TerraformConfig.from_text(
        f'''resource "google_project_iam_member" "too_much" {{
          project = var.project_id
          role    = "{role}"
          member  = google_service_account.function["notification"].member
        }}'''
    )

    assert broad_function_roles(config, None) == {"google_project_iam_member.too_much": {role}}


def test_push_account_only_invokes_the_event_functions(tf: TerraformConfig, console: Console, topology: dict) -> None:
    users = {a for a, body in tf.resources.items() if "google_service_account.push." in str(body)}
    invoker = tf.resource("google_cloud_run_v2_service_iam_member.push_invoker")

    # Subscriptions name it in their OIDC token; the only grant it receives is run.invoker.
    grants = {a for a in users if "_iam_" in a and "google_service_account.push.member" in str(tf.resources[a])}
    assert grants == {"google_cloud_run_v2_service_iam_member.push_invoker"}
    assert (invoker["role"], expr(invoker["member"])) == ("roles/run.invoker", "google_service_account.push.member")
    assert expr(invoker["for_each"]) == "local.event_functions"
    assert sorted(console.eval("keys(local.event_functions)")) == sorted(
        f["name"] for f in topology["functions"] if f["trigger"] == "event"
    )


def test_functions_publish_only_to_what_they_emit_and_their_own_dead_letter_topics(
    tf: TerraformConfig, console: Console, topology: dict
) -> None:
    emits = tf.resource("google_pubsub_topic_iam_member.function_emits")
    dead_letter = tf.resource("google_pubsub_topic_iam_member.function_dead_letter")
    publishers = {a for a, b in tf.of_type("google_pubsub_topic_iam_member").items() if FUNCTION_ACCOUNT in str(b)}

    assert publishers == {
        "google_pubsub_topic_iam_member.function_emits",
        "google_pubsub_topic_iam_member.function_dead_letter",
    }
    assert expr(emits["for_each"]) == "local.function_topic_publishers"
    assert console.eval("local.function_topic_publishers") == {
        f"{f['name']}/{t}": {"function": f["name"], "topic": t} for f in topology["functions"] for t in f["emits"]
    }
    assert expr(emits["topic"]) == "google_pubsub_topic.topic[each.value.topic].name"
    assert expr(dead_letter["for_each"]) == "local.subscriptions"
    assert expr(dead_letter["topic"]) == "google_pubsub_topic.dead_letter[each.key].name"
    assert expr(dead_letter["member"]) == "google_service_account.function[each.value.consumer].member"


def test_bucket_and_secret_access_follow_the_topology(tf: TerraformConfig, console: Console, topology: dict) -> None:
    roles = {"reader": "roles/storage.objectViewer", "writer": "roles/storage.objectUser"}
    expected_buckets = {
        f"{f['name']}/{b}": {"function": f["name"], "bucket": b, "role": roles[f.get("bucket_role", "writer")]}
        for f in topology["functions"]
        for b in f.get("buckets", [])
    }
    expected_secrets = {
        f"{f['name']}/{s}": {"function": f["name"], "secret": s}
        for f in topology["functions"]
        for s in f.get("secrets", [])
    }

    assert expr(tf.resource("google_storage_bucket_iam_member.function")["for_each"]) == "local.function_bucket_access"
    assert console.eval("local.function_bucket_access") == expected_buckets
    secret_iam = tf.resource("google_secret_manager_secret_iam_member.function")
    assert expr(secret_iam["for_each"]) == "local.function_secret_access"
    assert secret_iam["role"] == "roles/secretmanager.secretAccessor"
    assert console.eval("local.function_secret_access") == expected_secrets


def test_only_public_functions_are_open_to_all_users(tf: TerraformConfig, console: Console, topology: dict) -> None:
    open_to_all = {a: b for a, b in tf.resources.items() if "allUsers" in str(b.get("member", ""))}

    assert list(open_to_all) == ["google_cloud_run_v2_service_iam_member.public"]
    public = console.eval(expr(open_to_all["google_cloud_run_v2_service_iam_member.public"]["for_each"]))
    assert sorted(public) == sorted(f["name"] for f in topology["functions"] if f.get("public"))
