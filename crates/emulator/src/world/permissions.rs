//! An account's groups, roles and managed policies, and its users' grants, resolved against
//! "now": ARNs, ids, dates, policy versions, attachment counts, and the roles that names alone
//! describe filled in as Control Tower creates them.
//!
//! GetAccountAuthorizationDetails and the per-user policy lists answer from what is built here,
//! so both agree by construction.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};

use super::id_tail;
use crate::aws_managed_policies::{self, AwsManagedPolicy};
use crate::scenario::{
    AccountSpec, InlinePolicySpec, ManagedPolicySpec, PolicyTarget, RoleSpec, UserSpec,
    customer_policy_arn, policy_target,
};

/// What groups, policies and roles default to when the scenario gives no creation date.
const DEFAULT_AGE_DAYS: i64 = 365;

/// A policy embedded in a user, group or role.
#[derive(Debug, Clone)]
pub struct InlinePolicy {
    /// Name.
    pub name: String,
    /// The document as the scenario wrote it.
    pub document: String,
}

/// A managed policy attached to a user, group or role (or capping one, as its boundary).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachedPolicy {
    /// Policy name.
    pub name: String,
    /// Policy ARN.
    pub arn: String,
}

/// A resolved IAM group.
#[derive(Debug)]
pub struct Group {
    /// Name.
    pub name: String,
    /// Path.
    pub path: String,
    /// ARN.
    pub arn: String,
    /// `AGPA...`.
    pub group_id: String,
    /// Created.
    pub created: DateTime<Utc>,
    /// Attached managed policies.
    pub attached: Vec<AttachedPolicy>,
    /// Inline policies.
    pub inline: Vec<InlinePolicy>,
}

/// A resolved IAM role.
#[derive(Debug)]
pub struct Role {
    /// Name.
    pub name: String,
    /// Path.
    pub path: String,
    /// ARN.
    pub arn: String,
    /// `AROA...`, the same id AssumeRole's sessions carry.
    pub role_id: String,
    /// Created.
    pub created: DateTime<Utc>,
    /// The trust policy document.
    pub trust: String,
    /// Attached managed policies.
    pub attached: Vec<AttachedPolicy>,
    /// Inline policies.
    pub inline: Vec<InlinePolicy>,
    /// The permissions boundary, if any.
    pub permissions_boundary: Option<AttachedPolicy>,
    /// Whether AssumeRole may take it: named in the account's `roles`, or trusting an AWS
    /// principal (a role trusting only a service cannot be assumed by a user, as on AWS).
    pub assumable: bool,
}

/// One version of a managed policy.
#[derive(Debug)]
pub struct PolicyVersion {
    /// `v1`, `v2`, ...
    pub id: String,
    /// The document: borrowed from the catalogue for an AWS managed policy, so that ten thousand
    /// accounts using ReadOnlyAccess hold one copy of it.
    pub document: Cow<'static, str>,
    /// Whether it is the default version.
    pub default: bool,
    /// Created.
    pub created: DateTime<Utc>,
}

/// A managed policy as the account sees it: one of its customer managed policies, or an AWS
/// managed policy something in the account uses.
#[derive(Debug)]
pub struct ManagedPolicy {
    /// Name.
    pub name: String,
    /// Path.
    pub path: String,
    /// ARN.
    pub arn: String,
    /// `ANPA...`.
    pub policy_id: String,
    /// Description, if any.
    pub description: Option<String>,
    /// Created.
    pub created: DateTime<Utc>,
    /// When its newest version was created.
    pub updated: DateTime<Utc>,
    /// Its versions, oldest first (AWS managed policies: the default version only).
    pub versions: Vec<PolicyVersion>,
    /// Whether AWS manages it.
    pub aws_managed: bool,
    /// Users, groups and roles of the account it is attached to.
    pub attachment_count: usize,
    /// Users and roles of the account it caps as a permissions boundary.
    pub permissions_boundary_usage_count: usize,
}

