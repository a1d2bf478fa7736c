//! The IAM policy documents themselves: what the audit role may do in every member account and
//! whom it trusts, what the caller may do in the management account, and what the delivery may
//! write in the caller's own account (each action on its own resource).

use iam_audit_model::actions::{
    ACTIONS, GRANTED_APART, Need, PolicyNeeds, Scope, actions_for, root_audit_task_policy_arn,
};

use super::options::{DeliveryTargets, MANAGEMENT_ACCOUNT_PLACEHOLDER, PolicyOptions};

fn document(statements: Vec<serde_json::Value>) -> serde_json::Value {
    serde_json::json!({"Version": "2012-10-17", "Statement": statements})
}

/// The policy of the audit role in every member account.
pub fn member_policy(needs: PolicyNeeds) -> serde_json::Value {
    document(vec![serde_json::json!({
        "Sid": "IamAuditReadOnly",
        "Effect": "Allow",
        "Action": actions_for(Scope::Member, needs),
        "Resource": "*",
    })])
}

/// The policy of the caller in the management account: list the organization, assume the audit
/// role in members, and read the management account itself (audited with the caller's own
/// credentials). `sts:GetCallerIdentity` needs no permission.
pub fn management_policy(options: &PolicyOptions) -> serde_json::Value {
    let organization: Vec<&str> = actions_for(Scope::Management, options.needs)
        .into_iter()
        .filter(|name| !GRANTED_APART.contains(name))
        .collect();
    document(vec![
        serde_json::json!({
            "Sid": "IamAuditOrganizationRead",
            "Effect": "Allow",
            "Action": organization,
            "Resource": "*",
        }),
        serde_json::json!({
            "Sid": "IamAuditAssumeAuditRole",
            "Effect": "Allow",
            "Action": ["sts:AssumeRole"],
            "Resource": format!("arn:{}:iam::*:role/{}", options.partition, options.role_name),
        }),
        root_session_statement(&options.partition),
        serde_json::json!({
            "Sid": "IamAuditManagementAccountRead",
            "Effect": "Allow",
            "Action": actions_for(Scope::Member, options.needs),
            "Resource": "*",
        }),
    ])
}

/// Root sessions into members (`--root-credentials`), only with AWS's read-only task policy.
pub fn root_session_statement(partition: &str) -> serde_json::Value {
    serde_json::json!({
        "Sid": "IamAuditReadOnlyRootSessions",
        "Effect": "Allow",
        "Action": ["sts:AssumeRoot"],
        "Resource": format!("arn:{partition}:iam::*:root"),
        "Condition": {"StringEquals": {"sts:TaskPolicyArn": root_audit_task_policy_arn(partition)}},
    })
}

/// The audit role's trust policy: the management account may assume it (with the external id,
/// when one is given).
pub fn trust_policy(options: &PolicyOptions) -> serde_json::Value {
    let account = options
        .management_account
        .as_deref()
        .unwrap_or(MANAGEMENT_ACCOUNT_PLACEHOLDER);
    let mut statement = serde_json::json!({
        "Sid": "IamAuditTrustManagementAccount",
        "Effect": "Allow",
        "Principal": {"AWS": format!("arn:{}:iam::{account}:root", options.partition)},
        "Action": "sts:AssumeRole",
    });
    if let Some(external_id) = &options.external_id {
        statement["Condition"] =
            serde_json::json!({"StringEquals": {"sts:ExternalId": external_id}});
    }
    document(vec![statement])
}

fn delivery_action(need: Need) -> Vec<&'static str> {
    ACTIONS
        .iter()
        .filter(|action| action.scope == Scope::Delivery && action.need == need)
        .map(|action| action.name)
        .collect()
}

/// The caller's delivery policy, each action on its own resources: write and read the reports'
/// prefix, use the key, publish to the topics, read the webhook secret. `None` when the run
/// delivers nowhere.
pub fn delivery_policy(partition: &str, targets: &DeliveryTargets) -> Option<serde_json::Value> {
    let mut statements = Vec::new();
    if let Some((bucket, prefix)) = &targets.bucket {
        let objects = if prefix.is_empty() {
            format!("arn:{partition}:s3:::{bucket}/*")
        } else {
            format!("arn:{partition}:s3:::{bucket}/{prefix}/*")
        };
        statements.push(serde_json::json!({
            "Sid": "IamAuditWriteReports",
            "Effect": "Allow",
            "Action": delivery_action(Need::S3Output),
            "Resource": objects,
        }));
        statements.push(serde_json::json!({
            "Sid": "IamAuditReadBaselines",
            "Effect": "Allow",
            "Action": delivery_action(Need::S3Read),
            "Resource": objects,
        }));
    }
    if let Some(key) = &targets.kms_key {
        statements.push(serde_json::json!({
            "Sid": "IamAuditEncryptReports",
            "Effect": "Allow",
            "Action": delivery_action(Need::Kms),
            "Resource": key,
        }));
    }
    if !targets.topics.is_empty() {
        statements.push(serde_json::json!({
            "Sid": "IamAuditNotifyTopics",
            "Effect": "Allow",
            "Action": delivery_action(Need::Sns),
            "Resource": targets.topics,
        }));
    }
    if !targets.webhook_secrets.is_empty() {
        // One secret as a string, as the policy has always been written; several as a list.
        let resource = match targets.webhook_secrets.as_slice() {
            [secret] => serde_json::json!(secret),
            secrets => serde_json::json!(secrets),
        };
        statements.push(serde_json::json!({
            "Sid": "IamAuditReadWebhook",
            "Effect": "Allow",
            "Action": delivery_action(Need::WebhookSecret),
            "Resource": resource,
        }));
    }
    (!statements.is_empty()).then(|| document(statements))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::grammar::policy_grammar_errors;

    #[test]
    fn generated_policies_follow_iam_grammar() {
        let options = PolicyOptions {
            role_name: "IamAuditRole".to_string(),
            partition: "aws".to_string(),
            management_account: Some("111111111111".to_string()),
            external_id: Some("ext-123".to_string()),
            needs: PolicyNeeds::default(),
        };
        for policy in [
            member_policy(options.needs),
            management_policy(&options),
            trust_policy(&options),
        ] {
            assert_eq!(
                policy_grammar_errors(&policy),
                Vec::<String>::new(),
                "{policy}"
            );
        }
        let trust = trust_policy(&options);
        assert_eq!(
            trust["Statement"][0]["Condition"]["StringEquals"]["sts:ExternalId"],
            "ext-123"
        );
        assert_eq!(
            trust["Statement"][0]["Principal"]["AWS"],
            "arn:aws:iam::111111111111:root"
        );
        assert_eq!(
            management_policy(&options)["Statement"][1]["Resource"],
            "arn:aws:iam::*:role/IamAuditRole"
        );
    }
}
