//! The audit role as a CloudFormation template for a service-managed StackSet, deployed to every
//! account of the organization or of chosen OUs, with the management account as a parameter.

use serde_json::{Value, json};

use super::documents::{member_policy, trust_policy};
use super::options::PolicyOptions;

/// The StackSet template, pretty-printed.
pub fn cloudformation(options: &PolicyOptions) -> serde_json::Result<String> {
    serde_json::to_string_pretty(&template(options))
}

/// A template for a service-managed StackSet that deploys the audit role to every account of the
/// organization or of chosen OUs.
fn template(options: &PolicyOptions) -> Value {
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
