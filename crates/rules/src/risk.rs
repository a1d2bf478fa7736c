//! How much fixing a finding matters: severity × the privilege of the principal the credential
//! belongs to × the credential's exposure, on a 0–100 scale, and the "fix first" list built from
//! it. A key unused for 400 days on an administrator is an incident waiting to happen; the same
//! key on a user that can read one bucket is housekeeping.
//!
//! The formula, documented in `docs/findings.md` and kept here only:
//!
//! `risk = round(100 × S × P × E / 160)`, where
//! - `S`, severity: critical 8, high 4, medium 2, low 1, info 0.5;
//! - `P`, privilege of the finding's user: admin 5, privilege_escalation 4, unknown 3 (it could
//!   be anything), write 2, read_only 1, none 0.5; for a finding about the root user 5, the most
//!   privileged principal of its account (no IAM policy limits it); for other findings about an
//!   account, a policy or a role, 1;
//! - `E`, exposure, 1 to 4: 1, plus 1 when the credential can be used (an active key or other
//!   credential, a console password; for a finding about a user, any of these), plus up to 1 for
//!   its age (days / 730), plus up to 0.5 for the time it has not been used (days / 365 × 0.5; a
//!   key never used counts its age), plus 0.5 when the user has no MFA device (or it could not be
//!   read), plus up to 1 for the privilege the user holds and did not use within the run's usage
//!   window (`1 − ln(1 + services used) / ln(1 + services granted)`: an administrator who used
//!   one service of forty-eight adds 0.82, one who used forty adds 0.05; 0.5 when the user's
//!   report or policies could not be read, 0 when the run did not read usage), capped at 4.
//!   Findings about an account, a policy or a role have `E` = 2.
//! - The root user's `E` (every root finding of an account shares it), capped at 4: 1, plus 1
//!   when it can sign in or call (a password or an active key; unknown counts), plus up to 1 for
//!   its oldest active key's age (days / 730; 0.5 when only the key's presence is known), plus 1
//!   when its key or password was used within 90 days (a root credential in use is a live path
//!   into the account; 0.5 when unknown; an unused key counts days / 365 × 0.5 as any key), plus
//!   1 without MFA (0.5 when unknown). An active root key used yesterday on a root without MFA
//!   is 4: a critical finding about it scores 100.
//!
//! 160 = 8 × 5 × 4, so a critical finding on an admin's most exposed credential scores 100.
//!
//! A key known to be exposed scores 100 whatever its user can do: a critical EXP001 (AWS
//! quarantined its user) or EXP002 (a scanner found it, and it is active). Who holds the key
//! no longer bounds what it can do: whoever found it may chain it with anything else.
//! Fix-first lists each root finding on its own (they share the account as their resource), and
//! at equal risk puts a key known to be exposed first (an incident under way), then the root
//! user, then any other principal.

use chrono::{DateTime, Utc};
use iam_audit_model::{
    AccessKeyStatus, AuditRun, Observed, PrivilegeClass, RootAccessKey, RootAccount, User,
};

use crate::finding::{Finding, ResourceType, Severity};

/// The severity's weight.
fn severity_weight(severity: Severity) -> f64 {
    match severity {
        Severity::Critical => 8.0,
        Severity::High => 4.0,
        Severity::Medium => 2.0,
        Severity::Low => 1.0,
        Severity::Info => 0.5,
    }
}

/// The privilege's weight.
pub fn privilege_weight(privilege: PrivilegeClass) -> f64 {
    match privilege {
        PrivilegeClass::Admin => 5.0,
        PrivilegeClass::PrivilegeEscalation => 4.0,
        PrivilegeClass::Unknown => 3.0,
        PrivilegeClass::Write => 2.0,
        PrivilegeClass::ReadOnly => 1.0,
        PrivilegeClass::None => 0.5,
    }
}

