"""Alerting and the dashboard (terraform/monitoring.tf, dashboard.tf): generated from the topology, tied to the
log lines the code really writes, each policy naming an `ops` command that exists, and the same thresholds
`ops alerts` uses locally."""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest
from click import Group

from event_log.erasures import INCOMPLETE_MESSAGE
from event_log.erasures import OVERDUE_AFTER as ERASURE_OVERDUE_AFTER
from jobfeed.outbox import OVERDUE_MESSAGE
from notification.mailer import MailerSettings, new_breaker
from ops import alerts
from ops.cli import main as ops_cli
from tests.terraform.terraform_support import Console, TerraformConfig, expr

OPS_COMMAND = re.compile(r"`\$\{local\.ops\} ([a-z-]+)(?: ([a-z-]+))?")


def policies(tf: TerraformConfig) -> dict[str, dict[str, Any]]:
    return tf.of_type("google_monitoring_alert_policy")


def test_per_subscription_and_per_function_policies_come_from_the_topology(tf: TerraformConfig) -> None:
    assert expr(tf.resource("google_monitoring_alert_policy.dead_letter")["for_each"]) == "local.subscriptions"
    assert expr(tf.resource("google_monitoring_alert_policy.backlog")["for_each"]) == "local.subscriptions"
    assert expr(tf.resource("google_monitoring_alert_policy.function_errors")["for_each"]) == "local.functions"
    dead_letter = tf.resource("google_monitoring_alert_policy.dead_letter")["conditions"][0]["condition_threshold"][0]
    assert 'subscription_id = \\"${each.value.dead_letter_topic}.ops\\"' in dead_letter["filter"]
    assert "subscription/num_undelivered_messages" in dead_letter["filter"] and dead_letter["threshold_value"] == 0
    backlog = tf.resource("google_monitoring_alert_policy.backlog")["conditions"][0]["condition_threshold"][0]
    assert "oldest_unacked_message_age" in backlog["filter"]
    assert expr(backlog["threshold_value"]) == "var.alert_backlog_age_s"


def test_every_policy_notifies_the_channel_and_names_an_ops_command_that_exists(tf: TerraformConfig) -> None:
    documented = {address: body["documentation"][0]["content"] for address, body in policies(tf).items()}
    assert expr(documented.pop("google_monitoring_alert_policy.log_signal")) == "each.value.doc"
    documented |= {f"log_signal/{k}": v["doc"] for k, v in tf.locals["log_metric_alerts"].items()}
    named = {address: OPS_COMMAND.findall(text) for address, text in documented.items()}

    assert len(policies(tf)) == 4 and len(named) == 6 and all(named.values()), named
    for commands in named.values():
        for command, sub in commands:
            assert command in ops_cli.commands, command
            group = ops_cli.commands[command]
            assert not isinstance(group, Group) or sub in group.commands, f"ops {command} {sub}"
    assert all(expr(body["notification_channels"]) == "local.alert_channels" for body in policies(tf).values())
    channel = tf.resource("google_monitoring_notification_channel.email")
    assert channel["type"] == "email" and channel["labels"] == {"email_address": "${var.alert_email}"}


def test_log_based_metrics_count_the_lines_the_code_writes(tf: TerraformConfig, caplog: Any) -> None:
    messages = {name: metric["message"] for name, metric in tf.locals["log_metrics"].items()}
    with caplog.at_level(logging.INFO):
        new_breaker(MailerSettings(api_key="k", from_email="jobs@example.com")).open()

    assert messages == {"outbox-overdue": OVERDUE_MESSAGE, "erasure-incomplete": INCOMPLETE_MESSAGE,
                        "sendgrid-circuit-open": "sendgrid circuit open"}
    assert "sendgrid circuit open" in [r.getMessage() for r in caplog.records]
    assert set(tf.locals["log_metric_alerts"]) == set(messages)
    assert expr(tf.resource("google_monitoring_alert_policy.log_signal")["for_each"]) == "local.log_metric_alerts"


def test_ops_alerts_uses_the_production_thresholds(tf: TerraformConfig) -> None:
    assert tf.variables["alert_function_5xx_per_5min"]["default"] == alerts.FUNCTION_5XX_PER_5MIN
    assert alerts.ERASURE_OVERDUE_AFTER == ERASURE_OVERDUE_AFTER
    assert "24 hours" in tf.locals["log_metric_alerts"]["erasure-incomplete"]["name"]


@pytest.mark.parametrize("variable", ["alert_email", "alert_backlog_age_s", "alert_function_5xx_per_5min"])
def test_alert_variables_evaluate_with_their_defaults(console: Console, variable: str) -> None:
    assert console.eval(f"var.{variable}") == TerraformConfig.load(console.workdir).variables[variable]["default"]


def test_the_dashboard_shows_the_whole_flow(tf: TerraformConfig) -> None:
    titles = " | ".join(chart["title"] for chart in tf.locals["dashboard_charts"]).lower()

    for part in ("registrations", "processing time", "backlog", "dead letters", "emails sent", "breaker"):
        assert part in titles
    assert "dashboard_charts" in expr(tf.resource("google_monitoring_dashboard.flow")["dashboard_json"])
