//! Who may do what in an account: IAM groups, customer managed policies, roles described in full,
//! and the policies users hold (group memberships, attached and inline policies, a permissions
//! boundary). Their schema, how a scenario refers from one to another, and the checks.
//!
//! Kept apart from the rest of the schema so that permissions change in one file. The references
//! are checked when the scenario is read: an unknown group, an AWS managed policy missing from the
//! catalogue or a customer managed policy the account does not hold is a scenario error, never a
//! silently empty grant.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{AccountSpec, When, root_path};
use crate::aws_managed_policies::{self, AwsManagedPolicy};

/// A policy embedded in one user, group or role (IAM PutUserPolicy and its siblings).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InlinePolicySpec {
    /// Its name, unique within its holder.
    pub name: String,
    /// The policy document (JSON), returned as written.
    pub document: String,
}

/// An IAM group.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupSpec {
    /// Group name.
    pub name: String,
    /// IAM path, default `/`.
    #[serde(default = "root_path")]
    pub path: String,
    /// Creation time; default 365 days before the emulator starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<When>,
    /// Managed policies attached: AWS managed by ARN or bare name, customer managed by ARN.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attached: Vec<String>,
    /// Inline policies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inline: Vec<InlinePolicySpec>,
}

/// A customer managed policy (ARN `arn:aws:iam::<account>:policy<path><name>`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManagedPolicySpec {
    /// Policy name.
    pub name: String,
    /// IAM path, default `/`.
    #[serde(default = "root_path")]
    pub path: String,
    /// Description shown by IAM.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Creation time; default 365 days before the emulator starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<When>,
    /// The document of its one version, `v1`. Give either this or `versions`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// Its versions, `v1` to `v5` in order; the one marked `default` (or else the last) is the
    /// default version.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<PolicyVersionSpec>,
}

/// One version of a customer managed policy.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyVersionSpec {
    /// The version's document (JSON).
    pub document: String,
    /// Whether this is the default version (at most one; default: the last version).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub default: bool,
    /// When the version was created; default the policy's creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<When>,
}

/// A role described in full. A role only named in the account's `roles` list gets what Control
/// Tower creates: AWS's `AdministratorAccess` and a trust policy trusting the management account.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleSpec {
    /// Role name.
    pub name: String,
    /// IAM path, default `/`.
    #[serde(default = "root_path")]
    pub path: String,
    /// Creation time; default 365 days before the emulator starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<When>,
    /// The trust policy (JSON); default: trusting the management account's root, as Control
    /// Tower's roles do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust: Option<String>,
    /// Managed policies attached (none by default).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attached: Vec<String>,
    /// Inline policies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inline: Vec<InlinePolicySpec>,
    /// The managed policy capping the role's permissions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions_boundary: Option<String>,
}

/// What a policy reference in a scenario names.
#[derive(Debug, Clone, Copy)]
pub enum PolicyTarget<'a> {
    /// An AWS managed policy of the catalogue.
    AwsManaged(&'static AwsManagedPolicy),
    /// A customer managed policy of the account, by ARN.
    Customer(&'a str),
}

/// Reads a policy reference: an AWS managed policy by ARN or bare name, or a customer managed
/// policy of `account_id` by ARN. Whether the customer policy exists is checked by the caller.
pub fn policy_target<'a>(reference: &'a str, account_id: &str) -> Result<PolicyTarget<'a>, String> {
    if let Some(policy) = aws_managed_policies::find(reference) {
        return Ok(PolicyTarget::AwsManaged(policy));
    }
    if reference.starts_with(aws_managed_policies::ARN_PREFIX) || !reference.starts_with("arn:") {
        return Err(format!(
            "`{reference}` is not an AWS managed policy this emulator knows (see the README's \
             catalogue)"
        ));
    }
    match reference.strip_prefix(&format!("arn:aws:iam::{account_id}:policy/")) {
        Some(_) => Ok(PolicyTarget::Customer(reference)),
        None => Err(format!(
            "`{reference}` is not a policy ARN of account {account_id}"
        )),
    }
}

/// `arn:aws:iam::<account>:policy<path><name>`.
pub fn customer_policy_arn(account_id: &str, policy: &ManagedPolicySpec) -> String {
    format!(
        "arn:aws:iam::{account_id}:policy{}{}",
        policy.path, policy.name
    )
}

/// The holders of policies in one account, for the checks.
struct Holder<'a> {
    /// `account 1 user alice`, for messages.
    owner: String,
    attached: &'a [String],
    inline: &'a [InlinePolicySpec],
    permissions_boundary: Option<&'a str>,
}

