# Cloud Scheduler jobs from the topology's `schedules`; payloads and their placeholders are
# explained in scheduler_payloads.tf.

resource "google_cloud_scheduler_job" "schedule" {
  for_each = local.schedules

  project     = var.project_id
  region      = var.region
  name        = each.key
  description = "Publishes ${local.topics[each.value.topic].event} to ${each.value.topic} (${each.value.cron}, ${var.scheduler_time_zone})."
  schedule    = each.value.cron
  time_zone   = var.scheduler_time_zone

  pubsub_target {
    topic_name = google_pubsub_topic.topic[each.value.topic].id
    data       = base64encode(local.schedule_payloads[each.key])
    attributes = { producer = local.scheduler_producer }
  }

  lifecycle {
    precondition {
      condition     = contains(["DigestDue", "OutboxSweepDue", "IndexSnapshotDue"], local.topics[each.value.topic].event)
      error_message = "Schedule ${each.key}: only DigestDue, OutboxSweepDue and IndexSnapshotDue payloads are defined in scheduler_payloads.tf."
    }
  }

  depends_on = [google_project_service.api]
}
