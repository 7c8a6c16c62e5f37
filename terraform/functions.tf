# One Cloud Function (2nd gen) per topology function. Event functions get an HTTP trigger too:
# Terraform owns their push subscriptions (pubsub.tf) so that each can carry a dead-letter
# policy, which a function's own Pub/Sub trigger cannot (see docs/architecture.md, Production).

locals {
  # 2nd gen functions also answer on this predictable URL; computed, not read from the resource,
  # so that another function's settings can name it without a dependency cycle.
  portal_name = one([for f in local.functions : f.resource_name if f.public])
  # Behind the edge (edge.tf) the function admits only the load balancer: links must use the edge's domain.
  portal_direct_url = "https://${var.region}-${var.project_id}.cloudfunctions.net/${local.portal_name}"
  portal_url        = local.edge ? "https://${var.portal_domains[0]}" : local.portal_direct_url

  # Secret name (topology `secrets`) -> environment variable jobfeed.settings reads.
  secret_env_names = {
    "sendgrid-api-key"   = "SENDGRID_API_KEY"
    "intake-api-key"     = "JOBFEED_INTAKE_API_KEY"
    "portal-signing-key" = "JOBFEED_SIGNING_KEY" # signs the confirmation links (double opt-in)
  }

  # The knobs whose value is this deployment's ("deployment" in docs/settings.md), the same for every function.
  deployment_env = {
    GOOGLE_CLOUD_PROJECT     = var.project_id
    JOBFEED_RESUMES_BUCKET   = module.resumes_bucket.name
    JOBFEED_SNAPSHOTS_BUCKET = module.snapshots_bucket.name
    JOBFEED_PORTAL_URL       = local.portal_url
    JOBFEED_MAIL_FROM        = var.mail_from
    # jobfeed.tracing: spans to Cloud Trace (locally they go to the JSON logs).
    JOBFEED_TRACE_EXPORTER = "cloudtrace"
    # jobfeed.retention (the Event Log stamps expire_at on its entries with it).
    JOBFEED_EVENT_LOG_RETENTION_DAYS = tostring(var.event_log_retention_days)
  }
}

resource "google_cloudfunctions2_function" "function" {
  for_each = local.functions
  #checkov:skip=CKV_GCP_124:Only HTTP functions may get ALLOW_ALL (Job Intake, which IAM guards, and the Portal without an edge); the Portal behind the edge and event functions get ALLOW_INTERNAL_AND_GCLB.

  project     = var.project_id
  location    = var.region
  name        = each.value.resource_name
  description = "jobfeed ${each.key} (${each.value.trigger} trigger)"

  build_config {
    runtime         = "python312"
    entry_point     = each.key # the function name, the entry point and the topology consumer are one string
    service_account = google_service_account.build.id

    source {
      storage_source {
        bucket = module.sources_bucket.name
        object = google_storage_bucket_object.bundle[each.key].name
      }
    }
  }

  service_config {
    available_memory               = "${each.value.memory_mb}Mi"
    timeout_seconds                = each.value.timeout_s
    min_instance_count             = 0 # scale to zero: nothing runs (or costs) while idle
    max_instance_count             = var.function_max_instances
    ingress_settings               = each.value.trigger == "event" || (each.value.public && local.edge) ? "ALLOW_INTERNAL_AND_GCLB" : "ALLOW_ALL"
    all_traffic_on_latest_revision = true
    service_account_email          = google_service_account.function[each.key].email

    # Every knob is listed in docs/settings.md (functions/common/jobfeed/knobs.py): the tuning ones come from
    # var.function_settings, the deployment's own win over them, and the per-function ones below over both.
    environment_variables = merge(var.function_settings, local.deployment_env, {
      JOBFEED_FUNCTION = each.key
      # jobfeed.rate_limit: X-Forwarded-For entries appended by trusted proxies ("<client>, <load balancer>"
      # behind the edge; Google's front end appends the client's alone otherwise).
      JOBFEED_CLIENT_ADDRESS_HOPS = each.value.public && local.edge ? "2" : "1"
      # reCAPTCHA Enterprise for the Portal's form (edge.tf): an empty key is off.
      JOBFEED_RECAPTCHA_SITE_KEY  = each.value.public && var.recaptcha_enabled ? google_recaptcha_enterprise_key.portal[0].name : ""
      JOBFEED_RECAPTCHA_MIN_SCORE = tostring(var.recaptcha_min_score)
    })

    dynamic "secret_environment_variables" {
      for_each = toset(each.value.secrets)
      content {
        key        = local.secret_env_names[secret_environment_variables.value]
        project_id = var.project_id
        secret     = google_secret_manager_secret.secret[secret_environment_variables.value].secret_id
        version    = "latest"
      }
    }
  }

  lifecycle {
    precondition {
      condition     = contains(["http", "event"], each.value.trigger)
      error_message = "Function ${each.key}: trigger must be http or event."
    }
  }

  depends_on = [
    google_project_iam_member.build,
    google_storage_bucket_iam_member.build_reads_sources,
    google_secret_manager_secret_iam_member.function,
  ]
}

# The Portal is the one public function: candidates use it from a browser, and it checks their
# feed tokens itself.
resource "google_cloud_run_v2_service_iam_member" "public" {
  for_each = { for name, f in local.functions : name => f if f.trigger == "http" && f.public }

  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.function[each.key].service_config[0].service
  role     = "roles/run.invoker"
  member   = "allUsers"
}

# Non-public HTTP functions (Job Intake) are callable only by the listed identities.
resource "google_cloud_run_v2_service_iam_member" "private_http" {
  for_each = {
    for pair in setproduct(
      [for name, f in local.functions : name if f.trigger == "http" && !f.public],
      var.private_http_invokers,
    ) : "${pair[0]}/${pair[1]}" => { function = pair[0], member = pair[1] }
  }

  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.function[each.value.function].service_config[0].service
  role     = "roles/run.invoker"
  member   = each.value.member
}