/// Checks an account's groups, policies, roles and users' grants.
pub(super) fn validate(account: &AccountSpec) -> Result<(), String> {
    let prefix = format!("account {}", account.id);
    let mut policy_arns = BTreeSet::new();
    for policy in &account.policies {
        let owner = format!("{prefix} policy {}", policy.name);
        check_name_and_path(&owner, &policy.name, &policy.path)?;
        if !policy_arns.insert(customer_policy_arn(&account.id, policy)) {
            return Err(format!("{owner}: the policy appears twice"));
        }
        check_versions(&owner, policy)?;
    }
    let mut holders = Vec::new();
    let mut groups = BTreeSet::new();
    for group in &account.groups {
        let owner = format!("{prefix} group {}", group.name);
        check_name_and_path(&owner, &group.name, &group.path)?;
        if !groups.insert(group.name.as_str()) {
            return Err(format!("{owner}: the group appears twice"));
        }
        holders.push(Holder {
            owner,
            attached: &group.attached,
            inline: &group.inline,
            permissions_boundary: None,
        });
    }
    let mut roles = BTreeSet::new();
    for role in &account.iam_roles {
        let owner = format!("{prefix} role {}", role.name);
        check_name_and_path(&owner, &role.name, &role.path)?;
        if !roles.insert(role.name.as_str()) {
            return Err(format!("{owner}: the role appears twice in iam_roles"));
        }
        if let Some(trust) = &role.trust {
            check_document(&format!("{owner} trust policy"), trust)?;
        }
        holders.push(Holder {
            owner,
            attached: &role.attached,
            inline: &role.inline,
            permissions_boundary: role.permissions_boundary.as_deref(),
        });
    }
    for user in &account.users {
        let owner = format!("{prefix} user {}", user.name);
        let mut memberships = BTreeSet::new();
        for group in &user.groups {
            if !groups.contains(group.as_str()) {
                return Err(format!("{owner}: group `{group}` is not in the account"));
            }
            if !memberships.insert(group.as_str()) {
                return Err(format!("{owner}: group `{group}` is named twice"));
            }
        }
        holders.push(Holder {
            owner,
            attached: &user.attached,
            inline: &user.inline,
            permissions_boundary: user.permissions_boundary.as_deref(),
        });
    }
    for holder in holders {
        check_holder(&holder, &account.id, &policy_arns)?;
    }
    Ok(())
}

fn check_name_and_path(owner: &str, name: &str, path: &str) -> Result<(), String> {
    if name.is_empty() || name.contains('/') {
        return Err(format!("{owner}: a name must be non-empty and without `/`"));
    }
    if !path.starts_with('/') || !path.ends_with('/') {
        return Err(format!("{owner}: a path must begin and end with `/`"));
    }
    Ok(())
}

fn check_versions(owner: &str, policy: &ManagedPolicySpec) -> Result<(), String> {
    match (&policy.document, policy.versions.len()) {
        (Some(document), 0) => check_document(owner, document),
        (None, 1..=5) => {
            if policy
                .versions
                .iter()
                .filter(|version| version.default)
                .count()
                > 1
            {
                return Err(format!("{owner}: at most one version can be the default"));
            }
            policy
                .versions
                .iter()
                .enumerate()
                .try_for_each(|(index, version)| {
                    check_document(&format!("{owner} v{}", index + 1), &version.document)
                })
        }
        (None, 0) => Err(format!("{owner}: give a `document` or `versions`")),
        (Some(_), _) => Err(format!(
            "{owner}: give a `document` or `versions`, not both"
        )),
        (None, _) => Err(format!("{owner}: IAM keeps at most five versions")),
    }
}

fn check_holder(
    holder: &Holder<'_>,
    account_id: &str,
    policy_arns: &BTreeSet<String>,
) -> Result<(), String> {
    let owner = &holder.owner;
    // The reference's ARN, once it is known to name a policy the account can attach.
    let resolve = |reference: &str| match policy_target(reference, account_id) {
        Ok(PolicyTarget::AwsManaged(policy)) => Ok(policy.arn()),
        Ok(PolicyTarget::Customer(arn)) if policy_arns.contains(arn) => Ok(arn.to_string()),
        Ok(PolicyTarget::Customer(arn)) => Err(format!(
            "{owner}: customer managed policy `{arn}` is not among the account's policies"
        )),
        Err(error) => Err(format!("{owner}: {error}")),
    };
    if let Some(boundary) = holder.permissions_boundary {
        resolve(boundary)?;
    }
    let mut attached = BTreeSet::new();
    for reference in holder.attached {
        if !attached.insert(resolve(reference)?) {
            return Err(format!("{owner}: policy `{reference}` is attached twice"));
        }
    }
    let mut names = BTreeSet::new();
    for policy in holder.inline {
        if policy.name.is_empty() || !names.insert(policy.name.as_str()) {
            return Err(format!(
                "{owner}: inline policy name `{}` is empty or repeated",
                policy.name
            ));
        }
        check_document(
            &format!("{owner} inline policy {}", policy.name),
            &policy.document,
        )?;
    }
    Ok(())
}

