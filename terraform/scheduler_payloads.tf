# The body each Cloud Scheduler job (scheduler.tf) publishes: one schema-valid event in Avro JSON
# encoding. Pure expressions (no resources), so tests evaluate them with `terraform console`.
#
# Cloud Scheduler sends the same bytes on every run: it cannot mint an event_id, a timestamp or a
# period. So a scheduled message carries placeholders that its consumers resolve from the Pub/Sub
# message itself (producer "cloud-scheduler" marks it):
#   - event_id      fixed per job  -> consumers must not key idempotency on it alone;
#   - occurred_at   the epoch      -> consumers use the message's publish time;
#   - period        "scheduled"    -> Notification derives the period (2026-11-25, 2026-W48,
#                                     2026-11) from the publish time in the scheduler's time zone.
# functions/common/jobfeed/scheduled.py builds the same records for the local scheduler; these
# locals mirror it field for field and tests/terraform compares the two.
locals {
  scheduler_producer = "cloud-scheduler"

  schedule_envelopes = {
    for name, s in local.schedules : name => {
      event_id       = "schedule-${name}"
      event_type     = local.topics[s.topic].event
      schema_version = 1
      occurred_at    = "1970-01-01T00:00:00.000Z"
      correlation_id = "schedule-${name}"
      causation_id   = null # Avro JSON: the null branch of ["null","string"] is plain null
      producer       = local.scheduler_producer
    }
  }

  schedule_payloads = {
    for name, s in local.schedules : name => (
      local.topics[s.topic].event == "DigestDue"
      ? jsonencode(merge(local.schedule_envelopes[name], { cadence = s.cadence, period = "scheduled" }))
      : local.topics[s.topic].event == "IndexSnapshotDue"
      ? jsonencode(merge(local.schedule_envelopes[name], { keep_last = s.keep_last }))
      : jsonencode(merge(local.schedule_envelopes[name], { older_than_s = s.older_than_s }))
    )
  }
}
