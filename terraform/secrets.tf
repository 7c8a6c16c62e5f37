# The secrets the topology names (sendgrid-api-key, intake-api-key). Values are not Terraform's
# business by default: add versions with gcloud (README). var.secret_values is the opt-in
# shortcut for a one-shot apply, at the price of the value sitting in the state.

resource "google_secret_manager_secret" "secret" {
  for_each = local.secrets

  project   = var.project_id
  secret_id = each.value

  replication {
    auto {}
  }

  depends_on = [google_project_service.api]
}

resource "google_secret_manager_secret_version" "initial" {
  for_each = { for k in local.secrets : k => k if contains(keys(nonsensitive(var.secret_values)), k) }

  secret      = google_secret_manager_secret.secret[each.key].id
  secret_data = var.secret_values[each.key]
}