/// A policy document must be a JSON object (its grammar is the evaluator's business, not ours).
fn check_document(owner: &str, document: &str) -> Result<(), String> {
    match serde_json::from_str::<serde_json::Value>(document) {
        Ok(serde_json::Value::Object(_)) => Ok(()),
        Ok(_) => Err(format!("{owner}: a policy document must be a JSON object")),
        Err(error) => Err(format!("{owner}: the policy document is not JSON: {error}")),
    }
}

#[cfg(test)]
mod tests {
    use crate::scenario::Scenario;

    /// A one-account scenario with `extra` TOML appended to the account.
    fn scenario(extra: &str) -> Result<Scenario, String> {
        let text = format!(
            "[organization]\nid = \"o-x\"\nmanagement_account = \"111111111111\"\n\
             [[accounts]]\nid = \"111111111111\"\nname = \"A\"\n{extra}"
        );
        Scenario::from_toml_str(&text).map_err(|error| error.to_string())
    }

    #[test]
    fn groups_policies_roles_and_grants_load() {
        let loaded = scenario(
            r#"
            groups = [{ name = "Admins", attached = ["arn:aws:iam::aws:policy/AdministratorAccess"] },
                      { name = "Readers", path = "/audit/", attached = ["ReadOnlyAccess"],
                        inline = [{ name = "extra", document = '{"Version":"2012-10-17","Statement":[]}' }] }]
            policies = [{ name = "Mine", path = "/team/", document = '{"Statement":[]}' },
                        { name = "Versioned", versions = [{ document = '{}' }, { document = '{}', default = true }, { document = '{}' }] }]
            iam_roles = [{ name = "app", trust = '{"Statement":[]}', attached = ["arn:aws:iam::111111111111:policy/team/Mine"],
                           permissions_boundary = "AmazonS3ReadOnlyAccess" }]
            users = [{ name = "alice", created = "-1d", groups = ["Admins", "Readers"],
                       attached = ["arn:aws:iam::111111111111:policy/Versioned"],
                       inline = [{ name = "p", document = '{}' }], permissions_boundary = "PowerUserAccess" }]
            "#,
        );
        assert!(loaded.is_ok(), "{loaded:?}");
    }

    #[test]
    fn broken_references_and_documents_are_scenario_errors() {
        let refused = [
            (
                "groups = [{ name = \"G\", attached = [\"AdminstratorAccess\"] }]",
                "AdminstratorAccess",
            ),
            (
                "groups = [{ name = \"G\", attached = [\"arn:aws:iam::aws:policy/NoSuchPolicy\"] }]",
                "NoSuchPolicy",
            ),
            (
                "users = [{ name = \"u\", created = \"-1d\", groups = [\"Missing\"] }]",
                "Missing",
            ),
            (
                "users = [{ name = \"u\", created = \"-1d\", attached = [\"arn:aws:iam::111111111111:policy/Absent\"] }]",
                "Absent",
            ),
            (
                "users = [{ name = \"u\", created = \"-1d\", attached = [\"arn:aws:iam::222222222222:policy/Other\"] }]",
                "222222222222",
            ),
            (
                "users = [{ name = \"u\", created = \"-1d\", inline = [{ name = \"p\", document = \"not json\" }] }]",
                "not JSON",
            ),
            (
                "users = [{ name = \"u\", created = \"-1d\", permissions_boundary = \"Nope\" }]",
                "Nope",
            ),
            ("policies = [{ name = \"P\" }]", "document"),
            (
                "policies = [{ name = \"P\", document = '[]' }]",
                "JSON object",
            ),
            (
                "policies = [{ name = \"P\", versions = [{ document = '{}', default = true }, { document = '{}', default = true }] }]",
                "default",
            ),
            ("iam_roles = [{ name = \"r\", trust = 'nope' }]", "trust"),
            ("groups = [{ name = \"G\" }, { name = \"G\" }]", "twice"),
            (
                "groups = [{ name = \"G\", attached = [\"ReadOnlyAccess\", \"arn:aws:iam::aws:policy/ReadOnlyAccess\"] }]",
                "twice",
            ),
            ("groups = [{ name = \"G\", path = \"audit\" }]", "path"),
        ];
        for (extra, expected) in refused {
            let error = scenario(extra).err().unwrap_or_default();
            assert!(error.contains(expected), "{extra}: {error}");
        }
    }
}
