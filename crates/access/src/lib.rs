//! **Invariant:** pure, and the only crate that reads an IAM policy document.
//!
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
//! - what each user uses against what it holds, and a least-privilege policy cut from its own:
//!   `usage`; whether one set of permissions grants anything another does not: `containment`;
//! - CIS 1.15/1.16 facts: `facts`; the output types are the model crate's
//!   (`iam_audit_model::AccountAuthorization` and its parts).
//!
//! Limits, stated once: only identity-based policies of the account are evaluated (no SCPs,
//! resource policies or session policies); policy variables other than `${aws:username}` match
//! anything (widening Allows and Denies alike); a `*` inside an ARN segment may match across
//! colons, where IAM would stop at the segment's end.

mod compiled;
mod containment;
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
pub mod usage;
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
pub use usage::{UsageInput, UsageReport, UsageWindow};

/// What [`held_documents`] puts between the kinds of documents, so that moving a document from
/// one kind to another changes the fingerprint; not documents themselves.
const SEPARATORS: [&str; 2] = ["\u{1f}", "\u{1e}"];

/// Every document `user` holds (attached, inline, the boundary, its groups'), in a stable order;
/// `None` when one names users or uses a policy variable (see [`shared_key`]) or a group is
/// missing.
fn held_documents<'a>(
    user: &'a UserDetail,
    details: &'a AuthorizationDetails,
) -> Option<Vec<&'a str>> {
    let personal = |text: &str| {
        let lower = text.to_ascii_lowercase();
        ["${", "%24%7b", ":user/", "%3auser%2f", "%3auser/"]
            .iter()
            .any(|marker| lower.contains(marker))
    };
    let managed = |arn: &str| {
        details
            .policies
            .iter()
            .find(|policy| policy.arn == arn)
            .and_then(|policy| policy.default_version_document.as_deref())
            .unwrap_or("")
    };
    let mut attached: Vec<&str> = user
        .attached_policies
        .iter()
        .map(|policy| policy.arn.as_str())
        .collect();
    attached.sort_unstable();
    let mut groups: Vec<&str> = user.groups.iter().map(String::as_str).collect();
    groups.sort_unstable();
    let mut documents: Vec<&str> = attached.iter().map(|arn| managed(arn)).collect();
    documents.push(SEPARATORS[0]);
    documents.extend(
        user.inline_policies
            .iter()
            .map(|policy| policy.document.as_str()),
    );
    documents.push(SEPARATORS[0]);
    documents.extend(user.permissions_boundary.as_deref().map(managed));
    for name in &groups {
        documents.push(SEPARATORS[1]);
        let group = details.groups.iter().find(|group| group.name == *name)?;
        documents.extend(
            group
                .inline_policies
                .iter()
                .map(|policy| policy.document.as_str()),
        );
        documents.extend(
            group
                .attached_policies
                .iter()
                .map(|policy| managed(&policy.arn)),
        );
    }
    if documents.iter().any(|document| personal(document)) {
        return None;
    }
    Some(documents)
}

/// The documents a user holds, as a fingerprint that means the same in every account: users of
/// different accounts holding the same documents (AWS managed policies through same-shaped
/// groups) share one compiled [`usage::Held`] (see [`shared_held`]). 128 bits of two keyed SipHashes.
fn documents_fingerprint(documents: &[&str]) -> u128 {
    use std::hash::{Hash, Hasher};
    let hash = |salt: u64| {
        let mut hasher = std::hash::DefaultHasher::new();
        salt.hash(&mut hasher);
        documents.hash(&mut hasher);
        hasher.finish()
    };
    (u128::from(hash(0x6961_6d2d_6175_6469)) << 64) | u128::from(hash(0x7573_6167_6521))
}

/// Distinct policy sets kept compiled between accounts by [`shared_held`].
const SHARED_HELD_CAPACITY: usize = 64;

/// Distinct documents kept compiled between accounts by [`shared_document`].
const SHARED_DOCUMENT_CAPACITY: usize = 256;

thread_local! {
    /// Documents compiled alone for usage judgements, by a fingerprint of their text (see
    /// `usage::Held::parts`); per thread for the reason given at [`SHARED_HELD`].
    static SHARED_DOCUMENTS: std::cell::RefCell<
        std::collections::HashMap<u128, Option<std::rc::Rc<usage::DocumentGrants>>>,
    > = std::cell::RefCell::default();
}