impl ManagedPolicy {
    /// The default version's id.
    pub fn default_version_id(&self) -> &str {
        self.versions
            .iter()
            .find(|version| version.default)
            .map_or("v1", |version| version.id.as_str())
    }
}

/// A user's grants.
#[derive(Debug, Default)]
pub struct UserGrants {
    /// Group names, as the scenario lists them.
    pub groups: Vec<String>,
    /// Managed policies attached directly.
    pub attached: Vec<AttachedPolicy>,
    /// Inline policies.
    pub inline: Vec<InlinePolicy>,
    /// The permissions boundary, if any.
    pub permissions_boundary: Option<AttachedPolicy>,
}

/// An account's groups, roles and policies.
#[derive(Debug, Default)]
pub struct Permissions {
    /// Groups by name.
    pub groups: Vec<Group>,
    /// Roles by name.
    pub roles: Vec<Role>,
    /// Customer managed policies, and the AWS managed policies attached to something in the
    /// account or capping something as a boundary, by name.
    pub policies: Vec<ManagedPolicy>,
}

/// The trust policy Control Tower gives `AWSControlTowerExecution` (and Organizations gives
/// `OrganizationAccountAccessRole`): the management account's root may assume it.
pub fn management_trust(management_account: &str) -> String {
    format!(
        "{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Allow\",\"Principal\":\
         {{\"AWS\":\"arn:aws:iam::{management_account}:root\"}},\"Action\":\"sts:AssumeRole\"}}]}}"
    )
}

/// `AROA...` for a role: the id STS's sessions of the role carry too.
pub fn role_id(account_id: &str, role_name: &str) -> String {
    format!("AROA{}", id_tail(&format!("{account_id}/{role_name}")))
}

/// Resolves a policy reference the scenario's checks accepted.
fn attached_policy(reference: &str, account_id: &str) -> AttachedPolicy {
    match policy_target(reference, account_id) {
        Ok(PolicyTarget::AwsManaged(policy)) => AttachedPolicy {
            name: policy.name.to_string(),
            arn: policy.arn(),
        },
        // A customer ARN, or (only for a scenario built in code without its checks) any text.
        _ => AttachedPolicy {
            name: reference
                .rsplit('/')
                .next()
                .unwrap_or(reference)
                .to_string(),
            arn: reference.to_string(),
        },
    }
}

fn attached_policies(references: &[String], account_id: &str) -> Vec<AttachedPolicy> {
    references
        .iter()
        .map(|reference| attached_policy(reference, account_id))
        .collect()
}

fn inline_policies(specs: &[InlinePolicySpec]) -> Vec<InlinePolicy> {
    specs
        .iter()
        .map(|spec| InlinePolicy {
            name: spec.name.clone(),
            document: spec.document.clone(),
        })
        .collect()
}

/// A user's grants.
pub(super) fn user_grants(user: &UserSpec, account_id: &str) -> UserGrants {
    UserGrants {
        groups: user.groups.clone(),
        attached: attached_policies(&user.attached, account_id),
        inline: inline_policies(&user.inline),
        permissions_boundary: user
            .permissions_boundary
            .as_deref()
            .map(|reference| attached_policy(reference, account_id)),
    }
}

/// Whether a trust policy lets an AWS principal (an account, user or role) call sts:AssumeRole.
fn trusts_an_aws_principal(trust: &str) -> bool {
    let Ok(document) = serde_json::from_str::<serde_json::Value>(trust) else {
        return false;
    };
    let listed = |value: &serde_json::Value, wanted: &dyn Fn(&str) -> bool| match value {
        serde_json::Value::String(text) => wanted(text),
        serde_json::Value::Array(items) => {
            items.iter().filter_map(|item| item.as_str()).any(wanted)
        }
        _ => false,
    };
    let statements = match &document["Statement"] {
        serde_json::Value::Array(statements) => statements.iter().collect(),
        statement => vec![statement],
    };
    statements.into_iter().any(|statement| {
        statement["Effect"] == "Allow"
            && listed(&statement["Action"], &|action| {
                matches!(action, "sts:AssumeRole" | "sts:*" | "*")
            })
            && (statement["Principal"] == "*" || statement["Principal"].get("AWS").is_some())
    })
}

