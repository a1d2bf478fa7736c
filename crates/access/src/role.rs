//! Compares the audit role in one account with what it should be (audit-role drift): does it
//! exist, what is attached to it, which expected actions its policies fail to allow, what they
//! allow beyond the expected actions, and who may assume it.
//!
//! "Allowed" follows the same evaluation as users (Deny wins, the boundary caps, a conditional
//! Allow counts and is flagged). An expected action is missing when no resource is left on which
//! it is allowed. Extra permissions are the action patterns of Allow statements that reach some
//! action outside the expected list (expected entries may be patterns too), named with the policy
//! they come from: `inline:Audit: iam:*`; `AdministratorAccess (attached): *`.

use crate::details::RoleDetail;
use crate::document::parse_document;
use crate::library::{PermissionsBuilder, PolicyLibrary};
use crate::pattern::Pattern;
use crate::permissions::Mode;
use crate::trust::{requires_external_id, trusted_principals, trusts_account};
use iam_audit_model::{PolicyReference, RoleDrift};

/// What the audit role should look like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AuditRoleExpectation<'a> {
    /// The role's name (matched exactly).
    pub role_name: &'a str,
    /// The actions it needs (`iam:ListUsers`, ...), wildcards allowed.
    pub expected_actions: &'a [&'a str],
    /// The management account that should be trusted.
    pub management_account_id: Option<&'a str>,
    /// The `sts:ExternalId` the trust policy should require.
    pub external_id: Option<&'a str>,
}

/// Judges the role named in `expectation` (absent: `exists: false`).
pub(crate) fn evaluate_role(
    roles: &[RoleDetail],
    library: &PolicyLibrary<'_>,
    expectation: &AuditRoleExpectation<'_>,
) -> RoleDrift {
    let mut drift = RoleDrift {
        role_name: expectation.role_name.to_owned(),
        exists: false,
        attached_policies: Vec::new(),
        administrator_access_attached: false,
        missing_actions: Vec::new(),
        extra_permissions: Vec::new(),
        conditional: false,
        trusted_principals: Vec::new(),
        trusts_management_account: None,
        requires_external_id: None,
        unreadable_policies: Vec::new(),
    };
    let Some(role) = roles.iter().find(|role| role.name == expectation.role_name) else {
        return drift;
    };
    drift.exists = true;
    drift.attached_policies = role
        .attached_policies
        .iter()
        .map(|policy| PolicyReference {
            name: policy.name.clone(),
            arn: policy.arn.clone(),
        })
        .collect();
    drift
        .attached_policies
        .sort_by(|left, right| (&left.arn, &left.name).cmp(&(&right.arn, &right.name)));
    drift.attached_policies.dedup();
    drift.administrator_access_attached = role
        .attached_policies
        .iter()
        .any(|policy| policy.arn.ends_with(":iam::aws:policy/AdministratorAccess"));
    judge_permissions(role, library, expectation, &mut drift);
    judge_trust(role, expectation, &mut drift);
    drift.unreadable_policies.sort();
    drift.unreadable_policies.dedup();
    drift
}

fn judge_permissions(
    role: &RoleDetail,
    library: &PolicyLibrary<'_>,
    expectation: &AuditRoleExpectation<'_>,
    drift: &mut RoleDrift,
) {
    let mut builder = PermissionsBuilder::new(library, None);
    for attached in &role.attached_policies {
        builder.managed(format!("{} (attached)", attached.name), attached);
    }
    for inline in &role.inline_policies {
        builder.inline(format!("inline:{}", inline.name), inline);
    }
    if let Some(boundary) = &role.permissions_boundary {
        builder.boundary(boundary);
    }
    if !builder.unreadable.is_empty() {
        drift.unreadable_policies.append(&mut builder.unreadable);
        return;
    }
    let permissions = builder.permissions;
    for action in expectation.expected_actions {
        if permissions
            .sources_allowing(action, &[], Mode::All)
            .is_empty()
        {
            drift.missing_actions.push((*action).to_owned());
        } else if permissions
            .sources_allowing(action, &[], Mode::Unconditional)
            .is_empty()
        {
            drift.conditional = true;
        }
    }
    drift.missing_actions.sort();
    drift.missing_actions.dedup();
    let expected: Vec<Pattern> = expectation
        .expected_actions
        .iter()
        .map(|action| Pattern::action(action))
        .collect();
    let expected: Vec<&Pattern> = expected.iter().collect();
    drift.extra_permissions = permissions
        .grants_outside(&expected, Mode::All)
        .into_iter()
        .filter_map(|(source, text)| {
            let label = permissions.labels.get(source)?;
            Some(format!("{label}: {text}"))
        })
        .collect();
    drift.extra_permissions.sort();
    drift.extra_permissions.dedup();
}

fn judge_trust(role: &RoleDetail, expectation: &AuditRoleExpectation<'_>, drift: &mut RoleDrift) {
    let document = match &role.assume_role_policy_document {
        Some(text) => parse_document(&format!("{} trust policy", role.name), text)
            .map_err(|error| error.to_string()),
        None => Err(format!(
            "policy {} trust policy: no document in the authorization details",
            role.name
        )),
    };
    let document = match document {
        Ok(document) => document,
        Err(reason) => {
            drift
                .unreadable_policies
                .push(format!("trust policy: {reason}"));
            return;
        }
    };
    drift.trusted_principals = trusted_principals(&document);
    if let Some(account_id) = expectation.management_account_id {
        drift.trusts_management_account = Some(trusts_account(&document, account_id));
        if let Some(external_id) = expectation.external_id {
            drift.requires_external_id =
                Some(requires_external_id(&document, account_id, external_id));
        }
    }
}

#[cfg(test)]
mod tests;
