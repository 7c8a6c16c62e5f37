# Identities. One service account per function with least privilege, one for Pub/Sub push, one
# for building the function images. No function account gets a project-wide role outside
# local.function_project_roles (tests/terraform enforces it).

resource "google_service_account" "function" {
  for_each = local.functions

  project      = var.project_id
  account_id   = each.value.account_id
  display_name = "jobfeed function ${each.key}"
  description  = "Runtime identity of the ${each.key} Cloud Function."

  depends_on = [google_project_service.api]
}

resource "google_project_iam_member" "function" {
  for_each = local.function_project_role_grants

  project = var.project_id
  role    = each.value.role
  member  = google_service_account.function[each.value.function].member
}

# Publisher on the topics the function emits (topology `emits`) ...
resource "google_pubsub_topic_iam_member" "function_emits" {
  for_each = local.function_topic_publishers

  project = var.project_id
  topic   = google_pubsub_topic.topic[each.value.topic].name
  role    = "roles/pubsub.publisher"
  member  = google_service_account.function[each.value.function].member
}

# ... and on the dead-letter topics of its own subscriptions: the consumer library publishes a
# poison message there itself instead of letting Pub/Sub retry it.
resource "google_pubsub_topic_iam_member" "function_dead_letter" {
  for_each = local.subscriptions

  project = var.project_id
  topic   = google_pubsub_topic.dead_letter[each.key].name
  role    = "roles/pubsub.publisher"
  member  = google_service_account.function[each.value.consumer].member
}

resource "google_storage_bucket_iam_member" "function" {
  for_each = local.function_bucket_access

  bucket = local.buckets[each.value.bucket]
  role   = each.value.role
  member = google_service_account.function[each.value.function].member
}

resource "google_secret_manager_secret_iam_member" "function" {
  for_each = local.function_secret_access

  project   = var.project_id
  secret_id = google_secret_manager_secret.secret[each.value.secret].secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.function[each.value.function].member
}

# Pub/Sub signs the OIDC token of every push request as this account. It may invoke the event
# functions and nothing else.
resource "google_service_account" "push" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-pubsub-push"
  display_name = "jobfeed Pub/Sub push"
  description  = "Identity in the OIDC token of Pub/Sub push requests to the event functions."

  depends_on = [google_project_service.api]
}

resource "google_cloud_run_v2_service_iam_member" "push_invoker" {
  for_each = local.event_functions

  project  = var.project_id
  location = var.region
  # 2nd gen invoker rights live on the underlying Cloud Run service, not on the function.
  name   = google_cloudfunctions2_function.function[each.key].service_config[0].service
  role   = "roles/run.invoker"
  member = google_service_account.push.member
}

# The Pub/Sub service agent mints the push OIDC tokens; granted on this one account only.
resource "google_service_account_iam_member" "pubsub_agent_token_creator" {
  service_account_id = google_service_account.push.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = "serviceAccount:${google_project_service_identity.pubsub.email}"
}

# Cloud Build runs as this account instead of the default compute account (often an editor).
resource "google_service_account" "build" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-fn-build"
  display_name = "jobfeed function builds"
  description  = "Cloud Build identity that turns the function bundles into images."

  depends_on = [google_project_service.api]
}

resource "google_project_iam_member" "build" {
  for_each = toset([
    "roles/logging.logWriter",       # build logs
    "roles/artifactregistry.writer", # push to the gcf-artifacts repository Cloud Functions creates
  ])

  project = var.project_id
  role    = each.value
  member  = google_service_account.build.member
}

resource "google_storage_bucket_iam_member" "build_reads_sources" {
  bucket = module.sources_bucket.name
  role   = "roles/storage.objectViewer"
  member = google_service_account.build.member
}
