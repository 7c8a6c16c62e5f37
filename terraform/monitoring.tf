# Alerting: one e-mail channel, log-based metrics for what only the functions' logs say, and alert policies
# (per subscription and per function from the topology). Every policy's documentation names the `ops`
# command to run; `ops alerts` evaluates the same conditions on the local emulators (ops/alerts.py).

resource "google_monitoring_notification_channel" "email" {
  count = var.alert_email == "" ? 0 : 1

  project      = var.project_id
  display_name = "jobfeed operations (${var.alert_email})"
  type         = "email"
  labels = {
    email_address = var.alert_email
  }

  depends_on = [google_project_service.api]
}

locals {
  alert_channels = google_monitoring_notification_channel.email[*].id
  ops            = ".venv/bin/python -m ops"

  # The exact log messages these count are constants in the code that writes them (named per entry).
  log_metrics = {
    # jobfeed.outbox.OVERDUE_MESSAGE, written by every service's scheduled sweep.
    outbox-overdue = {
      message     = "outbox entries overdue"
      description = "Outbox entries still unpublished one sweep interval after their commit, per outbox collection."
      labels      = { outbox = "EXTRACT(jsonPayload.outbox)" }
    }
    # notification/mailer.py: the circuit breaker's state change to open.
    sendgrid-circuit-open = {
      message     = "sendgrid circuit open"
      description = "The Notification function stopped calling SendGrid after repeated failures."
      labels      = {}
    }
    # event_log/erasures.py, checked on every scheduled sweep.
    erasure-incomplete = {
      message     = "erasure incomplete"
      description = "An erasure request that not every service confirmed within 24 hours, per candidate."
      labels      = { candidate_id = "EXTRACT(jsonPayload.candidate_id)" }
    }
  }

  log_metric_alerts = {
    outbox-overdue = {
      name = "Outbox entries unpublished past the sweep interval"
      doc  = "A service committed events that neither the relay nor the scheduled sweep could publish (Pub/Sub unreachable, or the sweep failing). Check the function's logs for `outbox sweep` errors, then run `${local.ops} outbox sweep` and `${local.ops} alerts`."
    }
    sendgrid-circuit-open = {
      name = "SendGrid circuit breaker open"
      doc  = "SendGrid failed repeatedly (outage, throttling or a bad API key in Secret Manager `sendgrid-api-key`): emails wait and Pub/Sub retries them. Check SendGrid's status and the key, then `${local.ops} dlq list` for emails that ran out of attempts and `${local.ops} alerts`."
    }
    erasure-incomplete = {
      name = "Erasure incomplete after 24 hours"
      doc  = "A candidate's erasure was not confirmed by every service within 24 hours (the log line names the candidate and the missing services). Run `${local.ops} erasure status CANDIDATE_ID`, then `${local.ops} dlq list` and replay the erasure request's dead letters after the fix (`${local.ops} dlq replay --subscription candidate-erasure-requested.SERVICE`)."
    }
  }
}

resource "google_logging_metric" "signal" {
  for_each = local.log_metrics

  project     = var.project_id
  name        = "jobfeed/${each.key}"
  description = each.value.description
  filter      = "resource.type=\"cloud_run_revision\" AND jsonPayload.message=\"${each.value.message}\""

  metric_descriptor {
    metric_kind  = "DELTA"
    value_type   = "INT64"
    unit         = "1"
    display_name = "jobfeed ${each.key}"

    dynamic "labels" {
      for_each = each.value.labels
      content {
        key        = labels.key
        value_type = "STRING"
      }
    }
  }
  label_extractors = each.value.labels

  depends_on = [google_project_service.api]
}

