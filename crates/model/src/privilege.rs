//! What one account's IAM permissions amount to, as small plain data: the output of the `access`
//! crate's evaluation (each user's privilege class, the policy facts of CIS 1.15/1.16, the audit
//! role's drift), read by the rules and the reports. Every list is sorted, so the same input
//! always serializes to the same bytes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Message;

/// How much a principal's identity-based permissions allow, from most to least: `admin`,
/// `privilege_escalation`, `write`, `read_only`, `none`. `unknown` when a document needed to
/// decide could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrivilegeClass {
    /// Every action on every resource (see the crate's admin rule).
    Admin,
    /// Not admin, but at least one published privilege-escalation method is allowed.
    PrivilegeEscalation,
    /// Some allowed action is not read-only.
    Write,
    /// Only read-only actions are allowed.
    ReadOnly,
    /// Nothing is allowed.
    None,
    /// A document needed for the decision is missing or malformed.
    Unknown,
}

impl PrivilegeClass {
    /// The name the reports write (`privilege_escalation`...).
    pub fn as_str(self) -> &'static str {
        match self {
            PrivilegeClass::Admin => "admin",
            PrivilegeClass::PrivilegeEscalation => "privilege_escalation",
            PrivilegeClass::Write => "write",
            PrivilegeClass::ReadOnly => "read_only",
            PrivilegeClass::None => "none",
            PrivilegeClass::Unknown => "unknown",
        }
    }

    /// `admin` or `privilege_escalation`: the principal can make itself (or anyone) all-powerful.
    pub fn is_privileged(self) -> bool {
        matches!(
            self,
            PrivilegeClass::Admin | PrivilegeClass::PrivilegeEscalation
        )
    }
}

/// One IAM user's effective identity-based privilege.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct UserPrivilege {
    /// The class.
    pub class: PrivilegeClass,
    /// The policies that grant the class, named with where they come from:
    /// `AdministratorAccess (attached)`, `inline:NAME`, `group:GROUP/NAME`, `group:GROUP/inline:NAME`.
    pub granting_policies: Vec<String>,
    /// The privilege-escalation methods allowed (stable names, see the escalation module), also
    /// listed for admins.
    pub escalation_methods: Vec<String>,
    /// Whether the class or a listed method rests on an Allow under a `Condition`: without those
    /// statements the result would be lower.
    pub conditional: bool,
    /// The permissions boundary's policy ARN, when one caps the user.
    pub boundary: Option<String>,
    /// For `unknown`: each document that could not be read, and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unreadable_policies: Vec<String>,
}

/// A customer managed policy that grants full administrative privileges and is attached
/// (CIS AWS Foundations v3.0.0 1.16, Security Hub IAM.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct AdminPolicy {
    /// The policy's name.
    pub name: String,
    /// The policy's ARN.
    pub arn: String,
    /// How many users, groups and roles it is attached to.
    pub attachment_count: u32,
    /// Whether every `"*"` on `"*"` statement in it is under a `Condition`.
    pub conditional: bool,
}

/// A user with policies attached directly rather than through groups (CIS 1.15, Security Hub IAM.2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct DirectlyAttachedPolicies {
    /// The user.
    pub user_name: String,
    /// Names of managed policies attached to the user.
    pub managed_policies: Vec<String>,
    /// Names of the user's inline policies.
    pub inline_policies: Vec<String>,
}

/// A managed policy attached to a role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct PolicyReference {
    /// The policy's name.
    pub name: String,
    /// The policy's ARN.
    pub arn: String,
}

