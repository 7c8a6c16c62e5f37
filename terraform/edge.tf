# The Portal's edge (#18, docs/design-notes.md "Rate limits"): an external HTTPS load balancer in front of the
# Portal function through a serverless network endpoint group, as Google documents for Cloud Functions (2nd
# gen, i.e. Cloud Run functions), with a Cloud Armor security policy whose rate-based rules throttle floods
# before they reach the function. With the edge on, the function's ingress admits only the load balancer
# (functions.tf), the Portal's links use the edge's domain, and the Portal reads the client address the load
# balancer appends to X-Forwarded-For. The function's own Firestore counters (jobfeed.rate_limit) still apply
# per client and per e-mail address: Cloud Armor cannot see an e-mail address.
#
# The edge needs a domain for its Google-managed certificate: with portal_domains empty (the default) there is
# no edge and the Portal answers on its cloudfunctions.net URL as before.

variable "portal_domains" {
  description = "Domains the Portal is served on through the HTTPS load balancer and Cloud Armor (a Google-managed certificate covers them; point their DNS A records at the portal_edge_ip output). Empty: no edge, the Portal answers on its cloudfunctions.net URL."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for d in var.portal_domains : can(regex("^([a-z0-9-]+\\.)+[a-z]{2,}$", d))])
    error_message = "portal_domains must be lowercase DNS names such as jobs.example.com."
  }
}

variable "edge_requests_per_minute" {
  description = "Cloud Armor: requests per client address per minute to any Portal URL before it answers 429; an address that keeps exceeding it is banned for edge_ban_seconds. A person reading their feed makes a few."
  type        = number
  default     = 300

  validation {
    condition     = var.edge_requests_per_minute >= 10
    error_message = "edge_requests_per_minute must be at least 10."
  }
}

variable "edge_registrations_per_10_minutes" {
  description = "Cloud Armor: registration posts (POST /candidates) per client address per 10 minutes before it answers 429. The Portal's own limit (20 an hour per address) counts across instances behind it."
  type        = number
  default     = 20

  validation {
    condition     = var.edge_registrations_per_10_minutes >= 1
    error_message = "edge_registrations_per_10_minutes must be at least 1."
  }
}

variable "edge_ban_seconds" {
  description = "Cloud Armor: how long a client address that exceeded edge_requests_per_minute is refused."
  type        = number
  default     = 600

  validation {
    condition     = var.edge_ban_seconds >= 60
    error_message = "edge_ban_seconds must be at least 60."
  }
}

locals {
  edge       = length(var.portal_domains) > 0
  portal_key = one([for name, f in local.functions : name if f.public])
}

resource "google_compute_security_policy" "portal" {
  count = local.edge ? 1 : 0

  project     = var.project_id
  name        = "${var.name_prefix}-portal-edge"
  description = "jobfeed Portal: rate-based rules per client address in front of the registration form and feed pages"
  type        = "CLOUD_ARMOR"

  # Log4j lookups in any header or parameter (CVE-2021-44228): refused outright.
  rule {
    action      = "deny(403)"
    priority    = 100
    description = "Log4j lookup attempts (cve-canary)"
    match {
      expr {
        expression = "evaluatePreconfiguredWaf('cve-canary')"
      }
    }
  }

  # A registration sends an e-mail: the strictest limit.
  rule {
    action      = "throttle"
    priority    = 1000
    description = "Registrations per client address"
    match {
      expr {
        expression = "request.method == 'POST' && request.path == '/candidates'"
      }
    }
    rate_limit_options {
      conform_action = "allow"
      exceed_action  = "deny(429)"
      enforce_on_key = "IP"
      rate_limit_threshold {
        count        = var.edge_registrations_per_10_minutes
        interval_sec = 600
      }
    }
  }

  # Everything else: a generous per-address rate, and a ban for an address that keeps flooding.
  rule {
    action      = "rate_based_ban"
    priority    = 2000
    description = "All requests per client address; flooding addresses are banned for a while"
    match {
      versioned_expr = "SRC_IPS_V1"
      config {
        src_ip_ranges = ["*"]
      }
    }
    rate_limit_options {
      conform_action   = "allow"
      exceed_action    = "deny(429)"
      enforce_on_key   = "IP"
      ban_duration_sec = var.edge_ban_seconds
      rate_limit_threshold {
        count        = var.edge_requests_per_minute
        interval_sec = 60
      }
    }
  }

  rule {
    action      = "allow"
    priority    = 2147483647
    description = "Default: allow"
    match {
      versioned_expr = "SRC_IPS_V1"
      config {
        src_ip_ranges = ["*"]
      }
    }
  }

  adaptive_protection_config {
    layer_7_ddos_defense_config {
      enable = true
    }
  }
}

