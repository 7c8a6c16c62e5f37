provider "google" {
  project               = var.project_id
  region                = var.region
  default_labels        = var.labels
  user_project_override = true
  billing_project       = var.project_id
}

provider "google-beta" {
  project               = var.project_id
  region                = var.region
  default_labels        = var.labels
  user_project_override = true
  billing_project       = var.project_id
}
