module "resumes_bucket" {
  source = "./modules/private_bucket"

  project_id    = var.project_id
  name          = "${var.project_id}-${var.name_prefix}-resumes"
  location      = var.region
  force_destroy = var.force_destroy_buckets
  # Versioning protects against a buggy overwrite; the lifecycle rule makes sure an erased
  # resume does not survive as a noncurrent version for longer than the stated window.
  lifecycle_rules = [
    { action = "Delete", days_since_noncurrent_time = var.resume_noncurrent_retention_days },
    { action = "AbortIncompleteMultipartUpload", age = 1 },
  ]

  depends_on = [google_project_service.api]
}

module "sources_bucket" {
  source = "./modules/private_bucket"

  project_id    = var.project_id
  name          = "${var.project_id}-${var.name_prefix}-sources"
  location      = var.region
  force_destroy = true # holds only build inputs that tools/package_functions.py can rebuild
  lifecycle_rules = [
    { action = "Delete", num_newer_versions = 3 },
    { action = "Delete", age = 90, with_state = "ARCHIVED" },
  ]

  depends_on = [google_project_service.api]
}

# Recommendation's index snapshots (no personal data beyond candidate ids and their matching fields, which
# erasure removes from the next snapshot): only the newest few are read, older ones are deleted by the writer
# and, as a backstop, by age.
module "snapshots_bucket" {
  source = "./modules/private_bucket"

  project_id    = var.project_id
  name          = "${var.project_id}-${var.name_prefix}-snapshots"
  location      = var.region
  force_destroy = true # a snapshot is a cache: Firestore rebuilds it
  lifecycle_rules = [
    { action = "Delete", age = 2 },
    { action = "Delete", days_since_noncurrent_time = 1 },
  ]

  depends_on = [google_project_service.api]
}

locals {
  # Topology bucket names (`buckets: [resumes]`) to bucket names.
  buckets = {
    resumes   = module.resumes_bucket.name
    snapshots = module.snapshots_bucket.name
  }
}

# Object names carry the bundle's hash, so a changed bundle is a new object and a new build.
resource "google_storage_bucket_object" "bundle" {
  for_each = local.functions

  bucket = module.sources_bucket.name
  name   = "${each.key}-${filemd5("${local.bundle_dir}/${each.key}.zip")}.zip"
  source = "${local.bundle_dir}/${each.key}.zip"
}

# Storage access is recorded by Cloud Audit Logs (data access) rather than legacy usage-log buckets.
resource "google_project_iam_audit_config" "storage" {
  project = var.project_id
  service = "storage.googleapis.com"

  audit_log_config {
    log_type = "DATA_READ"
  }
  audit_log_config {
    log_type = "DATA_WRITE"
  }
}