# Serverless NEG: the load balancer's way to the Portal function's Cloud Run service.
resource "google_compute_region_network_endpoint_group" "portal" {
  count = local.edge ? 1 : 0

  project               = var.project_id
  name                  = "${var.name_prefix}-portal-neg"
  region                = var.region
  network_endpoint_type = "SERVERLESS"

  cloud_run {
    service = google_cloudfunctions2_function.function[local.portal_key].service_config[0].service
  }
}

resource "google_compute_backend_service" "portal" {
  count = local.edge ? 1 : 0

  project               = var.project_id
  name                  = "${var.name_prefix}-portal-backend"
  description           = "jobfeed Portal behind Cloud Armor"
  protocol              = "HTTPS"
  load_balancing_scheme = "EXTERNAL_MANAGED"
  security_policy       = google_compute_security_policy.portal[0].id

  backend {
    group = google_compute_region_network_endpoint_group.portal[0].id
  }

  log_config {
    enable      = true
    sample_rate = 1.0
  }
}

resource "google_compute_url_map" "portal" {
  count = local.edge ? 1 : 0

  project         = var.project_id
  name            = "${var.name_prefix}-portal"
  description     = "Every path goes to the Portal"
  default_service = google_compute_backend_service.portal[0].id
}

resource "google_compute_managed_ssl_certificate" "portal" {
  count = local.edge ? 1 : 0

  project = var.project_id
  name    = "${var.name_prefix}-portal-cert"

  managed {
    domains = var.portal_domains
  }
}

resource "google_compute_ssl_policy" "portal" {
  count = local.edge ? 1 : 0

  project         = var.project_id
  name            = "${var.name_prefix}-portal-tls"
  profile         = "MODERN"
  min_tls_version = "TLS_1_2"
}

resource "google_compute_target_https_proxy" "portal" {
  count = local.edge ? 1 : 0

  project          = var.project_id
  name             = "${var.name_prefix}-portal-https"
  url_map          = google_compute_url_map.portal[0].id
  ssl_certificates = [google_compute_managed_ssl_certificate.portal[0].id]
  ssl_policy       = google_compute_ssl_policy.portal[0].id
}

resource "google_compute_global_address" "portal" {
  count = local.edge ? 1 : 0

  project = var.project_id
  name    = "${var.name_prefix}-portal-ip"
}

resource "google_compute_global_forwarding_rule" "portal" {
  count = local.edge ? 1 : 0

  project               = var.project_id
  name                  = "${var.name_prefix}-portal-https"
  target                = google_compute_target_https_proxy.portal[0].id
  ip_address            = google_compute_global_address.portal[0].id
  port_range            = "443"
  load_balancing_scheme = "EXTERNAL_MANAGED"
  labels                = var.labels
}

output "portal_edge_ip" {
  description = "The HTTPS load balancer's address in front of the Portal (point the portal_domains' DNS A records at it); null without an edge."
  value       = local.edge ? google_compute_global_address.portal[0].address : null
}

# Optional bot protection of the registration form (job_portal/recaptcha.py): a score-based reCAPTCHA
# Enterprise key for the Portal's domains; the Portal assesses each form's token with it.
variable "recaptcha_enabled" {
  description = "Assess every registration with reCAPTCHA Enterprise (a score-based key for the portal_domains; the form loads Google's script). Off: no assessment, as locally."
  type        = bool
  default     = false
}

variable "recaptcha_min_score" {
  description = "reCAPTCHA Enterprise score (0.0 likely a bot, 1.0 likely a person) below which a registration is refused."
  type        = number
  default     = 0.5

  validation {
    condition     = var.recaptcha_min_score >= 0 && var.recaptcha_min_score <= 1
    error_message = "recaptcha_min_score must be between 0 and 1."
  }
}

resource "google_recaptcha_enterprise_key" "portal" {
  count = var.recaptcha_enabled ? 1 : 0

  project      = var.project_id
  display_name = "${var.name_prefix} portal registration"
  labels       = var.labels

  web_settings {
    integration_type  = "SCORE"
    allow_all_domains = length(var.portal_domains) == 0
    allowed_domains   = var.portal_domains
  }
}

# Creating assessments is all the Portal may do with reCAPTCHA (no key management).
resource "google_project_iam_member" "portal_recaptcha" {
  count = var.recaptcha_enabled ? 1 : 0

  project = var.project_id
  role    = "roles/recaptchaenterprise.agent"
  member  = "serviceAccount:${google_service_account.function[local.portal_key].email}"
}