/// `text` compiled alone, shared by every user and account holding the same text; `None` when it
/// cannot be read.
fn shared_document(
    library: &library::PolicyLibrary<'_>,
    text: &str,
) -> Option<std::rc::Rc<usage::DocumentGrants>> {
    let fingerprint = documents_fingerprint(&[text]);
    if let Some(known) =
        SHARED_DOCUMENTS.with(|documents| documents.borrow().get(&fingerprint).cloned())
    {
        return known;
    }
    let compiled = usage::DocumentGrants::of(library, text).map(std::rc::Rc::new);
    SHARED_DOCUMENTS.with(|documents| {
        let mut documents = documents.borrow_mut();
        if documents.len() < SHARED_DOCUMENT_CAPACITY {
            documents.insert(fingerprint, compiled.clone());
        }
    });
    compiled
}

thread_local! {
    /// Policy sets compiled for usage judgements, by [`documents_fingerprint`], kept between the
    /// accounts this thread evaluates: at a thousand accounts the same ReadOnlyAccess was otherwise
    /// compiled and asked about the same three hundred services a thousand times. Per thread
    /// because a compiled set caches its answers in place (not `Sync`); the audit evaluates one
    /// account at a time on one blocking thread, so a run has in practice one.
    static SHARED_HELD: std::cell::RefCell<std::collections::HashMap<u128, std::rc::Rc<usage::Held>>> =
        std::cell::RefCell::default();
}

/// The compiled set of `fingerprint`, compiled by `compile` the first time.
fn shared_held(
    fingerprint: u128,
    compile: impl FnOnce() -> usage::Held,
) -> std::rc::Rc<usage::Held> {
    let known = SHARED_HELD.with(|held| held.borrow().get(&fingerprint).cloned());
    if let Some(held) = known {
        return held;
    }
    let compiled = std::rc::Rc::new(compile());
    SHARED_HELD.with(|held| {
        let mut held = held.borrow_mut();
        if held.len() < SHARED_HELD_CAPACITY {
            held.insert(fingerprint, std::rc::Rc::clone(&compiled));
        }
    });
    compiled
}

/// What decides a user's privilege when it cannot depend on who the user is: the attached
/// policies, the inline documents, the groups and the boundary. `None` when a document the user
/// holds names users or uses a policy variable (`${aws:username}`): the user's own identity can
/// then change the answer (a key or password for oneself is not an escalation), so the user is
/// judged alone.
fn shared_key(user: &UserDetail, details: &AuthorizationDetails) -> Option<String> {
    held_documents(user, details)?;
    let mut attached: Vec<&str> = user
        .attached_policies
        .iter()
        .map(|policy| policy.arn.as_str())
        .collect();
    attached.sort_unstable();
    let mut groups: Vec<&str> = user.groups.iter().map(String::as_str).collect();
    groups.sort_unstable();
    let inline: Vec<String> = user
        .inline_policies
        .iter()
        .map(|policy| format!("{}={}", policy.name, policy.document))
        .collect();
    Some(format!(
        "{}\u{1f}{}\u{1f}{}\u{1f}{}",
        attached.join(","),
        inline.join("\u{1e}"),
        groups.join(","),
        user.permissions_boundary.as_deref().unwrap_or("")
    ))
}

/// Evaluates one account: every user's privilege (by name), the policy facts, and, when
/// `audit_role` is given, that role's drift. Users whose documents cannot be read come out
/// `unknown`, never `none`.
pub fn evaluate_account(
    details: &AuthorizationDetails,
    audit_role: Option<&AuditRoleExpectation<'_>>,
) -> AccountAuthorization {
    let library = library::PolicyLibrary::new(details);
    evaluate_with(details, audit_role, &library)
}

/// [`evaluate_account`], and each reported user's usage judged against its policies (see
/// [`usage`]), by user name. A reported user the details do not list is judged without policies
/// (its grants unknown).
pub fn evaluate_account_with_usage(
    details: &AuthorizationDetails,
    audit_role: Option<&AuditRoleExpectation<'_>>,
    usage: &UsageInput,
) -> (
    AccountAuthorization,
    std::collections::BTreeMap<String, iam_audit_model::UserUsage>,
) {
    let library = library::PolicyLibrary::new(details);
    let evaluated = evaluate_with(details, audit_role, &library);
    let judged = usage
        .reports
        .iter()
        .map(|(name, (created, report))| {
            let judged = match details.users.iter().find(|user| &user.name == name) {
                Some(user) => {
                    // Users holding the same documents, in this account or another, share what
                    // is asked of them (see `usage::Held`).
                    let held = match held_documents(user, details) {
                        Some(documents) => shared_held(documents_fingerprint(&documents), || {
                            let parts = documents
                                .iter()
                                .filter(|text| !SEPARATORS.contains(text))
                                .map(|text| shared_document(&library, text))
                                .collect();
                            usage::Held::of_parts(user, &library, parts)
                        }),
                        None => std::rc::Rc::new(usage::Held::of(user, &library)),
                    };
                    usage::judge(user, &library, &held, report, &usage.window, *created)
                }
                None => usage::observe(report, &usage.window, *created),
            };
            (name.clone(), judged)
        })
        .collect();
    (evaluated, judged)
}

