output "portal_url" {
  description = "Public URL of the Job Portal (registration form and feed pages): the edge's domain when portal_domains is set."
  value       = local.edge ? local.portal_url : one([for name, f in local.functions : google_cloudfunctions2_function.function[name].service_config[0].uri if f.public])
}

output "function_urls" {
  description = "URL of every function, by topology name. Event functions accept only internal traffic."
  value       = { for name, f in google_cloudfunctions2_function.function : name => f.service_config[0].uri }
}

output "function_service_accounts" {
  description = "Runtime service account email of every function, by topology name."
  value       = { for name, sa in google_service_account.function : name => sa.email }
}

output "push_service_account" {
  description = "Service account in the OIDC token of every Pub/Sub push request."
  value       = google_service_account.push.email
}

output "dead_letter_subscriptions" {
  description = "Ops pull subscription on each dead-letter topic, by source subscription."
  value       = { for name, s in google_pubsub_subscription.dead_letter : name => s.name }
}

output "resumes_bucket" {
  description = "Bucket holding candidates' resumes."
  value       = module.resumes_bucket.name
}

output "function_sources_bucket" {
  description = "Bucket holding the function source bundles."
  value       = module.sources_bucket.name
}
