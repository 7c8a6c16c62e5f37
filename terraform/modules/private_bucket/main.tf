# A private bucket the way every jobfeed bucket should be: uniform access, public access
# prevention enforced, versioning on, lifecycle rules from the caller.
resource "google_storage_bucket" "this" {
  #checkov:skip=CKV_GCP_62:Access is recorded by Cloud Audit Logs data-access logs (google_project_iam_audit_config.storage in the root module), not legacy usage-log buckets.
  project                     = var.project_id
  name                        = var.name
  location                    = var.location
  force_destroy               = var.force_destroy
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"

  versioning {
    enabled = true
  }

  dynamic "lifecycle_rule" {
    for_each = var.lifecycle_rules
    content {
      action {
        type          = lifecycle_rule.value.action
        storage_class = lifecycle_rule.value.storage_class
      }
      condition {
        age                        = lifecycle_rule.value.age
        days_since_noncurrent_time = lifecycle_rule.value.days_since_noncurrent_time
        num_newer_versions         = lifecycle_rule.value.num_newer_versions
        with_state                 = lifecycle_rule.value.with_state
      }
    }
  }
}
