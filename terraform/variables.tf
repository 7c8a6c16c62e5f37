variable "project_id" {
  description = "ID of the Google Cloud project that hosts jobfeed (must already exist, with billing enabled)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a valid project ID: 6-30 lowercase letters, digits or hyphens."
  }
}

variable "region" {
  description = "Region for Cloud Functions, Cloud Scheduler and the buckets, e.g. europe-west1."
  type        = string
  default     = "europe-west1"

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]$", var.region))
    error_message = "region must be a Google Cloud region name such as europe-west1."
  }
}

variable "firestore_location" {
  description = "Location of the Firestore database (a region such as europe-west1, or a multi-region such as eur3). Cannot change after creation."
  type        = string
  default     = "europe-west1"

  validation {
    condition     = length(var.firestore_location) > 0
    error_message = "firestore_location must not be empty."
  }
}

variable "name_prefix" {
  description = "Prefix for globally unique names (buckets) and service accounts; keeps several environments apart in one project."
  type        = string
  default     = "jobfeed"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,14}$", var.name_prefix))
    error_message = "name_prefix must be 2-15 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "labels" {
  description = "Labels put on every resource that supports them."
  type        = map(string)
  default     = { app = "jobfeed" }

  validation {
    condition     = alltrue([for k, v in var.labels : can(regex("^[a-z][a-z0-9_-]{0,62}$", k))])
    error_message = "Label keys must start with a lowercase letter and hold only lowercase letters, digits, _ or -."
  }
}

variable "topology_path" {
  description = "Path to schemas/topology.yaml, relative to this directory unless absolute. The single source of topics, subscriptions, functions and schedules."
  type        = string
  default     = "../schemas/topology.yaml"

  validation {
    condition     = endswith(var.topology_path, ".yaml")
    error_message = "topology_path must point to the topology .yaml file."
  }
}

variable "schemas_dir" {
  description = "Directory holding the .avsc files named in the topology, relative to this directory unless absolute."
  type        = string
  default     = "../schemas"

  validation {
    condition     = length(var.schemas_dir) > 0
    error_message = "schemas_dir must not be empty."
  }
}

variable "function_bundle_dir" {
  description = "Directory holding <function>.zip built by tools/package_functions.py, relative to this directory unless absolute."
  type        = string
  default     = "../build/functions"

  validation {
    condition     = length(var.function_bundle_dir) > 0
    error_message = "function_bundle_dir must not be empty."
  }
}

variable "function_max_instances" {
  description = "Upper bound on instances per function; caps cost and the fan-out a message storm can cause."
  type        = number
  default     = 5

  validation {
    condition     = var.function_max_instances >= 1 && var.function_max_instances <= 100
    error_message = "function_max_instances must be between 1 and 100."
  }
}

variable "mail_from" {
  description = "Sender address of candidate emails; must be a verified sender in SendGrid."
  type        = string

  validation {
    condition     = can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.mail_from))
    error_message = "mail_from must be an email address."
  }
}

variable "private_http_invokers" {
  description = "IAM members (e.g. serviceAccount:feeder@p.iam.gserviceaccount.com) allowed to call the non-public HTTP functions (Job Intake)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for m in var.private_http_invokers : can(regex("^(user|serviceAccount|group|domain):", m))])
    error_message = "Each invoker must be an IAM member such as serviceAccount:NAME@PROJECT.iam.gserviceaccount.com; allUsers is not allowed here."
  }
}

variable "scheduler_time_zone" {
  description = "tz database time zone in which Cloud Scheduler reads the topology's cron expressions (digest times)."
  type        = string
  default     = "Europe/Amsterdam"

  validation {
    condition     = can(regex("^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$", var.scheduler_time_zone))
    error_message = "scheduler_time_zone must be a tz database name such as Europe/Amsterdam or UTC."
  }
}

variable "resume_noncurrent_retention_days" {
  description = "Days a deleted or overwritten resume version is kept before lifecycle deletes it; bounds how long erasure takes to complete."
  type        = number
  default     = 7

  validation {
    condition     = var.resume_noncurrent_retention_days >= 1 && var.resume_noncurrent_retention_days <= 30
    error_message = "resume_noncurrent_retention_days must be between 1 and 30."
  }
}

variable "secret_values" {
  description = "Optional initial values for the topology's secrets, keyed by secret name (sendgrid-api-key, intake-api-key). Leave empty to add versions with gcloud instead and keep them out of the state."
  type        = map(string)
  default     = {}
  sensitive   = true

  validation {
    condition     = alltrue([for k, v in var.secret_values : length(v) > 0])
    error_message = "secret_values entries must not be empty strings."
  }
}