/// Sets every finding's `privilege` (for findings about a user and their credentials) and `risk`.
pub fn assess(findings: &mut [Finding], run: &AuditRun, now: DateTime<Utc>) {
    let accounts: std::collections::HashMap<&str, &iam_audit_model::AccountSnapshot> = run
        .accounts
        .iter()
        .map(|snapshot| (snapshot.account.id.as_str(), snapshot))
        .collect();
    for finding in findings.iter_mut() {
        let snapshot = accounts.get(finding.account_id.as_str()).copied();
        let user = snapshot
            .zip(finding.user_name.as_deref())
            .and_then(|(snapshot, name)| {
                snapshot
                    .users
                    .known()
                    .and_then(|users| {
                        users
                            .binary_search_by(|user| user.name.as_str().cmp(name))
                            .ok()
                            .map(|index| &users[index])
                    })
                    .map(|user| (snapshot, user))
            });
        let (weight, exposure) = match user {
            Some((snapshot, user)) => {
                let privilege = snapshot.privilege_class(&user.name);
                finding.privilege = Some(privilege);
                (privilege_weight(privilege), exposure(finding, user, now))
            }
            None if finding.user_name.is_some() => {
                // A user the snapshot does not hold (an unread account): as unknown as it gets.
                finding.privilege = Some(PrivilegeClass::Unknown);
                (privilege_weight(PrivilegeClass::Unknown), 2.0)
            }
            None if is_about_root(finding) => (
                privilege_weight(PrivilegeClass::Admin),
                snapshot
                    .and_then(|snapshot| snapshot.root.as_ref())
                    .map_or(2.0, |root| root_exposure(root, now)),
            ),
            None => (1.0, 2.0),
        };
        let score = 100.0 * severity_weight(finding.severity) * weight * exposure / 160.0;
        finding.risk = if is_known_exposure(finding) {
            100
        } else {
            score.round().clamp(0.0, 100.0) as u32
        };
    }
}

/// The exposure of the credential a finding is about (or of the user, for user findings).
fn exposure(finding: &Finding, user: &User, now: DateTime<Utc>) -> f64 {
    let days = |then: DateTime<Utc>| (now - then).num_days().max(0) as f64;
    let no_mfa = match user.mfa_devices.known() {
        Some(devices) if !devices.is_empty() => 0.0,
        _ => 0.5,
    };
    // (usable, age in days, days unused)
    let (usable, age, unused) = match finding.resource_type {
        ResourceType::AwsIamAccessKey => user
            .access_keys
            .known()
            .into_iter()
            .flatten()
            .find(|key| Some(&key.id) == finding.access_key_id.as_ref())
            .map_or((true, 0.0, 0.0), |key| {
                let unused = match &key.last_used {
                    Observed::Known(used) => used.date.map_or(days(key.created), days),
                    Observed::Unknown => 0.0,
                };
                (
                    key.status == AccessKeyStatus::Active,
                    days(key.created),
                    unused,
                )
            }),
        ResourceType::AwsIamSshPublicKey
        | ResourceType::AwsIamSigningCertificate
        | ResourceType::AwsIamServiceSpecificCredential => {
            other_credential(user, &finding.resource)
                .map_or((true, 0.0, 0.0), |(status, created)| {
                    (status == AccessKeyStatus::Active, days(created), 0.0)
                })
        }
        _ => user_exposure(user, now),
    };
    let exposure = 1.0
        + if usable { 1.0 } else { 0.0 }
        + age.min(730.0) / 730.0
        + unused.min(365.0) / 365.0 * 0.5
        + no_mfa
        + unused_privilege(user);
    exposure.min(4.0)
}

/// How much of what the user holds it did not use in the run's usage window, 0 to 1
/// ([`iam_audit_model::UserUsage::unused_share`]); 0.5 when its report or policies could not be
/// read, 0 when the run did not read usage.
fn unused_privilege(user: &User) -> f64 {
    match &user.usage {
        None => 0.0,
        Some(Observed::Unknown) => 0.5,
        Some(Observed::Known(usage)) => usage.unused_share().unwrap_or(0.5),
    }
}

/// A user's own exposure: usable when it has a console password or an active key; its age and
/// idleness are its oldest usable credential's.
fn user_exposure(user: &User, now: DateTime<Utc>) -> (bool, f64, f64) {
    let days = |then: DateTime<Utc>| (now - then).num_days().max(0) as f64;
    let mut usable = false;
    let mut age: f64 = 0.0;
    let mut unused: f64 = 0.0;
    if let Observed::Known(Some(profile)) = &user.login_profile {
        usable = true;
        age = age.max(days(profile.created));
        unused = unused.max(user.password_last_used.map_or(days(profile.created), days));
    }
    for key in user.access_keys.known().into_iter().flatten() {
        if key.status == AccessKeyStatus::Active {
            usable = true;
            age = age.max(days(key.created));
        }
    }
    (usable, age, unused)
}

