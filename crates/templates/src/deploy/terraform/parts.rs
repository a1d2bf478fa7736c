//! The building blocks the resource groups share: a list of strings as HCL, and an IAM role that
//! one AWS service of this account may assume.

/// A list of strings as `terraform fmt` writes it: `["a", "b"]`.
pub(super) fn hcl_list<T: AsRef<str>>(items: &[T]) -> String {
    let quoted: Vec<String> = items
        .iter()
        .map(|item| format!("{:?}", item.as_ref()))
        .collect();
    format!("[{}]", quoted.join(", "))
}

/// An IAM role that one AWS service of this account (and only for this account's resources:
/// `aws:SourceAccount`) may assume.
pub(super) fn service_role(
    resource: &str,
    name_suffix: &str,
    description: &str,
    service: &str,
) -> String {
    format!(
        r#"resource "aws_iam_role" "{resource}" {{
  name_prefix = "${{var.name}}-{name_suffix}-"
  description = "{description}"
  assume_role_policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "Allow"
      Principal = {{ Service = "{service}" }}
      Action    = "sts:AssumeRole"
      Condition = {{ StringEquals = {{ "aws:SourceAccount" = data.aws_caller_identity.current.account_id }} }}
    }}]
  }})
}}

"#
    )
}
