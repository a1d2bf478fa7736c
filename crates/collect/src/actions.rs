//! Every AWS action iam-audit can call, where it calls it, and for which option: the single
//! source of the read-only allow-list (enforced by tests against the emulator's call log) and of
//! the least-privilege policies `iam-audit policy` generates, so the two cannot drift.

/// Where an action is called from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// With the audit role's credentials, in each member account (and with the caller's own
    /// credentials in the account the caller is signed in to).
    Member,
    /// With the caller's credentials, in the management (or delegated administrator) account only.
    Management,
    /// With the caller's credentials, in the caller's own account, to deliver the results (S3,
    /// KMS, SNS, Secrets Manager): never in an audited account, never a read of IAM.
    Delivery,
}

/// Which run needs an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Every audit.
    Always,
    /// Audits that search CloudTrail (not `--no-cloudtrail`).
    CloudTrail,
    /// `--iam-source api` (the default).
    ApiSource,
    /// `--iam-source credential-report`.
    CredentialReport,
    /// `iam-audit doctor`.
    Doctor,
    /// Reports written to S3 (`--output-dir s3://`).
    S3Output,
    /// Baselines and `latest.json` read from S3.
    S3Read,
    /// S3 objects encrypted with a KMS key.
    Kms,
    /// `--notify sns:`.
    Sns,
    /// `--slack-webhook-secret`.
    WebhookSecret,
}

/// One action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Action {
    /// `service:Action`, as in an IAM policy.
    pub name: &'static str,
    /// Where it is called.
    pub scope: Scope,
    /// Which run needs it.
    pub need: Need,
}

const fn action(name: &'static str, scope: Scope, need: Need) -> Action {
    Action { name, scope, need }
}

/// Every action, with its scope and need.
pub const ACTIONS: &[Action] = &[
    action("sts:GetCallerIdentity", Scope::Management, Need::Always),
    action("sts:AssumeRole", Scope::Management, Need::Always),
    action(
        "organizations:DescribeOrganization",
        Scope::Management,
        Need::Always,
    ),
    action(
        "organizations:ListAccounts",
        Scope::Management,
        Need::Always,
    ),
    action(
        "iam:ListOrganizationsFeatures",
        Scope::Management,
        Need::Always,
    ),
    action(
        "controltower:ListLandingZones",
        Scope::Management,
        Need::Doctor,
    ),
    action("iam:ListUsers", Scope::Member, Need::ApiSource),
    action("iam:ListAccessKeys", Scope::Member, Need::Always),
    action("iam:GetAccessKeyLastUsed", Scope::Member, Need::Always),
    action("iam:ListMFADevices", Scope::Member, Need::Always),
    action("iam:GetLoginProfile", Scope::Member, Need::ApiSource),
    action("iam:GetAccountSummary", Scope::Member, Need::Always),
    action("iam:ListVirtualMFADevices", Scope::Member, Need::Always),
    action("iam:ListSSHPublicKeys", Scope::Member, Need::Always),
    action("iam:ListSigningCertificates", Scope::Member, Need::Always),
    action(
        "iam:ListServiceSpecificCredentials",
        Scope::Member,
        Need::Always,
    ),
    action("iam:GetAccountPasswordPolicy", Scope::Member, Need::Always),
    action(
        "iam:GetAccountAuthorizationDetails",
        Scope::Member,
        Need::Always,
    ),
    action(
        "iam:GenerateCredentialReport",
        Scope::Member,
        Need::CredentialReport,
    ),
    action(
        "iam:GetCredentialReport",
        Scope::Member,
        Need::CredentialReport,
    ),
    action("cloudtrail:LookupEvents", Scope::Member, Need::CloudTrail),
    // doctor's minimal probes in each member.
    action("iam:ListUsers", Scope::Member, Need::Doctor),
    action("iam:GetLoginProfile", Scope::Member, Need::Doctor),
    action("iam:GetAccountPasswordPolicy", Scope::Member, Need::Doctor),
    action(
        "iam:ListServiceSpecificCredentials",
        Scope::Member,
        Need::Doctor,
    ),
    action("iam:ListSSHPublicKeys", Scope::Member, Need::Doctor),
    action("iam:ListSigningCertificates", Scope::Member, Need::Doctor),
    action(
        "iam:GetAccountAuthorizationDetails",
        Scope::Member,
        Need::Doctor,
    ),
    action("cloudtrail:LookupEvents", Scope::Member, Need::Doctor),
    // Delivery, in the caller's own account.
    action("s3:PutObject", Scope::Delivery, Need::S3Output),
    action("s3:GetObject", Scope::Delivery, Need::S3Read),
    action("kms:GenerateDataKey", Scope::Delivery, Need::Kms),
    action("kms:Decrypt", Scope::Delivery, Need::Kms),
    action("sns:Publish", Scope::Delivery, Need::Sns),
    action(
        "secretsmanager:GetSecretValue",
        Scope::Delivery,
        Need::WebhookSecret,
    ),
];

