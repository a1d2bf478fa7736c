//! `iam-audit policy`: the least-privilege policies for the audit, generated from the same action
//! list the read-only test enforces: the member-account audit role's policy and trust policy, and
//! the management-account caller's policy; as JSON, a CloudFormation template for a
//! service-managed StackSet, or Terraform.

use iam_audit_collect::actions::{
    DeliveryTargets, MANAGEMENT_ACCOUNT_PLACEHOLDER, PolicyNeeds, PolicyOptions, delivery_policy,
    management_policy, member_policy, trust_policy,
};
use serde_json::{Value, json};

use crate::cli::{IamSourceArg, PolicyArgs, PolicyFormat};
use crate::console;
use crate::exit;
use crate::settings;

/// Prints the policies; returns the exit code.
pub fn execute(arguments: &PolicyArgs) -> anyhow::Result<u8> {
    let management_account = arguments
        .management_account
        .as_deref()
        .map(|id| settings::account_id(id, "--management-account"))
        .transpose()?;
    // The same checks as the audit's: one rule for one input, whatever the command.
    settings::validate::iam_name(&arguments.role, "--role", 1..=64)?;
    if let Some(external_id) = &arguments.external_id {
        settings::validate::external_id(external_id)?;
    }
    let options = PolicyOptions {
        role_name: arguments.role.clone(),
        partition: arguments.partition.clone(),
        management_account,
        external_id: arguments.external_id.clone(),
        needs: PolicyNeeds {
            cloudtrail: !arguments.no_cloudtrail,
            credential_report: arguments.iam_source == IamSourceArg::CredentialReport,
            doctor: !arguments.no_doctor,
        },
    };
    let text = match arguments.format {
        PolicyFormat::Cloudformation => serde_json::to_string_pretty(&cloudformation(&options))?,
        PolicyFormat::Terraform => terraform(&options)?,
        PolicyFormat::Json => {
            let mut documents = json!({
                "member_role_name": options.role_name,
                "member_role_policy": member_policy(options.needs),
                "member_role_trust_policy": trust_policy(&options),
                "management_policy": management_policy(&options),
            });
            if let Some(policy) = delivery_policy(&options.partition, &delivery_targets(arguments)?)
            {
                documents["delivery_policy"] = policy;
            }
            serde_json::to_string_pretty(&documents)?
        }
    };
    console::out(text);
    Ok(exit::COMPLETE)
}

/// Where the audit will deliver, from `--output-dir`, `--s3-kms-key`, `--notify` and
/// `--slack-webhook-secret`.
fn delivery_targets(arguments: &PolicyArgs) -> anyhow::Result<DeliveryTargets> {
    let bucket = match arguments.output_dir.as_deref() {
        Some(text) => Some(
            iam_audit_deliver::s3::S3Location::parse(text)
                .map(|location| (location.bucket, location.prefix))
                .ok_or_else(|| settings::usage("usage-s3-uri", &[("value", text.to_string())]))?,
        ),
        None => None,
    };
    let mut topics = Vec::new();
    for target in &arguments.notify {
        match target.strip_prefix("sns:") {
            Some(topic) if iam_audit_deliver::sns::is_topic_arn(topic) => {
                topics.push(topic.to_string());
            }
            _ => {
                return Err(settings::usage("usage-notify", &[("value", target.clone())]).into());
            }
        }
    }
    Ok(DeliveryTargets {
        bucket,
        kms_key: arguments.s3_kms_key.clone(),
        topics,
        webhook_secret: arguments.slack_webhook_secret.clone(),
    })
}

/// A template for a service-managed StackSet that deploys the audit role to every account of the
/// organization or of chosen OUs.
fn cloudformation(options: &PolicyOptions) -> Value {
    let mut trust = trust_policy(options);
    trust["Statement"][0]["Principal"]["AWS"] =
        json!({"Fn::Sub": format!("arn:${{AWS::Partition}}:iam::${{ManagementAccountId}}:root")});
    let mut parameters = json!({
        "ManagementAccountId": {
            "Type": "String",
            "AllowedPattern": "^[0-9]{12}$",
            "Description": "The organization's management account, trusted to assume the audit role",
        }
    });
    if let Some(account) = &options.management_account {
        parameters["ManagementAccountId"]["Default"] = json!(account);
    }
    json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": format!("iam-audit least-privilege audit role {} (read-only IAM and CloudTrail). Deploy with a service-managed StackSet to the organization or its OUs.", options.role_name),
        "Parameters": parameters,
        "Resources": {
            "IamAuditRole": {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "RoleName": options.role_name,
                    "Description": "Read-only role for iam-audit",
                    "MaxSessionDuration": 3600,
                    "AssumeRolePolicyDocument": trust,
                    "Policies": [{"PolicyName": "iam-audit-read-only", "PolicyDocument": member_policy(options.needs)}],
                }
            }
        },
        "Outputs": {
            "RoleArn": {"Value": {"Fn::GetAtt": ["IamAuditRole", "Arn"]}}
        }
    })
}

/// The same role as Terraform (HCL), with the management account as a variable.
fn terraform(options: &PolicyOptions) -> anyhow::Result<String> {
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
