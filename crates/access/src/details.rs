//! The input: one account's `GetAccountAuthorizationDetails` (all pages), as plain data. The
//! collector fills these from the SDK's types so that this crate never sees the SDK; documents stay
//! the strings IAM returned (percent-encoded JSON; plain JSON is accepted too) and are decoded
//! here. Field names follow GAAD's (`UserDetailList`, `GroupDetailList`, `RoleDetailList`,
//! `Policies`).

use serde::{Deserialize, Serialize};

/// One account's authorization details.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct AuthorizationDetails {
    /// `UserDetailList`.
    pub users: Vec<UserDetail>,
    /// `GroupDetailList`.
    pub groups: Vec<GroupDetail>,
    /// `RoleDetailList`.
    pub roles: Vec<RoleDetail>,
    /// `Policies`: the account's customer managed policies and the AWS managed policies in use.
    pub policies: Vec<ManagedPolicyDetail>,
}

/// An inline policy (`UserPolicyList`, `GroupPolicyList`, `RolePolicyList`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct InlinePolicy {
    /// `PolicyName`.
    pub name: String,
    /// `PolicyDocument`, as IAM returned it.
    pub document: String,
}

/// A managed policy attached to a principal (`AttachedManagedPolicies`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct AttachedPolicy {
    /// `PolicyName`.
    pub name: String,
    /// `PolicyArn`: the key into [`AuthorizationDetails::policies`].
    pub arn: String,
}

/// An IAM user.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct UserDetail {
    /// `UserName`.
    pub name: String,
    /// `UserId` (`AIDA…`): the user's identity, which a name reused after a deletion does not
    /// share.
    #[serde(default)]
    pub user_id: Option<String>,
    /// `Arn` (its partition and account bound what the user's policies can reach).
    pub arn: String,
    /// `Path`.
    #[serde(default)]
    pub path: Option<String>,
    /// `UserPolicyList`.
    #[serde(default)]
    pub inline_policies: Vec<InlinePolicy>,
    /// `AttachedManagedPolicies`.
    #[serde(default)]
    pub attached_policies: Vec<AttachedPolicy>,
    /// `GroupList`: group names.
    #[serde(default)]
    pub groups: Vec<String>,
    /// `PermissionsBoundary.PermissionsBoundaryArn`.
    #[serde(default)]
    pub permissions_boundary: Option<String>,
    /// `Tags`: key to value (where `[owners] user_tags` finds the user's owner).
    #[serde(default)]
    pub tags: std::collections::BTreeMap<String, String>,
}

/// An IAM group.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct GroupDetail {
    /// `GroupName`.
    pub name: String,
    /// `Arn`.
    pub arn: String,
    /// `GroupPolicyList`.
    #[serde(default)]
    pub inline_policies: Vec<InlinePolicy>,
    /// `AttachedManagedPolicies`.
    #[serde(default)]
    pub attached_policies: Vec<AttachedPolicy>,
}

/// An IAM role.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct RoleDetail {
    /// `RoleName`.
    pub name: String,
    /// `Arn`.
    pub arn: String,
    /// `AssumeRolePolicyDocument`, as IAM returned it.
    #[serde(default)]
    pub assume_role_policy_document: Option<String>,
    /// `RolePolicyList`.
    #[serde(default)]
    pub inline_policies: Vec<InlinePolicy>,
    /// `AttachedManagedPolicies`.
    #[serde(default)]
    pub attached_policies: Vec<AttachedPolicy>,
    /// `PermissionsBoundary.PermissionsBoundaryArn`.
    #[serde(default)]
    pub permissions_boundary: Option<String>,
}

/// A managed policy (`Policies`), with its default version's document.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct ManagedPolicyDetail {
    /// `PolicyName`.
    pub name: String,
    /// `Arn`.
    pub arn: String,
    /// The `Document` of the `PolicyVersionList` entry with `IsDefaultVersion`.
    #[serde(default)]
    pub default_version_document: Option<String>,
    /// `AttachmentCount` (when absent, attachments are counted from the users, groups and roles).
    #[serde(default)]
    pub attachment_count: Option<u32>,
}

impl ManagedPolicyDetail {
    /// Whether AWS owns the policy (`arn:aws:iam::aws:policy/...`) rather than the account.
    pub fn is_aws_managed(&self) -> bool {
        self.arn.split(':').nth(4) == Some("aws")
    }
}