/// A critical finding that a key is exposed (EXP001, EXP002): risk 100.
fn is_known_exposure(finding: &Finding) -> bool {
    finding.severity == Severity::Critical && matches!(finding.rule_id, "EXP001" | "EXP002")
}

/// Whether a finding is about the root user (the `ROOT` rules).
pub fn is_about_root(finding: &Finding) -> bool {
    is_root_rule(finding.rule_id)
}

/// Whether a rule's findings are about the root user.
pub fn is_root_rule(rule_id: &str) -> bool {
    rule_id.starts_with("ROOT")
}

/// The root user's exposure (see the module's formula).
fn root_exposure(root: &RootAccount, now: DateTime<Utc>) -> f64 {
    let days = |then: DateTime<Utc>| (now - then).num_days().max(0) as f64;
    let known_true = |value: &Observed<bool>| value.known().copied();
    let active_keys: Option<Vec<&RootAccessKey>> = root.access_keys.as_ref().map(|keys| {
        keys.iter()
            .filter(|key| key.status == AccessKeyStatus::Active)
            .collect()
    });
    let has_key = match &active_keys {
        Some(keys) => Some(!keys.is_empty()),
        None => known_true(&root.access_keys_present),
    };
    let usable = has_key != Some(false) || known_true(&root.password_present) != Some(false);
    // The oldest active key's age, and how recently any root credential was used.
    let (age, key_use) = match &active_keys {
        Some(keys) if !keys.is_empty() => {
            let age = keys
                .iter()
                .map(|key| {
                    key.created
                        .map_or(0.5, |created| (days(created) / 730.0).min(1.0))
                })
                .fold(0.0, f64::max);
            let used = keys
                .iter()
                .map(|key| match key.last_used {
                    Some(used) if days(used) <= 90.0 => 1.0,
                    Some(used) => (days(used) / 365.0).min(1.0) * 0.5,
                    None => key
                        .created
                        .map_or(0.5, |created| (days(created) / 365.0).min(1.0) * 0.5),
                })
                .fold(0.0, f64::max);
            (age, used)
        }
        Some(_) => (0.0, 0.0),
        None if has_key == Some(false) => (0.0, 0.0),
        None => (0.5, 0.5),
    };
    let signed_in = match &root.last_console_login {
        Some(Observed::Known(Some(login))) if days(*login) <= 90.0 => 1.0,
        _ => 0.0,
    };
    let mfa = match known_true(&root.mfa_enabled) {
        Some(true) => 0.0,
        Some(false) => 1.0,
        None => 0.5,
    };
    let exposure = 1.0 + if usable { 1.0 } else { 0.0 } + age + key_use.max(signed_in) + mfa;
    exposure.min(4.0)
}

/// An SSH key's, certificate's or service-specific credential's status and creation, by id.
fn other_credential(user: &User, id: &str) -> Option<(AccessKeyStatus, DateTime<Utc>)> {
    let ssh = user
        .ssh_public_keys
        .known()
        .into_iter()
        .flatten()
        .map(|key| (key.id.as_str(), key.status, key.uploaded));
    let certificates = user
        .signing_certificates
        .known()
        .into_iter()
        .flatten()
        .map(|certificate| {
            (
                certificate.id.as_str(),
                certificate.status,
                certificate.uploaded,
            )
        });
    let services = user
        .service_specific_credentials
        .known()
        .into_iter()
        .flatten()
        .map(|credential| {
            (
                credential.id.as_str(),
                credential.status,
                credential.created,
            )
        });
    ssh.chain(certificates)
        .chain(services)
        .find(|(candidate, _, _)| *candidate == id)
        .map(|(_, status, created)| (status, created))
}

/// The `count` riskiest credentials (or accounts, policies, roles): each resource once, at its
/// riskiest unsuppressed finding, by risk, then severity, then finding id.
pub fn fix_first(findings: &[Finding], count: usize) -> Vec<&Finding> {
    let mut ranked: Vec<&Finding> = findings
        .iter()
        .filter(|finding| !finding.is_suppressed() && finding.risk > 0)
        .collect();
    ranked.sort_by(|left, right| {
        right
            .risk
            .cmp(&left.risk)
            .then(is_known_exposure(right).cmp(&is_known_exposure(left)))
            .then(is_about_root(right).cmp(&is_about_root(left)))
            .then(right.severity.cmp(&left.severity))
            .then_with(|| left.id().cmp(&right.id()))
    });
    let mut seen = std::collections::BTreeSet::new();
    ranked
        .into_iter()
        .filter(|finding| {
            // Root findings share the account as their resource, but each is its own fix.
            let rule = is_about_root(finding).then_some(finding.rule_id);
            seen.insert((finding.account_id.as_str(), finding.resource.as_str(), rule))
        })
        .take(count)
        .collect()
}

