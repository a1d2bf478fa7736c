//! The module's variables: the same settings as the CloudFormation template's parameters.
//! `@ROLE@` and `@SCHEDULE@` are filled in by `finish`.

/// The variables' blocks.
pub(super) const VARIABLES: &str = r#"variable "name" {
  description = "A prefix for the resources' names"
  type        = string
  default     = "iam-audit"
}

variable "code_bucket" {
  description = "The bucket holding bootstrap.zip (scripts/build-lambda makes it)"
  type        = string
}

variable "code_key" {
  description = "bootstrap.zip's key in code_bucket"
  type        = string
  default     = "iam-audit/bootstrap.zip"
}

variable "audit_role_name" {
  description = "The role assumed in every member account"
  type        = string
  default     = "@ROLE@"
}

variable "external_id" {
  description = "sts:ExternalId the audit role's trust policy requires (empty: none)"
  type        = string
  default     = ""
}

variable "schedule_expression" {
  description = "When the audit runs (EventBridge Scheduler expression)"
  type        = string
  default     = "@SCHEDULE@"
}

variable "schedule_timezone" {
  description = "The timezone the schedule's expression is read in (IANA name)"
  type        = string
  default     = "UTC"
}

variable "schedule_state" {
  description = "DISABLED stops the weekly runs"
  type        = string
  default     = "ENABLED"
}

variable "function_memory" {
  description = "The function's memory in MB"
  type        = number
  default     = 1024
}

variable "function_timeout" {
  description = "The function's timeout in seconds"
  type        = number
  default     = 900
}

variable "reports_kms_key_arn" {
  description = "A KMS key for the reports (empty: SSE-S3)"
  type        = string
  default     = ""
}

variable "reports_retention_days" {
  description = "Days before a report expires"
  type        = number
  default     = 400
}

variable "log_retention_days" {
  description = "Days the function's logs are kept"
  type        = number
  default     = 90
}

variable "slack_webhook_secret_arn" {
  description = "A Secrets Manager secret holding the Slack webhook's URL (empty: no Slack)"
  type        = string
  default     = ""
}

variable "notify_topic_arn" {
  description = "An SNS topic for the summary (empty: none)"
  type        = string
  default     = ""
}

variable "alarm_topic_arn" {
  description = "An SNS topic for the error alarms (empty: none)"
  type        = string
  default     = ""
}

variable "presign_hours" {
  description = "Hours the notifications' link to the HTML report stays valid (empty: no link)"
  type        = string
  default     = "24"
}

"#;
