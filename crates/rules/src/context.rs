//! What a rule sees of one account, and the finding builder every rule uses.

use chrono::{DateTime, Utc};
use iam_audit_model::{AccessKey, AccountSnapshot, AuditRun, User};

use crate::config::{Exposure, Thresholds};
use crate::finding::{Evidence, Finding, Remediation, ResourceType, Text};
use crate::rules::Rule;

/// One account's data, the run around it, the thresholds and "now".
pub struct AccountContext<'a> {
    /// The account's snapshot.
    pub snapshot: &'a AccountSnapshot,
    /// The whole run (organization-level facts).
    pub run: &'a AuditRun,
    /// Day thresholds.
    pub thresholds: &'a Thresholds,
    /// `[exposure]`: the expected networks.
    pub exposure: &'a Exposure,
    /// The injected clock.
    pub now: DateTime<Utc>,
}

impl AccountContext<'_> {
    /// Whole days from `then` to now (negative for the future).
    pub fn days_since(&self, then: DateTime<Utc>) -> i64 {
        (self.now - then).num_days()
    }

    /// A finding of `rule` about the account itself.
    pub fn account_finding(&self, rule: &'static Rule, command: String) -> Finding {
        self.finding(
            rule,
            ResourceType::AwsAccount,
            Finding::account_resource(&self.snapshot.account.id),
            None,
            None,
            command,
        )
    }

    /// A finding of `rule` about a resource of the rule's type that is neither a user nor a key
    /// (a policy, a role), named by its ARN.
    pub fn resource_finding(
        &self,
        rule: &'static Rule,
        resource: String,
        command: String,
    ) -> Finding {
        self.finding(rule, rule.resource_type, resource, None, None, command)
    }

    /// A finding of `rule` about a user.
    pub fn user_finding(&self, rule: &'static Rule, user: &User, command: String) -> Finding {
        self.finding(
            rule,
            ResourceType::AwsIamUser,
            user.arn.clone(),
            Some(user),
            None,
            command,
        )
    }

    /// How to fix a finding about a key, as the key is used (issue 22): a key never used, or
    /// not used for `unused_credentials_days` (the line KEY002 draws), is deactivated, then
    /// deleted after [`DELETE_AFTER_DAYS`] days if nothing broke; a key in use (or whose last use
    /// could not be read) is rotated, and the advice says where it is used (its CloudTrail
    /// activity's addresses and clients, else its last use's service and region), so that its
    /// owner knows what to update. The choice of words never decides whether a rule fires.
    pub fn key_usage_remediation(&self, user: &User, key: &AccessKey) -> Remediation {
        let last_used = key.last_used.known().map(|used| used.date);
        let since = |date: DateTime<Utc>| date.format("%Y-%m-%d").to_string();
        let deactivate = |text: &'static str, advice: &'static str, arguments| Remediation {
            text: Text(text),
            advice: Some(Text(advice)),
            arguments,
            command: deactivate_key_command(&user.name, &key.id),
        };
        let delete_after = ("days", DELETE_AFTER_DAYS.to_string());
        match last_used {
            Some(None) => deactivate(
                "remediation-key-deactivate-never",
                "advice-key-deactivate-never",
                vec![delete_after],
            ),
            Some(Some(date))
                if self.days_since(date) >= self.thresholds.unused_credentials_days =>
            {
                deactivate(
                    "remediation-key-deactivate-unused",
                    "advice-key-deactivate-unused",
                    vec![("since", since(date)), delete_after],
                )
            }
            _ => self.rotation(user, key),
        }
    }

    /// Rotating a key in use: where it is used, from its activity or its last use.
    fn rotation(&self, user: &User, key: &AccessKey) -> Remediation {
        let command = rotate_key_command(&user.name, &key.id);
        let activity = key
            .activity
            .as_ref()
            .and_then(|activity| activity.known())
            .filter(|activity| activity.events > 0);
        if let Some(activity) = activity {
            let addresses: Vec<&str> = activity
                .source_ips
                .iter()
                .chain(&activity.aws_services)
                .map(|count| count.name.as_str())
                .collect();
            let clients: Vec<&str> = activity
                .user_agents
                .iter()
                .map(|count| count.name.as_str())
                .collect();
            return Remediation {
                text: Text("remediation-key-rotate-seen"),
                advice: Some(Text("advice-key-rotate-seen")),
                arguments: vec![
                    ("addresses", first_of(&addresses)),
                    ("clients", first_of(&clients)),
                    ("events", activity.events.to_string()),
                ],
                command,
            };
        }
        let used = key.last_used.known();
        let part = |value: Option<&String>| value.cloned().unwrap_or_else(|| "-".to_string());
        Remediation {
            text: Text("remediation-key-rotate"),
            advice: Some(Text("advice-key-rotate")),
            arguments: vec![
                ("service", part(used.and_then(|used| used.service.as_ref()))),
                ("region", part(used.and_then(|used| used.region.as_ref()))),
                (
                    "date",
                    used.and_then(|used| used.date).map_or_else(
                        || "-".to_string(),
                        |date| date.format("%Y-%m-%d").to_string(),
                    ),
                ),
            ],
            command,
        }
    }

    /// A finding of `rule` about one of a user's keys, its remediation fitting how the key is
    /// used ([`AccountContext::key_usage_remediation`]).
    pub fn key_finding_by_use(&self, rule: &'static Rule, user: &User, key: &AccessKey) -> Finding {
        let mut finding = self.key_finding(rule, user, key, String::new());
        finding.remediation = self.key_usage_remediation(user, key);
        finding
    }

    /// A finding of `rule` about one of a user's keys.
    pub fn key_finding(
        &self,
        rule: &'static Rule,
        user: &User,
        key: &AccessKey,
        command: String,
    ) -> Finding {
        let mut finding = self.finding(
            rule,
            ResourceType::AwsIamAccessKey,
            key.id.clone(),
            Some(user),
            Some(key),
            command,
        );
        finding
            .evidence
            .insert("key_status", key.status.as_str().to_string());
        finding
    }

    /// The active credentials of `kind` (those `keep` keeps) older than `rotation_days`, each a
    /// finding of `rule` with its age and, for a service-specific credential, its service: SSH001,
    /// CRT001 and SSC001 differ only in which credentials and the command that removes one.
    pub fn not_rotated(
        &self,
        rule: &'static Rule,
        kind: iam_audit_model::CredentialKind,
        rotation_days: i64,
        keep: impl Fn(&iam_audit_model::CredentialView<'_>) -> bool,
        command: impl Fn(&iam_audit_model::CredentialView<'_>) -> String,
    ) -> Vec<Finding> {
        self.snapshot
            .other_credentials()
            .filter(|credential| {
                credential.kind == kind
                    && credential.status == iam_audit_model::AccessKeyStatus::Active
                    && keep(credential)
            })
            .map(|credential| (credential, self.days_since(credential.created)))
            .filter(|(_, age)| *age > rotation_days)
            .map(|(credential, age)| {
                let mut finding = self.credential_finding(
                    rule,
                    credential.user,
                    credential.id,
                    credential.status,
                    command(&credential),
                );
                if let Some(service) = credential.service {
                    finding.evidence.insert("service_name", service.to_string());
                }
                finding.evidence.insert("age_days", age.to_string());
                finding
            })
            .collect()
    }

    /// A finding of `rule` about one of a user's other long-term credentials (SSH key, signing
    /// certificate, service-specific credential): the resource is the credential's id.
    pub fn credential_finding(
        &self,
        rule: &'static Rule,
        user: &User,
        credential_id: &str,
        status: iam_audit_model::AccessKeyStatus,
        command: String,
    ) -> Finding {
        let mut finding = self.finding(
            rule,
            rule.resource_type,
            credential_id.to_string(),
            Some(user),
            None,
            command,
        );
        finding
            .evidence
            .insert("status", status.as_str().to_string());
        finding
    }

    fn finding(
        &self,
        rule: &'static Rule,
        resource_type: ResourceType,
        resource: String,
        user: Option<&User>,
        key: Option<&AccessKey>,
        command: String,
    ) -> Finding {
        Finding {
            rule_id: rule.id,
            rule_name: rule.name,
            severity: rule.severity,
            account_id: self.snapshot.account.id.clone(),
            account_name: self.snapshot.account.name.clone(),
            resource_type,
            resource,
            user_name: user.map(|user| user.name.clone()),
            access_key_id: key.map(|key| key.id.clone()),
            title: rule.title,
            evidence: Evidence::default(),
            remediation: Remediation {
                text: rule.remediation,
                advice: None,
                arguments: Vec::new(),
                command,
            },
            references: std::borrow::Cow::Borrowed(rule.references),
            suppression: None,
            discriminator: None,
            privilege: None,
            risk: 0,
            owner: None,
            ou_path: None,
        }
    }
}

/// Days an unused key stays deactivated before the advice says to delete it.
pub const DELETE_AFTER_DAYS: u32 = 30;

/// At most three names, then how many more: `203.0.113.20, 198.51.100.30, … (+2)`.
fn first_of(names: &[&str]) -> String {
    if names.is_empty() {
        return "-".to_string();
    }
    let mut text = names.iter().take(3).copied().collect::<Vec<_>>().join(", ");
    if names.len() > 3 {
        text.push_str(&format!(" (+{})", names.len() - 3));
    }
    text
}

/// The AWS CLI commands that rotate a user's access key: a new key first, then this one
/// deactivated (once what uses it has the new one).
pub fn rotate_key_command(user_name: &str, key_id: &str) -> String {
    format!(
        "aws iam create-access-key --user-name {user_name} && aws iam update-access-key --user-name {user_name} --access-key-id {key_id} --status Inactive",
        user_name = shell_quote(user_name),
    )
}

/// The AWS CLI command that looks up what a key did in a region (CloudTrail, 90 days).
pub fn lookup_key_events_command(key_id: &str, region: &str) -> String {
    format!(
        "aws cloudtrail lookup-events --region {} --lookup-attributes AttributeKey=AccessKeyId,AttributeValue={key_id}",
        shell_quote(region)
    )
}

/// The AWS CLI command that deletes a user's access key.
pub fn delete_key_command(user_name: &str, key_id: &str) -> String {
    format!(
        "aws iam delete-access-key --user-name {} --access-key-id {key_id}",
        shell_quote(user_name)
    )
}

/// The AWS CLI command that deactivates a user's access key.
pub fn deactivate_key_command(user_name: &str, key_id: &str) -> String {
    format!(
        "aws iam update-access-key --user-name {} --access-key-id {key_id} --status Inactive",
        shell_quote(user_name)
    )
}

/// The AWS CLI command that deletes a user's signing certificate.
pub fn delete_certificate_command(user_name: &str, certificate_id: &str) -> String {
    format!(
        "aws iam delete-signing-certificate --user-name {} --certificate-id {certificate_id}",
        shell_quote(user_name)
    )
}

/// The AWS CLI command that deletes a user's service-specific credential.
pub fn delete_service_credential_command(user_name: &str, credential_id: &str) -> String {
    format!(
        "aws iam delete-service-specific-credential --user-name {} --service-specific-credential-id {credential_id}",
        shell_quote(user_name)
    )
}

/// The AWS CLI command that opens a root session in a member account, allowed to delete the
/// root user's credentials (central root access management).
pub fn assume_root_command(account_id: &str) -> String {
    format!(
        "aws sts assume-root --target-principal {account_id} --task-policy-arn arn=arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials"
    )
}

/// What a root finding's evidence says of where the root user was read from, and, from a root
/// session, the exact credentials (`root_source`, then the rule's own details).
pub fn root_source_evidence(finding: &mut Finding, root: &iam_audit_model::RootAccount) {
    finding
        .evidence
        .insert("root_source", root.source.as_str().to_string());
    if let Some(problem) = &root.root_session_problem {
        finding
            .evidence
            .insert("root_session_problem", problem.clone());
    }
}

/// Quotes a value for a shell command line when it needs it (user names may hold `+=,.@-`).
pub fn shell_quote(text: &str) -> String {
    if text
        .chars()
        .all(|character| character.is_ascii_alphanumeric() || "_-.,@+=/:".contains(character))
        && !text.is_empty()
    {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Builders for rule tests: one account, a fixed clock.

    use chrono::{DateTime, Duration, TimeZone, Utc};
    use iam_audit_model::{
        AccessKey, AccessKeyLastUse, AccessKeyStatus, Account, AccountSnapshot, AuditRun,
        CallerIdentity, LoginProfile, Observed, RootAccount, User,
    };

    use super::AccountContext;
    use crate::Finding;
    use crate::config::Thresholds;
    use crate::rules::Rule;

    pub fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0)
            .single()
            .unwrap_or_default()
    }

    pub fn days_ago(days: i64) -> DateTime<Utc> {
        now() - Duration::days(days)
    }

    pub fn user(name: &str) -> User {
        User {
            name: name.to_string(),
            arn: format!("arn:aws:iam::123456789012:user/{name}"),
            user_id: "AIDA".to_string(),
            path: "/".to_string(),
            created: days_ago(1000),
            password_last_used: None,
            login_profile: Observed::Known(None),
            mfa_devices: Observed::Known(Vec::new()),
            access_keys: Observed::Known(Vec::new()),
            ssh_public_keys: Observed::Known(Vec::new()),
            signing_certificates: Observed::Known(Vec::new()),
            service_specific_credentials: Observed::Known(Vec::new()),
            usage: None,
        }
    }

    /// A read usage over 90 days: `used` services (all within the window), `granted` services
    /// granted (the used ones among them), the user older than the window.
    pub fn usage(used: &[&str], granted: u32) -> iam_audit_model::UserUsage {
        let used_count = u32::try_from(used.len()).unwrap_or_default();
        iam_audit_model::UserUsage {
            window_days: 90,
            tracked_since: days_ago(90),
            complete: true,
            last_activity: (!used.is_empty()).then(|| days_ago(1)),
            services_used: used.iter().map(|service| (*service).to_string()).collect(),
            actions_used: Vec::new(),
            grants: Some(iam_audit_model::UsageGrants {
                services_granted: granted,
                services_unused: granted.saturating_sub(used_count),
                first_unused: vec!["ec2".to_string(), "iam".to_string()],
                suggested_policy: None,
            }),
        }
    }

    pub fn key(id: &str, status: AccessKeyStatus, age: i64, last_used: Option<i64>) -> AccessKey {
        AccessKey {
            id: id.to_string(),
            status,
            created: days_ago(age),
            last_used: Observed::Known(AccessKeyLastUse {
                date: last_used.map(days_ago),
                service: last_used.map(|_| "s3".to_string()),
                region: last_used.map(|_| "us-east-1".to_string()),
            }),
            activity: None,
        }
    }

    pub fn with_password(mut user: User, created: i64, last_used: Option<i64>) -> User {
        user.login_profile = Observed::Known(Some(LoginProfile {
            created: days_ago(created),
            password_reset_required: false,
        }));
        user.password_last_used = last_used.map(days_ago);
        user
    }

    pub fn run(users: Vec<User>, root: Option<RootAccount>) -> AuditRun {
        let mut snapshot = AccountSnapshot::new(Account {
            id: "123456789012".to_string(),
            name: "Production".to_string(),
            state: "ACTIVE".to_string(),
            email: None,
        });
        snapshot.users = Observed::Known(users);
        snapshot.root = root;
        snapshot.password_policy = Observed::Known(Some(iam_audit_model::PasswordPolicy {
            minimum_length: Some(14),
            require_symbols: true,
            require_numbers: true,
            require_uppercase: true,
            require_lowercase: true,
            allow_users_to_change: true,
            max_age_days: Some(90),
            reuse_prevention: Some(24),
            hard_expiry: false,
        }));
        snapshot.cloudtrail_events = Observed::Known(Vec::new());
        snapshot.finish();
        AuditRun {
            scope: None,
            caller: CallerIdentity {
                account_id: "111111111111".to_string(),
                arn: "arn:aws:iam::111111111111:user/auditor".to_string(),
                user_id: "AIDA".to_string(),
            },
            organization_id: None,
            management_account_id: None,
            standalone: false,
            started_at: now(),
            finished_at: now(),
            accounts: vec![snapshot],
            skipped_accounts: Vec::new(),
            errors: Vec::new(),
            root_credentials_management: Observed::Known(false),
            root_sessions: iam_audit_model::Observed::Unknown,
            retries: 0,
            api_calls: 0,
        }
    }

    /// Runs one rule over the run's only account with default thresholds.
    pub fn check(rule: &'static Rule, run: &AuditRun) -> Vec<Finding> {
        let thresholds = Thresholds::default();
        let exposure = crate::config::Exposure::default();
        let context = AccountContext {
            snapshot: &run.accounts[0],
            run,
            thresholds: &thresholds,
            exposure: &exposure,
            now: now(),
        };
        (rule.check)(&context)
    }

    /// A user with one signing certificate uploaded `age` days ago, expiring `expires` days ago
    /// (negative: in the future).
    pub fn certificate_holder(
        status: AccessKeyStatus,
        age: i64,
        expires: Observed<i64>,
    ) -> AuditRun {
        let mut holder = user("signer");
        holder.signing_certificates = Observed::Known(vec![iam_audit_model::SigningCertificate {
            id: "CERTID".to_string(),
            status,
            uploaded: days_ago(age),
            expires: expires.map(days_ago),
        }]);
        run(vec![holder], None)
    }

    /// A user with one service-specific credential created `age` days ago, expiring `lifetime`
    /// days after its creation when given.
    pub fn service_credential_holder(
        service: &str,
        status: AccessKeyStatus,
        age: i64,
        lifetime: Option<i64>,
    ) -> AuditRun {
        let mut holder = user("builder");
        holder.service_specific_credentials =
            Observed::Known(vec![iam_audit_model::ServiceSpecificCredential {
                id: "ACCAEXAMPLE".to_string(),
                service_name: service.to_string(),
                status,
                created: days_ago(age),
                expires: lifetime.map(|days| days_ago(age) + Duration::days(days)),
            }]);
        run(vec![holder], None)
    }

    /// One user whose evaluated privilege is `class` (an escalation user holds
    /// `CreateNewPolicyVersion`).
    pub fn privileged(user: User, class: iam_audit_model::PrivilegeClass) -> AuditRun {
        let name = user.name.clone();
        let mut organization = run(vec![user], None);
        let mut authorization = iam_audit_model::AccountAuthorization::default();
        authorization.users.insert(
            name,
            iam_audit_model::UserPrivilege {
                class,
                granting_policies: vec!["inline:policy".to_string()],
                escalation_methods: if class == iam_audit_model::PrivilegeClass::PrivilegeEscalation
                {
                    vec!["CreateNewPolicyVersion".to_string()]
                } else {
                    Vec::new()
                },
                conditional: false,
                boundary: None,
                unreadable_policies: Vec::new(),
            },
        );
        organization.accounts[0].authorization = Observed::Known(authorization);
        organization
    }

    /// A user with one key.
    pub fn one_key(status: AccessKeyStatus, age: i64, last_used: Option<i64>) -> AuditRun {
        let mut holder = user("holder");
        holder.access_keys = Observed::Known(vec![key("AKIAKEY", status, age, last_used)]);
        run(vec![holder], None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_values_are_quoted_when_needed() {
        assert_eq!(shell_quote("alice.admin"), "alice.admin");
        assert_eq!(shell_quote("=1+2"), "=1+2");
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
        assert_eq!(shell_quote(""), "''");
    }
}