variable "firestore_delete_protection" {
  description = "Protect the Firestore database from deletion. Set to false (and apply) before a full teardown."
  type        = bool
  default     = true
}

variable "force_destroy_buckets" {
  description = "Let terraform destroy delete buckets that still hold objects (resumes included). Keep false in production."
  type        = bool
  default     = false
}

variable "alert_email" {
  description = "E-mail address that receives jobfeed's alerts (monitoring.tf). Empty: the policies still open incidents in Cloud Monitoring, but notify no one."
  type        = string
  default     = ""

  validation {
    condition     = var.alert_email == "" || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alert_email))
    error_message = "alert_email must be an e-mail address, or empty."
  }
}

variable "alert_backlog_age_s" {
  description = "Alert when a push subscription's oldest unacknowledged message is older than this many seconds. `ops alerts` uses the same default."
  type        = number
  default     = 900

  validation {
    condition     = var.alert_backlog_age_s >= 60
    error_message = "alert_backlog_age_s must be at least 60 seconds."
  }
}

variable "alert_function_5xx_per_5min" {
  description = "Alert when a function answers more than this many 5xx responses (failed deliveries Pub/Sub retries) in 5 minutes. `ops alerts` uses the same default."
  type        = number
  default     = 10

  validation {
    condition     = var.alert_function_5xx_per_5min >= 0
    error_message = "alert_function_5xx_per_5min must not be negative."
  }
}

variable "event_log_retention_days" {
  description = "Days an event log entry is kept before Firestore TTL deletes it (retention.tf); 0 keeps the log forever. Traces and `ops rebuild-feed` only see what the log still holds."
  type        = number
  default     = 365

  validation {
    condition     = var.event_log_retention_days == 0 || var.event_log_retention_days >= 30
    error_message = "event_log_retention_days must be 0 (forever) or at least 30."
  }
}

variable "function_settings" {
  description = "The functions' tuning knobs (\"tuning\" in docs/settings.md), set on every function. The default is each knob's production value, the same as the code's; override single entries in tfvars."
  type        = map(string)
  default = {
    JOBFEED_PUBLISH_TIMEOUT_S        = "5"
    JOBFEED_DIGEST_CHUNK             = "200"
    JOBFEED_EMAIL_MAX_JOBS           = "25"
    JOBFEED_INSTANT_WINDOW_S         = "600"
    JOBFEED_ERASURE_IN_FLIGHT_WAIT_S = "20"
    JOBFEED_MAIL_TIMEOUT_S           = "10"
    JOBFEED_MAIL_MAX_ATTEMPTS        = "4"
    JOBFEED_MAIL_RETRY_BUDGET_S      = "20"
    JOBFEED_MAIL_BREAKER_FAIL_MAX    = "5"
    JOBFEED_MAIL_BREAKER_RESET_S     = "60"
    JOBFEED_MATCH_THRESHOLD          = "0.35"
    JOBFEED_MATCH_TOP_N              = "20"
    JOBFEED_FAN_OUT_CHUNK            = "200"
    JOBFEED_INDEX_OVERLAP_S          = "1"
    JOBFEED_INDEX_REUSE_S            = "0.5"
    JOBFEED_INDEX_CLOCK_MARGIN_S     = "0.25"
    JOBFEED_SENT_RETENTION_DAYS      = "30"
    JOBFEED_CONFIRM_LINK_TTL_S       = "172800"
    JOBFEED_CONFIRM_RESEND_GAP_S     = "600"
    JOBFEED_CONFIRM_MAX_RESENDS      = "3"
    JOBFEED_DUPLICATE_EMAIL_GAP_S    = "3600"
    JOBFEED_RATE_REGISTER_PER_CLIENT = "20/3600"
    JOBFEED_RATE_REGISTER_PER_EMAIL  = "5/3600"
    JOBFEED_RATE_WRITE_PER_CLIENT    = "120/600"
    JOBFEED_RATE_INTAKE_PER_CLIENT   = "60/60"
  }

  validation {
    # Test and bench hooks (JOBFEED_FAULT_RATE, JOBFEED_OP_COUNTS_DIR, JOBFEED_SCHEMAS_DIR) never reach production.
    condition = alltrue([
      for name in keys(var.function_settings) : can(regex("^JOBFEED_[A-Z0-9_]+$", name))
      && !contains(["JOBFEED_FAULT_RATE", "JOBFEED_OP_COUNTS_DIR", "JOBFEED_SCHEMAS_DIR", "JOBFEED_DOUBLE_OPT_IN", "JOBFEED_RATE_LIMITS"], name)
    ])
    error_message = "function_settings takes JOBFEED_* tuning knobs only (docs/settings.md), never a test hook."
  }
}
