//! The audit role as Terraform (HCL), for member accounts provisioned outside StackSets, with
//! the management account as a variable.

use serde_json::json;

use super::documents::{member_policy, trust_policy};
use super::options::{MANAGEMENT_ACCOUNT_PLACEHOLDER, PolicyOptions};

/// The same role as Terraform (HCL), with the management account as a variable.
pub fn terraform(options: &PolicyOptions) -> serde_json::Result<String> {
    let mut trust = trust_policy(options);
    trust["Statement"][0]["Principal"]["AWS"] =
        json!("arn:${data.aws_partition.current.partition}:iam::${var.management_account_id}:root");
    let default = options
        .management_account
        .as_deref()
        .unwrap_or(MANAGEMENT_ACCOUNT_PLACEHOLDER);
    Ok(format!(
        r#"# iam-audit least-privilege audit role (read-only IAM and CloudTrail).
# Apply in every member account (for example with one provider alias per account, or from an
# account-vending pipeline); the management account's caller needs the management policy that
# `iam-audit policy` prints as JSON.

variable "management_account_id" {{
  description = "The organization's management account, trusted to assume the audit role"
  type        = string
  default     = "{default}"
}}

data "aws_partition" "current" {{}}

resource "aws_iam_role" "iam_audit" {{
  name                 = "{role}"
  description          = "Read-only role for iam-audit"
  max_session_duration = 3600
  assume_role_policy   = jsonencode({trust})
}}

resource "aws_iam_role_policy" "iam_audit_read_only" {{
  name   = "iam-audit-read-only"
  role   = aws_iam_role.iam_audit.id
  policy = jsonencode({policy})
}}

output "iam_audit_role_arn" {{
  value = aws_iam_role.iam_audit.arn
}}"#,
        role = options.role_name,
        trust = serde_json::to_string_pretty(&trust)?,
        policy = serde_json::to_string_pretty(&member_policy(options.needs))?,
    ))
}