#[cfg(test)]
mod tests {
    use iam_audit_model::{AccessKeyStatus, AccountAuthorization, UserPrivilege};

    use super::*;
    use crate::context::testing::{key, now, run, user};

    fn with_class(class: PrivilegeClass, key_age: i64, used: Option<i64>) -> AuditRun {
        let mut holder = user("holder");
        holder.access_keys = Observed::Known(vec![key(
            "AKIAHOLDER",
            AccessKeyStatus::Active,
            key_age,
            used,
        )]);
        let mut organization = run(vec![holder], None);
        let mut authorization = AccountAuthorization::default();
        authorization.users.insert(
            "holder".to_string(),
            UserPrivilege {
                class,
                granting_policies: Vec::new(),
                escalation_methods: Vec::new(),
                conditional: false,
                boundary: None,
                unreadable_policies: Vec::new(),
            },
        );
        organization.accounts[0].authorization = Observed::Known(authorization);
        organization
    }

    fn scored(organization: &AuditRun) -> Vec<Finding> {
        let mut findings = crate::evaluate(organization, &crate::Config::default(), now());
        findings.retain(|finding| finding.rule_id == "KEY001");
        findings
    }

    #[test]
    fn the_same_stale_key_weighs_more_on_an_administrator() {
        let admin = scored(&with_class(PrivilegeClass::Admin, 400, Some(300)));
        let reader = scored(&with_class(PrivilegeClass::ReadOnly, 400, Some(300)));
        assert_eq!(admin[0].privilege, Some(PrivilegeClass::Admin));
        assert!(
            admin[0].risk > reader[0].risk * 4,
            "{} vs {}",
            admin[0].risk,
            reader[0].risk
        );
        // critical (400 days), admin, active, 400/730 old, 300/365 unused, no MFA:
        // 100 × 8 × 5 × (1 + 1 + 0.548 + 0.411 + 0.5) / 160 = 86.47.
        assert_eq!(admin[0].risk, 86);
    }

    #[test]
    fn an_unjudged_privilege_is_weighted_as_unknown_not_none() {
        let mut organization = with_class(PrivilegeClass::None, 400, Some(300));
        organization.accounts[0].authorization = Observed::Unknown;
        let findings = scored(&organization);
        assert_eq!(findings[0].privilege, Some(PrivilegeClass::Unknown));
        let none = scored(&with_class(PrivilegeClass::None, 400, Some(300)));
        assert!(findings[0].risk > none[0].risk);
    }

    #[test]
    fn fix_first_lists_each_credential_once_riskiest_first() {
        let organization = with_class(PrivilegeClass::Admin, 400, None);
        let findings = crate::evaluate(&organization, &crate::Config::default(), now());
        let first = fix_first(&findings, 10);
        assert_eq!(first[0].resource, "AKIAHOLDER");
        let resources: std::collections::BTreeSet<_> =
            first.iter().map(|finding| &finding.resource).collect();
        assert_eq!(resources.len(), first.len(), "each resource once");
        assert!(first.windows(2).all(|pair| pair[0].risk >= pair[1].risk));
    }

