# Everything derived from schemas/topology.yaml. Pure expressions only (no resources), so that
# tests can evaluate this file with `terraform console` and compare it with the YAML.

locals {
  topology_file = startswith(var.topology_path, "/") ? var.topology_path : "${path.module}/${var.topology_path}"
  schemas_dir   = startswith(var.schemas_dir, "/") ? var.schemas_dir : "${path.module}/${var.schemas_dir}"
  bundle_dir    = startswith(var.function_bundle_dir, "/") ? var.function_bundle_dir : "${path.module}/${var.function_bundle_dir}"

  topology = yamldecode(file(local.topology_file))
  defaults = local.topology.defaults

  topics = { for t in local.topology.topics : t.name => t }

  functions = {
    for f in local.topology.functions : f.name => {
      name        = f.name
      source      = f.source
      trigger     = f.trigger
      public      = try(f.public, false)
      timeout_s   = f.timeout_s
      memory_mb   = f.memory_mb
      emits       = try(f.emits, [])
      buckets     = try(f.buckets, [])
      bucket_role = try(f.bucket_role, "writer")
      secrets     = try(f.secrets, [])
      # Cloud Functions names allow hyphens, not underscores; the entry point keeps the Python name.
      resource_name = replace(f.name, "_", "-")
      account_id    = "fn-${replace(f.name, "_", "-")}"
    }
  }

  event_functions = { for name, f in local.functions : name => f if f.trigger == "event" }

  subscriptions = {
    for s in local.topology.subscriptions : s.name => {
      name                  = s.name
      topic                 = s.topic
      consumer              = s.consumer
      dead_letter_topic     = s.dead_letter_topic
      ordered               = try(s.ordered, false)
      min_backoff_s         = try(s.retry.min_backoff_s, local.defaults.retry.min_backoff_s)
      max_backoff_s         = try(s.retry.max_backoff_s, local.defaults.retry.max_backoff_s)
      max_delivery_attempts = try(s.max_delivery_attempts, local.defaults.max_delivery_attempts)
      # For push, the ack deadline is the request timeout: it must cover the function's timeout,
      # or Pub/Sub redelivers a message the function is still working on. 600 s is the Pub/Sub maximum.
      ack_deadline_s = min(600, max(
        try(s.ack_deadline_s, local.defaults.ack_deadline_s),
        local.functions[s.consumer].timeout_s,
      ))
    }
  }

  dead_letter_retention = "${local.defaults.dead_letter_retention_days * 86400}s"

  schedules = { for s in local.topology.schedules : s.name => s }

  # Secrets named by any function, created once each.
  secrets = toset(flatten([for f in local.functions : f.secrets]))

  # Buckets named in the topology (`buckets: [resumes]`) map to the bucket resources in storage.tf.
  bucket_roles = {
    reader = "roles/storage.objectViewer"
    writer = "roles/storage.objectUser"
  }

  function_topic_publishers = merge([
    for f in local.functions : { for t in f.emits : "${f.name}/${t}" => { function = f.name, topic = t } }
  ]...)

  function_bucket_access = merge([
    for f in local.functions : {
      for b in f.buckets : "${f.name}/${b}" => { function = f.name, bucket = b, role = local.bucket_roles[f.bucket_role] }
    }
  ]...)

  function_secret_access = merge([
    for f in local.functions : { for s in f.secrets : "${f.name}/${s}" => { function = f.name, secret = s } }
  ]...)

  # The only project-wide roles a function's service account gets. Firestore IAM cannot be scoped
  # below the database, and log writing is project-level by nature. tests/terraform holds this list
  # to an allow-list.
  function_project_roles = ["roles/datastore.user", "roles/logging.logWriter"]

  function_project_role_grants = merge([
    for f in local.functions : { for r in local.function_project_roles : "${f.name}/${r}" => { function = f.name, role = r } }
  ]...)

  # One outbox collection per service (functions sharing a source share the outbox).
  services = toset([for f in local.functions : f.source])

  # Collections whose documents carry expire_at, with their kind: the same as jobfeed.retention.ttl_collections
  # (tests/terraform/test_retention.py compares them). retention.tf puts a TTL policy on each.
  ttl_collections = merge(
    { for svc in local.services : "${svc}_outbox" => "outbox" },
    { for svc in local.services : "${svc}_processed" => "processed" },
    { notification_emails = "email", event_log_entries = "event_log" },
    # jobfeed.rate_limit's counters (retention.RATE_LIMIT_COLLECTIONS): each expires with its window.
    { job_portal_rate_limits = "rate_limit", job_intake_rate_limits = "rate_limit" },
  )
}