/// Resolves the account's groups, roles and policies; `users` are the account's users' grants.
pub(super) fn resolve(
    spec: &AccountSpec,
    management_account: &str,
    users: &[&UserGrants],
    now: DateTime<Utc>,
) -> Permissions {
    let default_created = now - Duration::days(DEFAULT_AGE_DAYS);
    let created = |when: Option<crate::scenario::When>| {
        when.map_or(default_created, |when| when.resolve(now))
    };
    let mut groups: Vec<Group> = spec
        .groups
        .iter()
        .map(|group| {
            let arn = format!("arn:aws:iam::{}:group{}{}", spec.id, group.path, group.name);
            Group {
                name: group.name.clone(),
                path: group.path.clone(),
                group_id: format!("AGPA{}", id_tail(&arn)),
                arn,
                created: created(group.created),
                attached: attached_policies(&group.attached, &spec.id),
                inline: inline_policies(&group.inline),
            }
        })
        .collect();
    groups.sort_by(|left, right| left.name.cmp(&right.name));
    let mut roles: Vec<Role> = every_role(spec, management_account)
        .map(|role| {
            let trust = role
                .trust
                .clone()
                .unwrap_or_else(|| management_trust(management_account));
            Role {
                arn: format!("arn:aws:iam::{}:role{}{}", spec.id, role.path, role.name),
                role_id: role_id(&spec.id, &role.name),
                created: created(role.created),
                assumable: spec.roles.contains(&role.name) || trusts_an_aws_principal(&trust),
                trust,
                attached: attached_policies(&role.attached, &spec.id),
                inline: inline_policies(&role.inline),
                permissions_boundary: role
                    .permissions_boundary
                    .as_deref()
                    .map(|reference| attached_policy(reference, &spec.id)),
                name: role.name,
                path: role.path,
            }
        })
        .collect();
    roles.sort_by(|left, right| left.name.cmp(&right.name));
    let policies = managed_policies(spec, &groups, &roles, users, default_created, now);
    Permissions {
        groups,
        roles,
        policies,
    }
}

/// Every role of the account as a full description: `iam_roles`, then each name of `roles` not
/// described there, as Control Tower creates it.
fn every_role<'a>(
    spec: &'a AccountSpec,
    management_account: &'a str,
) -> impl Iterator<Item = RoleSpec> + 'a {
    let described = spec.iam_roles.iter().cloned();
    let named = spec
        .roles
        .iter()
        .filter(|name| !spec.iam_roles.iter().any(|role| &role.name == *name))
        .map(move |name| RoleSpec {
            name: name.clone(),
            path: "/".to_string(),
            created: None,
            trust: Some(management_trust(management_account)),
            attached: vec![format!(
                "{}AdministratorAccess",
                aws_managed_policies::ARN_PREFIX
            )],
            inline: Vec::new(),
            permissions_boundary: None,
        });
    described.chain(named)
}

