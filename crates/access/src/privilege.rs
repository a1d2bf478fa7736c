//! The output: what one account's IAM permissions amount to, as small plain data. These types
//! depend on nothing else in this crate (only serde), because they will move unchanged into the
//! project's `model` crate, where the rules and reports read them. Every list is sorted, so the
//! same input always serializes to the same bytes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

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
}

/// Everything this crate says about one account.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct AccountAuthorization {
    /// Each user's privilege, by user name.
    pub users: BTreeMap<String, UserPrivilege>,
    /// Policy-level facts.
    pub policy_facts: PolicyFacts,
    /// The audit role's drift, when an expectation was given.
    pub audit_role: Option<RoleDrift>,
}
