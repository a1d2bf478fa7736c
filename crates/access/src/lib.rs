//! Evaluates IAM identity-based permissions, purely: one account's
//! `GetAccountAuthorizationDetails` in ([`AuthorizationDetails`], plain data the collector fills),
//! small results out ([`AccountAuthorization`]): each user's privilege class and escalation
//! methods, the policy facts the CIS/Security Hub rules need, and the audit role's drift. No
//! Tokio, no AWS SDK, no I/O; the raw documents can be dropped once this has run, which keeps
//! memory bounded across a thousand accounts.
//!
//! Where each thing is decided:
//! - reading documents: `decode` (RFC 3986 percent-decoding) and `document` (the grammar);
//! - wildcards: `pattern`; reasoning over sets of actions and ARNs: `language`;
//! - IAM's evaluation (Deny wins, boundary caps, conditions): `permissions`, over policies
//!   compiled once (`compiled`);
//! - the read/write rule: `read_only`; the admin rule and the class order: `user`;
//! - privilege escalation: `escalation`; trust policies: `trust`; role drift: `role`;
//! - CIS 1.15/1.16 facts: `facts`; the output types are the model crate's
//!   (`iam_audit_model::AccountAuthorization` and its parts).
//!
//! Limits, stated once: only identity-based policies of the account are evaluated (no SCPs,
//! resource policies or session policies); policy variables other than `${aws:username}` match
//! anything (widening Allows and Denies alike); a `*` inside an ARN segment may match across
//! colons, where IAM would stop at the segment's end.

mod compiled;
mod decode;
mod details;
mod document;
pub mod escalation;
mod facts;
mod language;
mod library;
mod pattern;
mod permissions;
mod read_only;
mod role;
#[cfg(test)]
mod testing;
mod trust;
mod user;

pub use decode::{DecodeError, decode_document};
pub use details::{
    AttachedPolicy, AuthorizationDetails, GroupDetail, InlinePolicy, ManagedPolicyDetail,
    RoleDetail, UserDetail,
};
pub use document::{
    DocumentError, Effect, Element, PolicyDocument, PrincipalElement, Principals, Statement,
    parse_document,
};
pub use escalation::{ESCALATION_METHODS, EscalationMethod};
/// The output types live in the model crate, where the rules and reports read them.
pub use iam_audit_model::{
    AccountAuthorization, AdminPolicy, DirectlyAttachedPolicies, PolicyFacts, PolicyReference,
    PrivilegeClass, RoleDrift, UserPrivilege,
};
pub use role::AuditRoleExpectation;

/// Evaluates one account: every user's privilege (by name), the policy facts, and, when
/// `audit_role` is given, that role's drift. Users whose documents cannot be read come out
/// `unknown`, never `none`.
pub fn evaluate_account(
    details: &AuthorizationDetails,
    audit_role: Option<&AuditRoleExpectation<'_>>,
) -> AccountAuthorization {
    let library = library::PolicyLibrary::new(details);
    let users = details
        .users
        .iter()
        .map(|user| (user.name.clone(), user::evaluate_user(user, &library)))
        .collect();
    AccountAuthorization {
        users,
        policy_facts: facts::policy_facts(details, &library),
        audit_role: audit_role
            .map(|expectation| role::evaluate_role(&details.roles, &library, expectation)),
    }
}