/// The account's customer managed policies, and the AWS managed policies it uses, with their
/// attachment and boundary counts.
fn managed_policies(
    spec: &AccountSpec,
    groups: &[Group],
    roles: &[Role],
    users: &[&UserGrants],
    default_created: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Vec<ManagedPolicy> {
    let mut attachments: BTreeMap<&str, usize> = BTreeMap::new();
    let mut boundaries: BTreeMap<&str, usize> = BTreeMap::new();
    let attached = users
        .iter()
        .flat_map(|user| &user.attached)
        .chain(groups.iter().flat_map(|group| &group.attached))
        .chain(roles.iter().flat_map(|role| &role.attached));
    for policy in attached {
        *attachments.entry(policy.arn.as_str()).or_default() += 1;
    }
    let capping = users
        .iter()
        .filter_map(|user| user.permissions_boundary.as_ref())
        .chain(
            roles
                .iter()
                .filter_map(|role| role.permissions_boundary.as_ref()),
        );
    for policy in capping {
        *boundaries.entry(policy.arn.as_str()).or_default() += 1;
    }
    let count = |counts: &BTreeMap<&str, usize>, arn: &str| counts.get(arn).copied().unwrap_or(0);
    let mut policies: Vec<ManagedPolicy> = spec
        .policies
        .iter()
        .map(|policy| {
            let arn = customer_policy_arn(&spec.id, policy);
            let mut resolved = customer_policy(policy, arn, default_created, now);
            resolved.attachment_count = count(&attachments, &resolved.arn);
            resolved.permissions_boundary_usage_count = count(&boundaries, &resolved.arn);
            resolved
        })
        .collect();
    for policy in aws_managed_policies::CATALOGUE {
        let arn = policy.arn();
        let (attachment_count, boundary_count) =
            (count(&attachments, &arn), count(&boundaries, &arn));
        if attachment_count + boundary_count > 0 {
            let mut resolved = aws_managed(policy, arn);
            resolved.attachment_count = attachment_count;
            resolved.permissions_boundary_usage_count = boundary_count;
            policies.push(resolved);
        }
    }
    policies.sort_by(|left, right| left.name.cmp(&right.name).then(left.arn.cmp(&right.arn)));
    policies
}

fn customer_policy(
    spec: &ManagedPolicySpec,
    arn: String,
    default_created: DateTime<Utc>,
    now: DateTime<Utc>,
) -> ManagedPolicy {
    let created = spec
        .created
        .map_or(default_created, |when| when.resolve(now));
    let documents: Vec<(&str, bool, DateTime<Utc>)> = match &spec.document {
        Some(document) => vec![(document.as_str(), true, created)],
        None => {
            let chosen = spec
                .versions
                .iter()
                .position(|version| version.default)
                .unwrap_or(spec.versions.len().saturating_sub(1));
            spec.versions
                .iter()
                .enumerate()
                .map(|(index, version)| {
                    (
                        version.document.as_str(),
                        index == chosen,
                        version.created.map_or(created, |when| when.resolve(now)),
                    )
                })
                .collect()
        }
    };
    let versions: Vec<PolicyVersion> = documents
        .into_iter()
        .enumerate()
        .map(|(index, (document, default, created))| PolicyVersion {
            id: format!("v{}", index + 1),
            document: Cow::Owned(document.to_string()),
            default,
            created,
        })
        .collect();
    ManagedPolicy {
        name: spec.name.clone(),
        path: spec.path.clone(),
        policy_id: format!("ANPA{}", id_tail(&arn)),
        arn,
        description: spec.description.clone(),
        created,
        updated: versions
            .iter()
            .map(|version| version.created)
            .max()
            .unwrap_or(created),
        versions,
        aws_managed: false,
        attachment_count: 0,
        permissions_boundary_usage_count: 0,
    }
}

fn aws_managed(policy: &AwsManagedPolicy, arn: String) -> ManagedPolicy {
    ManagedPolicy {
        name: policy.name.to_string(),
        path: "/".to_string(),
        policy_id: format!("ANPA{}", id_tail(&arn)),
        arn,
        description: Some(policy.description.to_string()),
        created: policy.created(),
        updated: policy.updated(),
        versions: vec![PolicyVersion {
            id: policy.version_id.to_string(),
            document: Cow::Borrowed(policy.document),
            default: true,
            created: policy.updated(),
        }],
        aws_managed: true,
        attachment_count: 0,
        permissions_boundary_usage_count: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trust_policies_that_let_an_aws_principal_assume_the_role() {
        let management = management_trust("111111111111");
        assert!(trusts_an_aws_principal(&management));
        let service = r#"{"Statement":{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}}"#;
        assert!(!trusts_an_aws_principal(service));
        let denied = r#"{"Statement":[{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}"#;
        assert!(!trusts_an_aws_principal(denied));
        let listed = r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::1:root"]},"Action":["sts:TagSession","sts:AssumeRole"]}]}"#;
        assert!(trusts_an_aws_principal(listed));
        assert!(!trusts_an_aws_principal("not json"));
    }
}
