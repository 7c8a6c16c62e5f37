resource "google_firestore_database" "main" {
  project                 = var.project_id
  name                    = "(default)"
  location_id             = var.firestore_location
  type                    = "FIRESTORE_NATIVE"
  concurrency_mode        = "OPTIMISTIC"
  delete_protection_state = var.firestore_delete_protection ? "DELETE_PROTECTION_ENABLED" : "DELETE_PROTECTION_DISABLED"
  # Candidate data must not silently outlive `terraform destroy`: destroy deletes the database
  # once delete protection has been turned off (README, tear down).
  deletion_policy                   = "DELETE"
  point_in_time_recovery_enablement = "POINT_IN_TIME_RECOVERY_ENABLED"

  depends_on = [google_project_service.api]
}

locals {
  # The composite indexes the services' queries need. Add one entry per query that filters on
  # one field and orders (or ranges) on another. `collection` is the collection ID (the
  # "collection group" in the Firestore API path); query_scope COLLECTION serves queries on that
  # collection, COLLECTION_GROUP serves collection-group queries across parents.
  firestore_indexes = concat(
    # Outbox sweep: where sent == false and created_at <= cutoff order by created_at, per <service>_outbox.
    [for svc in local.services : {
      name        = "${svc}_outbox-sent-created_at"
      collection  = "${svc}_outbox"
      query_scope = "COLLECTION"
      fields = [
        { field_path = "sent", order = "ASCENDING" },
        { field_path = "created_at", order = "ASCENDING" },
      ]
    }],
    # Portal feed page: a candidate's feed subcollection, newest first, best match first within one event.
    [{
      name        = "feed-added_at-rank"
      collection  = "feed"
      query_scope = "COLLECTION"
      fields = [
        { field_path = "added_at", order = "DESCENDING" },
        { field_path = "rank", order = "ASCENDING" },
      ]
    }],
    # Every other query is equality-only or on one field (served by single-field indexes and merging):
    # notification recipients by cadence + has_pending, emails by candidate or period + status, the
    # event log by correlation_id, recommendation catch-up by updated_at.
  )
}

resource "google_firestore_index" "composite" {
  for_each = { for i in local.firestore_indexes : i.name => i }

  project     = var.project_id
  database    = google_firestore_database.main.name
  collection  = each.value.collection
  query_scope = each.value.query_scope

  dynamic "fields" {
    for_each = each.value.fields
    content {
      field_path = fields.value.field_path
      order      = fields.value.order
    }
  }
}

# Recommendation's (candidate, job) sent records expire by TTL once the job can no longer be offered
# (job_recommendation/sent.py sets expire_at). TTL deletion runs within about a day of the time.
resource "google_firestore_field" "sent_expiry" {
  project    = var.project_id
  database   = google_firestore_database.main.name
  collection = "job_recommendation_sent"
  field      = "expire_at"

  ttl_config {}
  # A TTL field needs no single-field index of its own.
  index_config {}
}
