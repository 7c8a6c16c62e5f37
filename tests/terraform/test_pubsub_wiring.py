"""Every topic and subscription of the topology exists in Terraform, wired as docs/architecture.md says.

Terraform creates them with for_each over locals decoded from schemas/topology.yaml, so these
tests check three links: the resource's for_each is that local, the local is built from the
decoded topology (evaluated by `terraform console` and compared with the YAML), and the resource
body sets what each topic or subscription needs.
"""

from __future__ import annotations

import io
import json
from typing import Any

import fastavro

from jobfeed.scheduled import scheduled_record
from tests.terraform.terraform_support import REPO, Console, TerraformConfig, expr


def test_topology_local_is_the_decoded_topology_file(tf: TerraformConfig) -> None:
    assert expr(tf.locals["topology"]) == "yamldecode(file(local.topology_file))"
    assert tf.variables["topology_path"]["default"] == "../schemas/topology.yaml"
    assert (tf.path / tf.variables["topology_path"]["default"]).resolve() == REPO / "schemas" / "topology.yaml"


def test_every_topic_exists_with_its_avro_schema(tf: TerraformConfig, console: Console, topology: dict) -> None:
    schema = tf.resource("google_pubsub_schema.event")
    topic = tf.resource("google_pubsub_topic.topic")

    assert expr(schema["for_each"]) == expr(topic["for_each"]) == "local.topics"
    assert console.eval("local.topics") == {t["name"]: t for t in topology["topics"]}
    assert schema["type"] == "AVRO"
    assert expr(schema["definition"]) == 'file("${local.schemas_dir}/${each.value.schema}")'
    assert topic["schema_settings"] == [{"schema": "${google_pubsub_schema.event[each.key].id}", "encoding": "JSON"}]


def test_every_subscription_is_an_authenticated_push_to_its_function(
    tf: TerraformConfig, console: Console, topology: dict
) -> None:
    push = tf.resource("google_pubsub_subscription.push")
    function_uri = "${google_cloudfunctions2_function.function[each.value.consumer].service_config[0].uri}"

    assert expr(push["for_each"]) == "local.subscriptions"
    assert sorted(console.eval("keys(local.subscriptions)")) == sorted(s["name"] for s in topology["subscriptions"])
    assert expr(push["topic"]) == "google_pubsub_topic.topic[each.value.topic].id"
    [push_config] = push["push_config"]
    assert push_config["push_endpoint"] == function_uri + "/projects/${var.project_id}/topics/${each.value.topic}"
    assert push_config["oidc_token"] == [
        {"service_account_email": "${google_service_account.push.email}", "audience": function_uri}
    ]
    assert push["retry_policy"] == [
        {"minimum_backoff": "${each.value.min_backoff_s}s", "maximum_backoff": "${each.value.max_backoff_s}s"}
    ]
    assert push["dead_letter_policy"] == [
        {
            "dead_letter_topic": "${google_pubsub_topic.dead_letter[each.key].id}",
            "max_delivery_attempts": "${each.value.max_delivery_attempts}",
        }
    ]
    assert expr(push["enable_message_ordering"]) == "each.value.ordered"
    assert expr(push["ack_deadline_seconds"]) == "each.value.ack_deadline_s"


def _expected_subscription(sub: dict[str, Any], topology: dict[str, Any]) -> dict[str, Any]:
    defaults = topology["defaults"]
    timeout = next(f["timeout_s"] for f in topology["functions"] if f["name"] == sub["consumer"])
    retry = {**defaults["retry"], **sub.get("retry", {})}
    return {
        "name": sub["name"],
        "topic": sub["topic"],
        "consumer": sub["consumer"],
        "dead_letter_topic": sub["dead_letter_topic"],
        "ordered": sub.get("ordered", False),
        "min_backoff_s": retry["min_backoff_s"],
        "max_backoff_s": retry["max_backoff_s"],
        "max_delivery_attempts": sub.get("max_delivery_attempts", defaults["max_delivery_attempts"]),
        "ack_deadline_s": min(600, max(sub.get("ack_deadline_s", defaults["ack_deadline_s"]), timeout)),
    }


