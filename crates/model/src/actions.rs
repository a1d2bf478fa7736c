//! Every AWS action iam-audit can call, where it calls it, and for which option: the single
//! source of the read-only allow-list (enforced by tests against the emulator's call log) and of
//! the least-privilege policies and deployment templates (`iam-audit-templates`) generated for
//! `iam-audit policy` and `iam-audit deploy`, so the two cannot drift. Plain data: what the
//! collector calls is listed here, and the collector and the templates both read it.

/// The task policy a root session is opened with, after `arn:<partition>:iam::aws:`: AWS's
/// read-only `IAMAuditRootUserCredentials`. `sts:AssumeRoot` is granted only on the condition
/// that `sts:TaskPolicyArn` names it, so the caller cannot open a root session that writes.
pub const ROOT_AUDIT_TASK_POLICY: &str = "policy/root-task/IAMAuditRootUserCredentials";

/// The ARN of [`ROOT_AUDIT_TASK_POLICY`] in `partition`.
pub fn root_audit_task_policy_arn(partition: &str) -> String {
    format!("arn:{partition}:iam::aws:{ROOT_AUDIT_TASK_POLICY}")
}

/// The actions granted apart from the others, each on its own resource and condition: assume the
/// audit role, open a read-only root session. `sts:GetCallerIdentity` needs no permission.
pub const GRANTED_APART: [&str; 3] = ["sts:AssumeRole", "sts:AssumeRoot", "sts:GetCallerIdentity"];

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
    /// Service last accessed reports (not `--last-accessed off`), for the audit and for doctor's
    /// probe alike.
    LastAccessed,
    /// `iam-audit doctor`.
    Doctor,
    /// `[owners] account_tags` in the config: the accounts' tags.
    AccountTags,
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
    // Privileged root sessions into members (`--root-credentials`): granted only with AWS's
    // read-only task policy (`sts:TaskPolicyArn`), see [`ROOT_AUDIT_TASK_POLICY`].
    action("sts:AssumeRoot", Scope::Management, Need::Always),
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
    // The organization's tree (each account's OU path), walked once from the top, and the
    // accounts' tags where `[owners] account_tags` names the owner.
    action("organizations:ListRoots", Scope::Management, Need::Always),
    action(
        "organizations:ListOrganizationalUnitsForParent",
        Scope::Management,
        Need::Always,
    ),
    action(
        "organizations:ListAccountsForParent",
        Scope::Management,
        Need::Always,
    ),
    action(
        "organizations:ListTagsForResource",
        Scope::Management,
        Need::AccountTags,
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
    // The account's resources the compliance controls read (server certificates, IAM Access
    // Analyzer's analyzers in the home region).
    action("iam:ListServerCertificates", Scope::Member, Need::Always),
    action("access-analyzer:ListAnalyzers", Scope::Member, Need::Always),
    action(
        "iam:GenerateServiceLastAccessedDetails",
        Scope::Member,
        Need::LastAccessed,
    ),
    action(
        "iam:GetServiceLastAccessedDetails",
        Scope::Member,
        Need::LastAccessed,
    ),
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
    action("iam:ListServerCertificates", Scope::Member, Need::Doctor),
    action("access-analyzer:ListAnalyzers", Scope::Member, Need::Doctor),
    // doctor's service last accessed probe runs only when the audit reads usage: the two actions
    // above (`Need::LastAccessed`) cover it.
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
    /// Service last accessed reports are read (not `--last-accessed off`).
    pub last_accessed: bool,
    /// Accounts' tags are read (`[owners] account_tags`).
    pub account_tags: bool,
}

impl Default for PolicyNeeds {
    fn default() -> Self {
        PolicyNeeds {
            cloudtrail: true,
            credential_report: false,
            doctor: true,
            last_accessed: true,
            account_tags: false,
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
            Need::LastAccessed => needs.last_accessed,
            Need::AccountTags => needs.account_tags,
            Need::S3Output | Need::S3Read | Need::Kms | Need::Sns | Need::WebhookSecret => false,
        })
        .map(|action| action.name)
        .collect();
    names.sort_unstable();
    names.dedup();
    names
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_allow_list_is_every_distinct_action() {
        let names = read_actions();
        assert_eq!(names.len(), 30);
        assert!(names.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn options_decide_the_member_actions() {
        let plain = actions_for(
            Scope::Member,
            PolicyNeeds {
                cloudtrail: false,
                credential_report: false,
                doctor: false,
                last_accessed: false,
                account_tags: false,
            },
        );
        assert!(
            plain.contains(&"iam:GetLoginProfile") && !plain.contains(&"cloudtrail:LookupEvents")
        );
        assert!(!plain.contains(&"iam:GenerateServiceLastAccessedDetails"));
        assert!(!plain.contains(&"iam:GetCredentialReport"));
        let report = actions_for(
            Scope::Member,
            PolicyNeeds {
                cloudtrail: true,
                credential_report: true,
                doctor: false,
                last_accessed: true,
                account_tags: false,
            },
        );
        assert!(
            report.contains(&"iam:GenerateCredentialReport") && !report.contains(&"iam:ListUsers")
        );
        assert!(
            report.contains(&"iam:GenerateServiceLastAccessedDetails")
                && report.contains(&"iam:GetServiceLastAccessedDetails")
        );
        let doctor = actions_for(
            Scope::Member,
            PolicyNeeds {
                cloudtrail: false,
                credential_report: true,
                doctor: true,
                last_accessed: false,
                account_tags: false,
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
