# Retention of bookkeeping documents: every document jobfeed.retention marks with `expire_at` (sent outbox
# entries, processed-event markers, finished emails, event log entries after var.event_log_retention_days) is
# deleted by a Firestore TTL policy on that field, usually within a day after the moment passed. State the
# services serve from never carries the field. Locally `ops purge` does what these policies do.

# local.ttl_collections is in topology.tf.
resource "google_firestore_field" "expire_at" {
  for_each = local.ttl_collections

  project    = var.project_id
  database   = google_firestore_database.main.name
  collection = each.key
  field      = "expire_at"

  ttl_config {}

  # No single-field index on the TTL field: nothing queries it in production, and an index on an ever
  # increasing timestamp is a write hotspot (Firestore's TTL guidance).
  index_config {}
}