def test_subscription_settings_follow_the_topology(console: Console, topology: dict) -> None:
    actual = console.eval("local.subscriptions")

    for sub in topology["subscriptions"]:
        assert actual[sub["name"]] == _expected_subscription(sub, topology)
    timeouts = {f["name"]: f["timeout_s"] for f in topology["functions"]}
    # The push request must be allowed to last as long as the function may run.
    assert all(s["ack_deadline_s"] >= timeouts[s["consumer"]] for s in actual.values())


def test_each_subscription_has_a_dead_letter_topic_and_an_ops_pull_subscription(
    tf: TerraformConfig, console: Console, topology: dict
) -> None:
    topic = tf.resource("google_pubsub_topic.dead_letter")
    ops = tf.resource("google_pubsub_subscription.dead_letter")

    assert expr(topic["for_each"]) == expr(ops["for_each"]) == "local.subscriptions"
    assert expr(topic["name"]) == "each.value.dead_letter_topic"
    assert expr(ops["topic"]) == "google_pubsub_topic.dead_letter[each.key].id"
    assert "push_config" not in ops  # a pull subscription
    assert expr(ops["message_retention_duration"]) == "local.dead_letter_retention"
    days = topology["defaults"]["dead_letter_retention_days"]
    assert console.eval("local.dead_letter_retention") == f"{days * 86400}s"


def test_pubsub_service_agent_may_forward_to_dead_letter_topics(tf: TerraformConfig) -> None:
    agent = "serviceAccount:${google_project_service_identity.pubsub.email}"
    identity = tf.resource("google_project_service_identity.pubsub")
    publisher = tf.resource("google_pubsub_topic_iam_member.dead_letter_publisher")
    subscriber = tf.resource("google_pubsub_subscription_iam_member.dead_letter_subscriber")

    assert identity["service"] == "pubsub.googleapis.com"
    assert expr(publisher["for_each"]) == expr(subscriber["for_each"]) == "local.subscriptions"
    assert (publisher["role"], publisher["member"]) == ("roles/pubsub.publisher", agent)
    assert expr(publisher["topic"]) == "google_pubsub_topic.dead_letter[each.key].name"
    assert (subscriber["role"], subscriber["member"]) == ("roles/pubsub.subscriber", agent)
    assert expr(subscriber["subscription"]) == "google_pubsub_subscription.push[each.key].name"


def test_scheduler_jobs_publish_schema_valid_events(tf: TerraformConfig, console: Console, topology: dict) -> None:
    job = tf.resource("google_cloud_scheduler_job.schedule")
    payloads = console.eval("local.schedule_payloads")
    topics = {t["name"]: t for t in topology["topics"]}

    assert expr(job["for_each"]) == "local.schedules"
    assert sorted(payloads) == sorted(s["name"] for s in topology["schedules"])
    assert expr(job["time_zone"]) == "var.scheduler_time_zone"
    [target] = job["pubsub_target"]
    assert expr(target["topic_name"]) == "google_pubsub_topic.topic[each.value.topic].id"
    assert expr(target["data"]) == "base64encode(local.schedule_payloads[each.key])"
    for schedule in topology["schedules"]:
        schema = json.loads((REPO / "schemas" / topics[schedule["topic"]]["schema"]).read_text(encoding="utf-8"))
        # json_reader decodes Avro's JSON encoding, the encoding the topics' schema settings use.
        [record] = list(fastavro.json_reader(io.StringIO(payloads[schedule["name"]]), schema))
        assert fastavro.validate(record, fastavro.parse_schema(schema)), schedule["name"]
        # The local scheduler publishes the very same record (functions/common/jobfeed/scheduled.py).
        assert record == scheduled_record(schedule, topics[schedule["topic"]]["event"])