/// Every distinct action called in audited accounts and the management account, sorted: the
/// read-only allow-list (the delivery's writes, in the caller's own account, are not in it).
pub fn read_actions() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = ACTIONS
        .iter()
        .filter(|action| action.scope != Scope::Delivery)
        .map(|action| action.name)
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// The options that decide which actions a policy grants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PolicyNeeds {
    /// CloudTrail is searched.
    pub cloudtrail: bool,
    /// The credential-report path instead of the API path.
    pub credential_report: bool,
    /// `doctor` will be run with this role.
    pub doctor: bool,
}

impl Default for PolicyNeeds {
    fn default() -> Self {
        PolicyNeeds {
            cloudtrail: true,
            credential_report: false,
            doctor: true,
        }
    }
}

/// The action names of `scope` that `needs` require, sorted.
pub fn actions_for(scope: Scope, needs: PolicyNeeds) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = ACTIONS
        .iter()
        .filter(|action| action.scope == scope)
        .filter(|action| match action.need {
            Need::Always => true,
            Need::CloudTrail => needs.cloudtrail,
            Need::ApiSource => !needs.credential_report,
            Need::CredentialReport => needs.credential_report,
            Need::Doctor => needs.doctor,
            Need::S3Output | Need::S3Read | Need::Kms | Need::Sns | Need::WebhookSecret => false,
        })
        .map(|action| action.name)
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// What a generated policy is for.
#[derive(Debug, Clone)]
pub struct PolicyOptions {
    /// The audit role's name.
    pub role_name: String,
    /// `aws`, `aws-us-gov`, `aws-cn`.
    pub partition: String,
    /// The management account trusted by the role; `None` leaves a placeholder.
    pub management_account: Option<String>,
    /// `sts:ExternalId` the trust policy requires.
    pub external_id: Option<String>,
    /// Which actions the runs need.
    pub needs: PolicyNeeds,
}

/// Placeholder for an unknown management account id.
pub const MANAGEMENT_ACCOUNT_PLACEHOLDER: &str = "MANAGEMENT_ACCOUNT_ID";

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
        .filter(|name| *name != "sts:AssumeRole" && *name != "sts:GetCallerIdentity")
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
        serde_json::json!({
            "Sid": "IamAuditManagementAccountRead",
            "Effect": "Allow",
            "Action": actions_for(Scope::Member, options.needs),
            "Resource": "*",
        }),
    ])
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

/// Where a run delivers, to scope the delivery policy's resources.
#[derive(Debug, Clone, Default)]
pub struct DeliveryTargets {
    /// `s3://bucket/prefix` of the reports.
    pub bucket: Option<(String, String)>,
    /// The KMS key's ARN.
    pub kms_key: Option<String>,
    /// SNS topic ARNs.
    pub topics: Vec<String>,
    /// The webhook secret's ARN.
    pub webhook_secret: Option<String>,
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
    if let Some(secret) = &targets.webhook_secret {
        statements.push(serde_json::json!({
            "Sid": "IamAuditReadWebhook",
            "Effect": "Allow",
            "Action": delivery_action(Need::WebhookSecret),
            "Resource": secret,
        }));
    }
    (!statements.is_empty()).then(|| document(statements))
}

/// Every action of the delivery, sorted.
pub fn delivery_actions() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = ACTIONS
        .iter()
        .filter(|action| action.scope == Scope::Delivery)
        .map(|action| action.name)
        .collect();
    names.sort_unstable();
    names
}