/// The pieces of `suggested` (a policy document's text) that allow something `user_name` of
/// `details` does not hold today under its permissions boundary: empty when it grants nothing
/// more. An error when the user, one of its documents or the suggestion cannot be read.
pub fn grants_beyond(
    details: &AuthorizationDetails,
    user_name: &str,
    suggested: &str,
) -> Result<Vec<String>, String> {
    let library = library::PolicyLibrary::new(details);
    let user = details
        .users
        .iter()
        .find(|user| user.name == user_name)
        .ok_or_else(|| format!("{user_name} is not in the authorization details"))?;
    let mut held = library::PermissionsBuilder::new(&library, Some(user_name));
    user::add_user_policies(&mut held, user);
    let parsed = parse_document("suggested", suggested).map_err(|error| error.to_string())?;
    let mut proposed = library::PermissionsBuilder::new(&library, Some(user_name));
    proposed.document("suggested".to_string(), &parsed);
    if let Some(boundary) = &user.permissions_boundary {
        proposed.boundary(boundary);
    }
    let unreadable: Vec<String> = held
        .unreadable
        .iter()
        .chain(&proposed.unreadable)
        .cloned()
        .collect();
    if !unreadable.is_empty() {
        return Err(unreadable.join("; "));
    }
    Ok(containment::beyond(
        &proposed.permissions,
        &held.permissions,
    ))
}

/// [`evaluate_account`] over an account's parsed library.
fn evaluate_with(
    details: &AuthorizationDetails,
    audit_role: Option<&AuditRoleExpectation<'_>>,
    library: &library::PolicyLibrary<'_>,
) -> AccountAuthorization {
    // Users with the same policies (most users of a group) have the same privilege: judged once.
    let mut judged: std::collections::HashMap<String, UserPrivilege> =
        std::collections::HashMap::new();
    let users = details
        .users
        .iter()
        .map(|user| {
            let privilege = match shared_key(user, details) {
                Some(key) => judged
                    .entry(key)
                    .or_insert_with(|| user::evaluate_user(user, library))
                    .clone(),
                None => user::evaluate_user(user, library),
            };
            (user.name.clone(), privilege)
        })
        .collect();
    AccountAuthorization {
        users,
        user_ids: details
            .users
            .iter()
            .filter_map(|user| Some((user.name.clone(), user.user_id.clone()?)))
            .collect(),
        user_tags: details
            .users
            .iter()
            .filter(|user| !user.tags.is_empty())
            .map(|user| (user.name.clone(), user.tags.clone()))
            .collect(),
        policy_facts: facts::policy_facts(details, library),
        audit_role: audit_role
            .map(|expectation| role::evaluate_role(&details.roles, library, expectation)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(name: &str, document: &str) -> UserDetail {
        UserDetail {
            name: name.to_string(),
            arn: format!("arn:aws:iam::123456789012:user/{name}"),
            inline_policies: vec![InlinePolicy {
                name: "keys".to_string(),
                document: document.to_string(),
            }],
            ..UserDetail::default()
        }
    }

    /// Users with the same policies are judged once; a policy that names users is judged for each,
    /// because a key for oneself is not an escalation and a key for someone else is.
    #[test]
    fn shared_policies_are_judged_once_personal_ones_per_user() {
        let naming_alice = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateAccessKey","Resource":"arn:aws:iam::123456789012:user/alice"}]}"#;
        let details = AuthorizationDetails {
            users: vec![user("alice", naming_alice), user("bob", naming_alice)],
            ..AuthorizationDetails::default()
        };
        assert!(shared_key(&details.users[0], &details).is_none());
        let evaluated = evaluate_account(&details, None);
        assert_ne!(
            evaluated.users["alice"].class, evaluated.users["bob"].class,
            "alice's own key is no escalation; bob can make one for alice"
        );
        let everything = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
        let details = AuthorizationDetails {
            users: vec![user("carol", everything), user("dave", everything)],
            ..AuthorizationDetails::default()
        };
        assert_eq!(
            shared_key(&details.users[0], &details),
            shared_key(&details.users[1], &details)
        );
        let evaluated = evaluate_account(&details, None);
        assert_eq!(evaluated.users["carol"], evaluated.users["dave"]);
    }
}