resource "google_monitoring_alert_policy" "dead_letter" {
  for_each = local.subscriptions

  project               = var.project_id
  display_name          = "Dead letter on ${each.key}"
  combiner              = "OR"
  notification_channels = local.alert_channels
  severity              = "ERROR"

  conditions {
    display_name = "messages in ${each.value.dead_letter_topic}.ops"
    condition_threshold {
      filter          = "resource.type = \"pubsub_subscription\" AND resource.labels.subscription_id = \"${each.value.dead_letter_topic}.ops\" AND metric.type = \"pubsub.googleapis.com/subscription/num_undelivered_messages\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"
      aggregations {
        alignment_period   = "60s"
        per_series_aligner = "ALIGN_MAX"
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    subject   = "jobfeed: dead letter on ${each.key}"
    content   = "${each.value.consumer} gave up on a message of `${each.value.topic}` (poison, or ${each.value.max_delivery_attempts} failed deliveries). See why with `${local.ops} dlq show --subscription ${each.key}`, fix the cause, then `${local.ops} dlq replay --subscription ${each.key}`; `${local.ops} alerts` clears once it is empty."
  }

  depends_on = [google_pubsub_subscription.dead_letter]
}

resource "google_monitoring_alert_policy" "backlog" {
  for_each = local.subscriptions

  project               = var.project_id
  display_name          = "Backlog on ${each.key}"
  combiner              = "OR"
  notification_channels = local.alert_channels
  severity              = "WARNING"

  conditions {
    display_name = "oldest unacked message older than ${var.alert_backlog_age_s} s"
    condition_threshold {
      filter          = "resource.type = \"pubsub_subscription\" AND resource.labels.subscription_id = \"${each.key}\" AND metric.type = \"pubsub.googleapis.com/subscription/oldest_unacked_message_age\""
      comparison      = "COMPARISON_GT"
      threshold_value = var.alert_backlog_age_s
      duration        = "300s"
      aggregations {
        alignment_period   = "60s"
        per_series_aligner = "ALIGN_MAX"
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    subject   = "jobfeed: ${each.key} is falling behind"
    content   = "Pub/Sub has held a message for ${each.value.consumer} longer than ${var.alert_backlog_age_s} s: the function fails (see its 5xx alert and logs) or cannot keep up (max instances). Run `${local.ops} alerts` and `${local.ops} dlq list`; `${local.ops} trace CANDIDATE_ID` shows where a flow stopped."
  }

  depends_on = [google_pubsub_subscription.push]
}

resource "google_monitoring_alert_policy" "function_errors" {
  for_each = local.functions

  project               = var.project_id
  display_name          = "5xx from ${each.key}"
  combiner              = "OR"
  notification_channels = local.alert_channels
  severity              = "ERROR"

  conditions {
    display_name = "more than ${var.alert_function_5xx_per_5min} 5xx responses in 5 minutes"
    condition_threshold {
      filter          = "resource.type = \"cloud_run_revision\" AND resource.labels.service_name = \"${each.value.resource_name}\" AND metric.type = \"run.googleapis.com/request_count\" AND metric.labels.response_code_class = \"5xx\""
      comparison      = "COMPARISON_GT"
      threshold_value = var.alert_function_5xx_per_5min
      duration        = "0s"
      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
        group_by_fields      = ["resource.labels.service_name"]
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    subject   = "jobfeed: ${each.key} is failing"
    content   = "${each.key} answers 5xx: an event function raised a transient error (Pub/Sub retries, then dead-letters), or an HTTP request failed. Read the function's ERROR logs (each carries the correlation id), run `${local.ops} alerts` and `${local.ops} dlq list`, and `${local.ops} trace CANDIDATE_ID` for one flow."
  }

  depends_on = [google_cloudfunctions2_function.function]
}

resource "google_monitoring_alert_policy" "log_signal" {
  for_each = local.log_metric_alerts

  project               = var.project_id
  display_name          = each.value.name
  combiner              = "OR"
  notification_channels = local.alert_channels
  severity              = "ERROR"

  conditions {
    display_name = each.value.name
    condition_threshold {
      filter          = "resource.type = \"cloud_run_revision\" AND metric.type = \"logging.googleapis.com/user/${google_logging_metric.signal[each.key].name}\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"
      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
      }
    }
  }

  alert_strategy {
    auto_close = "1800s" # the metric has no data once the condition is gone (nothing logs "all fine")
  }

  documentation {
    mime_type = "text/markdown"
    subject   = "jobfeed: ${lower(each.value.name)}"
    content   = each.value.doc
  }
}