/// How the audit role in one account compares with what it should be.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct RoleDrift {
    /// The role looked for.
    pub role_name: String,
    /// Whether the account has it. When `false`, every other field is empty.
    pub exists: bool,
    /// Managed policies attached to it, by ARN.
    pub attached_policies: Vec<PolicyReference>,
    /// Whether AWS's `AdministratorAccess` is among them.
    pub administrator_access_attached: bool,
    /// Expected actions its policies do not allow on any resource.
    pub missing_actions: Vec<String>,
    /// Allowed action patterns that reach beyond the expected actions (a wildcard that covers
    /// more than the list counts): `iam:*`, or `NotAction:iam:*` for a NotAction statement.
    pub extra_permissions: Vec<String>,
    /// Whether an expected action is allowed only under a `Condition`.
    pub conditional: bool,
    /// The AWS principals its trust policy allows to assume it (`arn:aws:iam::111111111111:root`,
    /// `111111111111`, `*`).
    pub trusted_principals: Vec<String>,
    /// Whether the trust policy lets the management account (the account, its root, or a
    /// principal in it, or everyone) assume it; `None` when no management account was given or
    /// the trust policy is unreadable.
    pub trusts_management_account: Option<bool>,
    /// Whether every trust statement that lets the management account in requires the expected
    /// `sts:ExternalId`; `None` when no management account or external id was given, or the
    /// trust policy is unreadable.
    pub requires_external_id: Option<bool>,
    /// Documents that could not be read (`missing_actions` and `extra_permissions` are then not
    /// evaluated and stay empty), and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unreadable_policies: Vec<String>,
}

/// The facts about one account's policies that the rules need.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct PolicyFacts {
    /// Attached customer managed policies granting `"*"` on `"*"`, by ARN.
    pub admin_policies: Vec<AdminPolicy>,
    /// Users with managed or inline policies of their own, by user name.
    pub users_with_direct_policies: Vec<DirectlyAttachedPolicies>,
    /// Roles with AWS's `AWSSupportAccess` attached (CIS "support role", Security Hub IAM.18),
    /// by name.
    #[serde(default)]
    pub support_roles: Vec<String>,
    /// Users, groups and roles with AWS's `AWSCloudShellFullAccess` attached (Security Hub
    /// IAM.27, CIS "access to AWSCloudShellFullAccess is restricted").
    #[serde(default)]
    pub cloudshell_full_access: Vec<PolicyHolder>,
    /// Roles whose trust policy lets anyone assume them (`"Principal": "*"`, `{"AWS": "*"}` or a
    /// `NotPrincipal`) without a `Condition` (CIS v7.0.0 2.21), by name.
    #[serde(default)]
    pub roles_trusting_everyone: Vec<String>,
    /// Users AWS quarantined because one of their access keys was exposed (one of the
    /// `AWSCompromisedKeyQuarantine` policies attached), by user name.
    #[serde(default)]
    pub quarantined_users: Vec<QuarantinedUser>,
}

/// A user, group or role that holds a policy.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct PolicyHolder {
    /// `user`, `group` or `role`.
    pub kind: String,
    /// Its name.
    pub name: String,
}

/// A user with one of AWS's quarantine policies attached.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct QuarantinedUser {
    /// The user.
    pub user_name: String,
    /// The quarantine policies attached (`AWSCompromisedKeyQuarantineV3`...), sorted.
    pub policies: Vec<String>,
}

/// Everything this crate says about one account.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct AccountAuthorization {
    /// Each user's privilege, by user name.
    pub users: BTreeMap<String, UserPrivilege>,
    /// Each user's unique id (`UserId`), by user name, as the authorization details list them:
    /// the id the credential report does not have.
    #[serde(default)]
    pub user_ids: BTreeMap<String, String>,
    /// Each tagged user's tags, by user name, as the authorization details list them (no extra
    /// call): where `[owners] user_tags` finds a user's owner.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub user_tags: BTreeMap<String, BTreeMap<String, String>>,
    /// Policy-level facts.
    pub policy_facts: PolicyFacts,
    /// The audit role's drift, when an expectation was given.
    pub audit_role: Option<RoleDrift>,
}

/// The role names AWS creates for an organization's management account to act in its members
/// (Control Tower, and Organizations for accounts it creates): they hold AdministratorAccess.
pub const ADMINISTRATOR_ROLES: [&str; 2] =
    ["AWSControlTowerExecution", "OrganizationAccountAccessRole"];

