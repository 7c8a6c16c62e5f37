# Topics with their Avro schema, push subscriptions to the functions, and the dead-letter plumbing.
# Every for_each below reads the topology (see topology.tf); nothing here names a topic.

resource "google_pubsub_schema" "event" {
  for_each = local.topics

  project    = var.project_id
  name       = each.value.event
  type       = "AVRO"
  definition = file("${local.schemas_dir}/${each.value.schema}")

  depends_on = [google_project_service.api]
}

resource "google_pubsub_topic" "topic" {
  for_each = local.topics
  #checkov:skip=CKV_GCP_83:Google-managed encryption at rest; messages live at most 7 days and CMEK would add a KMS key per project to run for no stated requirement.

  project = var.project_id
  name    = each.key

  schema_settings {
    schema   = google_pubsub_schema.event[each.key].id
    encoding = "JSON"
  }
}

resource "google_pubsub_topic" "dead_letter" {
  for_each = local.subscriptions
  #checkov:skip=CKV_GCP_83:Same data as the source topic, same Google-managed encryption; see google_pubsub_topic.topic.

  # No schema: a dead-letter topic must accept whatever failed, and ops replay it unchanged.
  project = var.project_id
  name    = each.value.dead_letter_topic

  depends_on = [google_project_service.api]
}

resource "google_pubsub_subscription" "push" {
  for_each = local.subscriptions

  project                 = var.project_id
  name                    = each.key
  topic                   = google_pubsub_topic.topic[each.value.topic].id
  ack_deadline_seconds    = each.value.ack_deadline_s
  enable_message_ordering = each.value.ordered

  push_config {
    # functions-framework takes the CloudEvent source from the path of a raw push request.
    push_endpoint = "${google_cloudfunctions2_function.function[each.value.consumer].service_config[0].uri}/projects/${var.project_id}/topics/${each.value.topic}"

    oidc_token {
      service_account_email = google_service_account.push.email
      # Cloud Run checks the audience against the service URL, not the push path.
      audience = google_cloudfunctions2_function.function[each.value.consumer].service_config[0].uri
    }
  }

  retry_policy {
    minimum_backoff = "${each.value.min_backoff_s}s"
    maximum_backoff = "${each.value.max_backoff_s}s"
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.dead_letter[each.key].id
    max_delivery_attempts = each.value.max_delivery_attempts
  }

  expiration_policy {
    ttl = "" # never expire: an idle subscription is normal here (e.g. digest-due between runs)
  }

  lifecycle {
    precondition {
      condition     = local.functions[each.value.consumer].trigger == "event"
      error_message = "Subscription ${each.key} pushes to ${each.value.consumer}, which is not an event function."
    }
    precondition {
      condition     = local.functions[each.value.consumer].timeout_s <= 600
      error_message = "${each.value.consumer} has a timeout above 600 s, the longest push ack deadline Pub/Sub allows."
    }
  }

  depends_on = [
    google_cloud_run_v2_service_iam_member.push_invoker,
    google_service_account_iam_member.pubsub_agent_token_creator,
  ]
}

# Where ops list and replay dead letters (see README). Retention comes from the topology.
resource "google_pubsub_subscription" "dead_letter" {
  for_each = local.subscriptions

  project                    = var.project_id
  name                       = "${each.value.dead_letter_topic}.ops"
  topic                      = google_pubsub_topic.dead_letter[each.key].id
  ack_deadline_seconds       = 60
  message_retention_duration = local.dead_letter_retention
  retain_acked_messages      = true # a replayed message stays seekable until retention ends

  expiration_policy {
    ttl = ""
  }
}

# The Pub/Sub service agent forwards undeliverable messages: it must publish to the dead-letter
# topic and acknowledge on the source subscription.
resource "google_project_service_identity" "pubsub" {
  provider = google-beta

  project = var.project_id
  service = "pubsub.googleapis.com"

  depends_on = [google_project_service.api]
}

resource "google_pubsub_topic_iam_member" "dead_letter_publisher" {
  for_each = local.subscriptions

  project = var.project_id
  topic   = google_pubsub_topic.dead_letter[each.key].name
  role    = "roles/pubsub.publisher"
  member  = "serviceAccount:${google_project_service_identity.pubsub.email}"
}

resource "google_pubsub_subscription_iam_member" "dead_letter_subscriber" {
  for_each = local.subscriptions

  project      = var.project_id
  subscription = google_pubsub_subscription.push[each.key].name
  role         = "roles/pubsub.subscriber"
  member       = "serviceAccount:${google_project_service_identity.pubsub.email}"
}
