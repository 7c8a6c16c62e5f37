locals {
  apis = toset([
    "artifactregistry.googleapis.com", # images built from the function sources
    "cloudbuild.googleapis.com",       # builds those images
    "cloudfunctions.googleapis.com",
    "cloudscheduler.googleapis.com",
    "cloudtrace.googleapis.com", # the functions' OpenTelemetry spans (jobfeed.tracing)
    "compute.googleapis.com",    # the Portal's edge: HTTPS load balancer and Cloud Armor (edge.tf)
    "firestore.googleapis.com",
    "iam.googleapis.com",
    "logging.googleapis.com",
    "monitoring.googleapis.com", # alert policies, notification channel, dashboard (monitoring.tf)
    "pubsub.googleapis.com",
    "recaptchaenterprise.googleapis.com", # only used with var.recaptcha_enabled (edge.tf)
    "run.googleapis.com",                 # 2nd gen functions run on Cloud Run
    "secretmanager.googleapis.com",
    "storage.googleapis.com",
  ])
}

resource "google_project_service" "api" {
  for_each = local.apis

  project = var.project_id
  service = each.value
  # Other workloads in the project may use these APIs; tearing jobfeed down must not break them.
  disable_on_destroy = false
}