impl RoleDrift {
    /// What differs from what the role should be, one catalogue message each (`drift-*`);
    /// empty when nothing does. `AWSControlTowerExecution` and `OrganizationAccountAccessRole`
    /// should have AWS's `AdministratorAccess` and nothing else attached; any other role exactly
    /// the audit's actions. Either should trust `audit_account` (the account the audit runs from)
    /// and no one else. Rendered in English for the findings' evidence (data) and in the run's
    /// language for people (`doctor`).
    pub fn problems(&self, audit_account: &str) -> Vec<Message> {
        if !self.exists {
            return vec![Message::new("drift-missing").with("role", &self.role_name)];
        }
        let mut problems = Vec::new();
        if ADMINISTRATOR_ROLES.contains(&self.role_name.as_str()) {
            if !self.administrator_access_attached {
                problems.push(Message::new("drift-administrator-access-missing"));
            }
            for policy in &self.attached_policies {
                if policy.name != "AdministratorAccess" {
                    problems.push(Message::new("drift-also-attached").with("policy", &policy.arn));
                }
            }
        } else {
            if !self.missing_actions.is_empty() {
                problems.push(
                    Message::new("drift-cannot-call")
                        .with("actions", self.missing_actions.join(", ")),
                );
            }
            for extra in &self.extra_permissions {
                problems.push(Message::new("drift-allows-more").with("permission", extra));
            }
        }
        for principal in &self.trusted_principals {
            if !in_account(principal, audit_account) {
                problems.push(Message::new("drift-also-trusts").with("principal", principal));
            }
        }
        if self.trusts_management_account == Some(false) {
            problems.push(Message::new("drift-not-trusted").with("account", audit_account));
        }
        if self.requires_external_id == Some(false) {
            problems.push(Message::new("drift-no-external-id"));
        }
        for unreadable in &self.unreadable_policies {
            problems.push(Message::new("drift-unreadable").with("policy", unreadable));
        }
        problems
    }
}

/// Whether a trusted principal is `account` or one of its principals.
fn in_account(principal: &str, account: &str) -> bool {
    principal == account
        || principal
            .split(':')
            .nth(4)
            .is_some_and(|owner| owner == account && principal.starts_with("arn:"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn control_tower() -> RoleDrift {
        RoleDrift {
            role_name: "AWSControlTowerExecution".to_string(),
            exists: true,
            attached_policies: vec![PolicyReference {
                name: "AdministratorAccess".to_string(),
                arn: "arn:aws:iam::aws:policy/AdministratorAccess".to_string(),
            }],
            administrator_access_attached: true,
            missing_actions: Vec::new(),
            extra_permissions: vec!["*".to_string()],
            conditional: false,
            trusted_principals: vec!["arn:aws:iam::111111111111:root".to_string()],
            trusts_management_account: Some(true),
            requires_external_id: None,
            unreadable_policies: Vec::new(),
        }
    }

    #[test]
    fn control_towers_role_as_created_has_no_drift() {
        assert!(control_tower().problems("111111111111").is_empty());
    }

    #[test]
    fn another_trusted_principal_and_a_missing_policy_are_drift() {
        let mut drifted = control_tower();
        drifted
            .trusted_principals
            .push("arn:aws:iam::999999999999:root".to_string());
        drifted.administrator_access_attached = false;
        drifted.attached_policies.clear();
        assert_eq!(
            drifted.problems("111111111111"),
            [
                Message::new("drift-administrator-access-missing"),
                Message::new("drift-also-trusts")
                    .with("principal", "arn:aws:iam::999999999999:root")
            ]
        );
    }

    #[test]
    fn a_custom_role_must_hold_exactly_the_audits_actions() {
        let mut custom = control_tower();
        custom.role_name = "IamAuditRole".to_string();
        custom.attached_policies.clear();
        custom.administrator_access_attached = false;
        custom.extra_permissions = vec!["iam:*".to_string()];
        custom.missing_actions = vec!["iam:ListUsers".to_string()];
        assert_eq!(
            custom.problems("111111111111"),
            [
                Message::new("drift-cannot-call").with("actions", "iam:ListUsers"),
                Message::new("drift-allows-more").with("permission", "iam:*")
            ]
        );
    }
}
