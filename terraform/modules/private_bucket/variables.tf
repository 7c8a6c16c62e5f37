variable "project_id" {
  description = "Project that owns the bucket."
  type        = string
}

variable "name" {
  description = "Globally unique bucket name."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$", var.name))
    error_message = "Bucket names are 3-63 lowercase letters, digits, dots, hyphens or underscores."
  }
}

variable "location" {
  description = "Bucket location (a region keeps data next to the functions)."
  type        = string
}

variable "force_destroy" {
  description = "Allow terraform destroy to delete the bucket while it still holds objects."
  type        = bool
  default     = false
}

variable "lifecycle_rules" {
  description = "Lifecycle rules: an action (Delete, SetStorageClass, AbortIncompleteMultipartUpload) and the condition fields that apply."
  type = list(object({
    action                     = string
    storage_class              = optional(string)
    age                        = optional(number)
    days_since_noncurrent_time = optional(number)
    num_newer_versions         = optional(number)
    with_state                 = optional(string)
  }))
  default = []

  validation {
    condition     = alltrue([for r in var.lifecycle_rules : contains(["Delete", "SetStorageClass", "AbortIncompleteMultipartUpload"], r.action)])
    error_message = "Each lifecycle rule action must be Delete, SetStorageClass or AbortIncompleteMultipartUpload."
  }
}