    /// Issue 19: an active root key used yesterday on a root without MFA leads fix-first, above
    /// ten administrators' stale keys, and each root finding is its own entry.
    #[test]
    fn the_root_user_leads_fix_first() {
        let mut root = RootAccount::unknown();
        root.mfa_enabled = Observed::Known(false);
        root.access_keys_present = Observed::Known(true);
        root.password_present = Observed::Known(true);
        root.virtual_mfa = Observed::Known(false);
        root.signing_certificates_present = Observed::Known(false);
        root.access_keys = Some(vec![RootAccessKey {
            id: None,
            status: AccessKeyStatus::Active,
            created: Some(now() - chrono::Duration::days(30)),
            last_used: Some(now() - chrono::Duration::days(1)),
            last_used_service: None,
        }]);
        let admins: Vec<User> = (0..10)
            .map(|index| {
                let mut admin = user(&format!("admin-{index}"));
                admin.access_keys = Observed::Known(vec![key(
                    &format!("AKIAADMIN{index:011}"),
                    AccessKeyStatus::Active,
                    400,
                    Some(300),
                )]);
                admin
            })
            .collect();
        let mut organization = run(admins.clone(), Some(root.clone()));
        let mut authorization = AccountAuthorization::default();
        for admin in &admins {
            authorization.users.insert(
                admin.name.clone(),
                UserPrivilege {
                    class: PrivilegeClass::Admin,
                    granting_policies: Vec::new(),
                    escalation_methods: Vec::new(),
                    conditional: false,
                    boundary: None,
                    unreadable_policies: Vec::new(),
                },
            );
        }
        organization.accounts[0].authorization = Observed::Known(authorization);
        let findings = crate::evaluate(&organization, &crate::Config::default(), now());
        let first = fix_first(&findings, 10);
        assert_eq!(
            first[0].rule_id,
            "ROOT001",
            "{:?}",
            first
                .iter()
                .map(|f| (f.rule_id, f.risk))
                .collect::<Vec<_>>()
        );
        assert_eq!(first[0].risk, 100);
        let root_entries: Vec<&str> = first
            .iter()
            .filter(|finding| finding.rule_id.starts_with("ROOT"))
            .map(|finding| finding.rule_id)
            .collect();
        assert!(
            root_entries.contains(&"ROOT001") && root_entries.contains(&"ROOT002"),
            "each root finding is its own entry: {root_entries:?}"
        );
        // Only the summary's presence known (the API path): still 100 without MFA.
        root.access_keys = None;
        let findings = crate::evaluate(
            &run(Vec::new(), Some(root)),
            &crate::Config::default(),
            now(),
        );
        let key_finding = findings.iter().find(|finding| finding.rule_id == "ROOT001");
        assert_eq!(key_finding.map(|finding| finding.risk), Some(100));
    }
}

#[cfg(test)]
mod usage_tests {
    use iam_audit_model::{AccessKeyStatus, AccountAuthorization, UserPrivilege};

    use super::*;
    use crate::context::testing::{key, now, run, usage, user};

    /// Issue 24: exposure grows with unused privilege, so of two administrators with the same key,
    /// the one who used one service ranks above the one who used forty.
    #[test]
    fn an_admin_who_uses_one_service_ranks_above_one_who_uses_forty() {
        let forty: Vec<String> = (0..40).map(|index| format!("service{index:02}")).collect();
        let forty: Vec<&str> = forty.iter().map(String::as_str).collect();
        let admins: Vec<User> = [("narrow", vec!["s3"]), ("broad", forty)]
            .into_iter()
            .map(|(name, used)| {
                let mut admin = user(name);
                admin.access_keys = Observed::Known(vec![key(
                    &format!("AKIA{}", name.to_uppercase()),
                    AccessKeyStatus::Active,
                    30,
                    Some(1),
                )]);
                admin.usage = Some(Observed::Known(usage(&used, 48)));
                admin
            })
            .collect();
        let mut organization = run(admins, None);
        let mut authorization = AccountAuthorization::default();
        for name in ["narrow", "broad"] {
            authorization.users.insert(
                name.to_string(),
                UserPrivilege {
                    class: PrivilegeClass::Admin,
                    granting_policies: Vec::new(),
                    escalation_methods: Vec::new(),
                    conditional: false,
                    boundary: None,
                    unreadable_policies: Vec::new(),
                },
            );
        }
        organization.accounts[0].authorization = Observed::Known(authorization);
        let findings = crate::evaluate(&organization, &crate::Config::default(), now());
        let first = fix_first(&findings, 10);
        let keys: Vec<(&str, u32)> = first
            .iter()
            .filter_map(|finding| Some((finding.access_key_id.as_deref()?, finding.risk)))
            .collect();
        assert_eq!(keys.len(), 2, "{first:#?}");
        assert_eq!(keys[0].0, "AKIANARROW");
        assert!(keys[0].1 > keys[1].1, "{keys:?}");
        // Without usage read, the two keys weigh the same.
        if let Observed::Known(users) = &mut organization.accounts[0].users {
            for admin in users.iter_mut() {
                admin.usage = None;
            }
        }
        let findings = crate::evaluate(&organization, &crate::Config::default(), now());
        let risks: Vec<u32> = findings
            .iter()
            .filter(|finding| finding.rule_id == "PRV002")
            .map(|finding| finding.risk)
            .collect();
        assert_eq!(risks.len(), 2);
        assert_eq!(risks[0], risks[1]);
    }
}
