//! Judges one IAM user: its attached and inline policies and its groups' attached and inline
//! policies, capped by its permissions boundary, into a [`PrivilegeClass`] with the policies that
//! grant it and the escalation methods it allows.
//!
//! **Order.** The highest class that applies: `admin` (the admin rule below) >
//! `privilege_escalation` (some method of the escalation module) > `write` (some allowed action is
//! not read-only, see `read_only`) > `read_only` (something is allowed, all of it read-only) >
//! `none`. `unknown` when any of the user's documents, a group, or the boundary cannot be read:
//! a missing Deny could lower the class and a missing Allow raise it, so no class is claimed.
//!
//! **Admin rule.** Every action on every resource, unconditionally: the identity Allows whose
//! `Resource` includes `"*"` together cover every action (`"*"`, or e.g. `NotAction: iam:*` plus
//! `iam:*`), exactly as patterns (see `language`), and no unconditional Deny denies anything
//! (any applicable Deny, even `Deny s3:DeleteBucket on one bucket`, removes admin: the user is then
//! judged by what remains, usually `privilege_escalation`). With a permissions boundary, the
//! boundary's Allows must cover everything the same way. A Deny under a `Condition` does not
//! remove admin (it may not apply).
//!
//! **Conditions.** Each user is judged twice: with every Allow, and with only unconditional ones.
//! The class and methods reported are those of the first; `conditional` says they differ, i.e.
//! the result rests on an Allow under a `Condition`.

use std::collections::{BTreeMap, BTreeSet};

use crate::details::UserDetail;
use crate::escalation::{Targets, allowed_methods};
use crate::library::{PermissionsBuilder, PolicyLibrary};
use crate::permissions::{Mode, Permissions};
use iam_audit_model::{PrivilegeClass, UserPrivilege};

/// Collects one user's policies into `builder`: attached, inline, groups', and the boundary.
pub(crate) fn add_user_policies(builder: &mut PermissionsBuilder<'_, '_>, user: &UserDetail) {
    for attached in &user.attached_policies {
        builder.managed(format!("{} (attached)", attached.name), attached);
    }
    for inline in &user.inline_policies {
        builder.inline(format!("inline:{}", inline.name), inline);
    }
    for group in &user.groups {
        builder.group(group);
    }
    if let Some(boundary) = &user.permissions_boundary {
        builder.boundary(boundary);
    }
}

/// Judges one user.
pub(crate) fn evaluate_user(user: &UserDetail, library: &PolicyLibrary<'_>) -> UserPrivilege {
    let mut builder = PermissionsBuilder::new(library, Some(&user.name));
    add_user_policies(&mut builder, user);
    let PermissionsBuilder {
        permissions,
        mut unreadable,
        ..
    } = builder;
    if !unreadable.is_empty() {
        unreadable.sort();
        unreadable.dedup();
        return UserPrivilege {
            class: PrivilegeClass::Unknown,
            granting_policies: Vec::new(),
            escalation_methods: Vec::new(),
            conditional: false,
            boundary: user.permissions_boundary.clone(),
            unreadable_policies: unreadable,
        };
    }
    let targets = Targets::for_user(&user.arn, &user.name);
    let everything = judge(&permissions, &targets, Mode::All);
    let unconditional = judge(&permissions, &targets, Mode::Unconditional);
    let conditional = everything.class != unconditional.class
        || everything.methods.keys().ne(unconditional.methods.keys());
    let mut granting_policies: Vec<String> = everything
        .sources
        .iter()
        .filter_map(|&source| permissions.labels.get(source).cloned())
        .collect();
    granting_policies.sort();
    granting_policies.dedup();
    UserPrivilege {
        class: everything.class,
        granting_policies,
        escalation_methods: everything
            .methods
            .keys()
            .map(|name| (*name).to_owned())
            .collect(),
        conditional,
        boundary: user.permissions_boundary.clone(),
        unreadable_policies: Vec::new(),
    }
}

/// One judgement, in one mode.
struct Judgement {
    class: PrivilegeClass,
    /// The policies granting the class.
    sources: BTreeSet<usize>,
    methods: BTreeMap<&'static str, BTreeSet<usize>>,
}

fn judge(permissions: &Permissions, targets: &Targets, mode: Mode) -> Judgement {
    let methods = allowed_methods(permissions, targets, mode);
    let (class, sources) = if let Some(sources) = permissions.admin_sources(mode) {
        (PrivilegeClass::Admin, sources)
    } else if !methods.is_empty() {
        (
            PrivilegeClass::PrivilegeEscalation,
            methods.values().flatten().copied().collect(),
        )
    } else {
        let write = permissions.sources_granting(true, mode);
        if write.is_empty() {
            let any = permissions.sources_granting(false, mode);
            let class = if any.is_empty() {
                PrivilegeClass::None
            } else {
                PrivilegeClass::ReadOnly
            };
            (class, any)
        } else {
            (PrivilegeClass::Write, write)
        }
    };
    Judgement {
        class,
        sources,
        methods,
    }
}

#[cfg(test)]
mod tests;