/// Checks a document against IAM's policy grammar: version, statements, effects, actions,
/// resources or principals. Returns what is wrong.
pub fn policy_grammar_errors(policy: &serde_json::Value) -> Vec<String> {
    let mut errors = Vec::new();
    if policy.get("Version").and_then(|version| version.as_str()) != Some("2012-10-17") {
        errors.push("Version must be 2012-10-17".to_string());
    }
    let Some(statements) = policy
        .get("Statement")
        .and_then(|statements| statements.as_array())
    else {
        errors.push("Statement must be a list".to_string());
        return errors;
    };
    if statements.is_empty() {
        errors.push("Statement is empty".to_string());
    }
    let action_shape = |action: &str| {
        action.split_once(':').is_some_and(|(service, name)| {
            !service.is_empty()
                && service.chars().all(|character| {
                    character.is_ascii_lowercase() || character.is_ascii_digit() || character == '-'
                })
                && !name.is_empty()
                && name
                    .chars()
                    .all(|character| character.is_ascii_alphanumeric() || character == '*')
        })
    };
    for (index, statement) in statements.iter().enumerate() {
        let Some(fields) = statement.as_object() else {
            errors.push(format!("statement {index} is not an object"));
            continue;
        };
        for key in fields.keys() {
            if ![
                "Sid",
                "Effect",
                "Principal",
                "NotPrincipal",
                "Action",
                "NotAction",
                "Resource",
                "NotResource",
                "Condition",
            ]
            .contains(&key.as_str())
            {
                errors.push(format!("statement {index}: unknown element {key}"));
            }
        }
        if let Some(sid) = fields.get("Sid")
            && !sid.as_str().is_some_and(|sid| {
                sid.chars()
                    .all(|character| character.is_ascii_alphanumeric())
            })
        {
            errors.push(format!("statement {index}: Sid must be alphanumeric"));
        }
        if !matches!(
            fields.get("Effect").and_then(|effect| effect.as_str()),
            Some("Allow" | "Deny")
        ) {
            errors.push(format!("statement {index}: Effect must be Allow or Deny"));
        }
        let actions: Vec<&str> = match fields.get("Action") {
            Some(serde_json::Value::String(action)) => vec![action.as_str()],
            Some(serde_json::Value::Array(actions)) => actions
                .iter()
                .filter_map(|action| action.as_str())
                .collect(),
            _ => Vec::new(),
        };
        if actions.is_empty() || !actions.iter().all(|action| action_shape(action)) {
            errors.push(format!(
                "statement {index}: Action must be service:Action names"
            ));
        }
        let has_target = fields.contains_key("Resource") || fields.contains_key("Principal");
        if !has_target {
            errors.push(format!("statement {index}: needs a Resource (identity policy) or a Principal (trust policy)"));
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_allow_list_is_every_distinct_action() {
        let names = read_actions();
        assert_eq!(names.len(), 21);
        assert!(names.windows(2).all(|pair| pair[0] < pair[1]));
    }

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

    #[test]
    fn the_grammar_check_catches_mistakes() {
        let bad = serde_json::json!({"Version": "2008-10-17", "Statement": [{"Effect": "Permit", "Action": "ListUsers", "Sid": "a-b"}]});
        assert_eq!(policy_grammar_errors(&bad).len(), 5);
    }

    #[test]
    fn options_decide_the_member_actions() {
        let plain = actions_for(
            Scope::Member,
            PolicyNeeds {
                cloudtrail: false,
                credential_report: false,
                doctor: false,
            },
        );
        assert!(
            plain.contains(&"iam:GetLoginProfile") && !plain.contains(&"cloudtrail:LookupEvents")
        );
        assert!(!plain.contains(&"iam:GetCredentialReport"));
        let report = actions_for(
            Scope::Member,
            PolicyNeeds {
                cloudtrail: true,
                credential_report: true,
                doctor: false,
            },
        );
        assert!(
            report.contains(&"iam:GenerateCredentialReport") && !report.contains(&"iam:ListUsers")
        );
        let doctor = actions_for(
            Scope::Member,
            PolicyNeeds {
                cloudtrail: false,
                credential_report: true,
                doctor: true,
            },
        );
        assert!(doctor.contains(&"iam:ListUsers") && doctor.contains(&"cloudtrail:LookupEvents"));
        let management = actions_for(Scope::Management, PolicyNeeds::default());
        assert!(
            management.contains(&"organizations:ListAccounts")
                && management.contains(&"controltower:ListLandingZones")
        );
    }
}
