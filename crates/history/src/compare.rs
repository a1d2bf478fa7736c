//! Two runs compared: each finding new, open, resolved or unknown, with when it was first seen;
//! and what changed in the credentials and accounts.

use chrono::{DateTime, Utc};
use iam_audit_model::{AuditStatus, Message};
use serde::Serialize;

use iam_audit_rules::Source;

use crate::changes::{Change, changes};
use crate::view::{FindingRecord, Gap, RunView};

/// Which run a comparison is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunSummary {
    /// When the run started.
    pub started_at: DateTime<Utc>,
    /// The organization, when it was read.
    pub organization_id: Option<String>,
    /// Whether everything was read.
    pub complete: bool,
}

impl RunSummary {
    fn of(view: &RunView) -> RunSummary {
        RunSummary {
            started_at: view.started_at,
            organization_id: view.organization_id.clone(),
            complete: view.complete,
        }
    }
}

/// The findings of two runs, each in one list, every one with `first_seen`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FindingChanges {
    /// In the newer run only (nor carried by the older as not judged): truly new.
    pub new: Vec<FindingRecord>,
    /// In the older run only, and the newer run read what they were about, with the same
    /// settings: fixed.
    pub resolved: Vec<FindingRecord>,
    /// In both, or not judged by the older run and seen again.
    pub open: Vec<FindingRecord>,
    /// In the older run only (or carried by it as not judged), but the newer run could not read
    /// what they were about (the account was not read, an API it depends on failed, a source
    /// such as CloudTrail was not read or read over a shorter window): neither fixed nor
    /// confirmed, and carried to the next run with their first sighting.
    pub unknown: Vec<FindingRecord>,
    /// In the older run only, but a threshold their rule reads differs between the runs
    /// (`reason`: `key_rotation_days 90 → 1000`): gone because of the settings, not fixed.
    pub settings_changed: Vec<FindingRecord>,
}

/// Two runs that are not of the same organization: comparing them would call every finding of
/// one "new" and every finding of the other "resolved".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Incomparable {
    /// Different organizations (or a standalone account and an organization).
    #[error("the runs audited different organizations: {old} (older) and {new} (newer)")]
    OtherOrganization {
        /// The older run's organization.
        old: String,
        /// The newer run's.
        new: String,
    },
    /// Different AWS partitions.
    #[error("the runs audited different AWS partitions: {old} (older) and {new} (newer)")]
    OtherPartition {
        /// The older run's partition.
        old: String,
        /// The newer run's.
        new: String,
    },
}

impl Incomparable {
    /// How a comparison that crosses them is marked: `o-old → o-new`.
    fn crossing(&self) -> String {
        match self {
            Incomparable::OtherOrganization { old, new }
            | Incomparable::OtherPartition { old, new } => format!("{old} \u{2192} {new}"),
        }
    }
}

/// Whether two runs are of the same organization (and partition). A run whose organization could
/// not be read (DescribeOrganization failed) matches any.
pub fn comparable(old: &RunView, new: &RunView) -> Result<(), Incomparable> {
    if old.partition != new.partition {
        return Err(Incomparable::OtherPartition {
            old: old.partition.clone(),
            new: new.partition.clone(),
        });
    }
    match (old.organization(), new.organization()) {
        (Some(before), Some(after)) if before != after => Err(Incomparable::OtherOrganization {
            old: before,
            new: after,
        }),
        _ => Ok(()),
    }
}

/// Compares two runs of the same organization; with `across_organizations`, also two that are
/// not, the comparison then marked as crossing them.
pub fn compare_runs(
    old: &RunView,
    new: &RunView,
    across_organizations: bool,
) -> Result<Comparison, Incomparable> {
    let crossing = match comparable(old, new) {
        Ok(()) => None,
        Err(incomparable) if across_organizations => Some(incomparable.crossing()),
        Err(incomparable) => return Err(incomparable),
    };
    let mut comparison = compare(old, new);
    comparison.crosses_organizations = crossing;
    Ok(comparison)
}

/// Everything two runs say about each other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// The older run (the baseline).
    pub old: RunSummary,
    /// The newer run.
    pub new: RunSummary,
    /// Every finding of either run, classified.
    pub findings: FindingChanges,
    /// Users, keys, passwords, MFA devices and accounts that changed.
    pub changes: Vec<Change>,
    /// `o-old → o-new` when the runs are of different organizations (or partitions) and were
    /// compared anyway (`--allow-other-organization`): every change crosses them.
    #[serde(skip)]
    pub crosses_organizations: Option<String>,
}

/// How many findings fell into each list, the new ones by severity too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// New findings.
    pub new: usize,
    /// New findings by severity (every severity present, zero included).
    pub new_by_severity: std::collections::BTreeMap<iam_audit_rules::Severity, usize>,
    /// Open findings.
    pub open: usize,
    /// Resolved findings.
    pub resolved: usize,
    /// Findings the newer run could not judge.
    pub unknown: usize,
    /// Findings gone because their rule's thresholds changed.
    pub settings_changed: usize,
    /// Credential and account changes.
    pub changes: usize,
    /// `o-old → o-new` when the runs are of different organizations compared anyway; null
    /// otherwise.
    pub crosses_organizations: Option<String>,
}

impl Comparison {
    /// The counts.
    pub fn summary(&self) -> Summary {
        let mut new_by_severity: std::collections::BTreeMap<_, _> = iam_audit_rules::Severity::ALL
            .into_iter()
            .map(|severity| (severity, 0))
            .collect();
        for finding in &self.findings.new {
            *new_by_severity.entry(finding.severity).or_default() += 1;
        }
        Summary {
            new: self.findings.new.len(),
            new_by_severity,
            open: self.findings.open.len(),
            resolved: self.findings.resolved.len(),
            unknown: self.findings.unknown.len(),
            settings_changed: self.findings.settings_changed.len(),
            changes: self.changes.len(),
            crosses_organizations: self.crosses_organizations.clone(),
        }
    }

    /// The newer run's status and first sighting of a finding, by its identity: `new` or
    /// `open`, or `None` for a finding the newer run does not have.
    pub fn status_of(&self, id: &str) -> Option<(&'static str, DateTime<Utc>)> {
        let find = |list: &[FindingRecord]| {
            list.binary_search_by(|record| record.id.as_str().cmp(id))
                .ok()
                .map(|index| list[index].first_seen.unwrap_or(self.new.started_at))
        };
        find(&self.findings.new)
            .map(|seen| ("new", seen))
            .or_else(|| find(&self.findings.open).map(|seen| ("open", seen)))
    }
}

/// Compares an older run with a newer one.
pub fn compare(old: &RunView, new: &RunView) -> Comparison {
    let mut findings = FindingChanges::default();
    // What the older run knew of a finding: judged there, or carried there as not judged.
    let known_before = |id: &str| old.findings.get(id).or_else(|| old.carried.get(id));
    for (id, record) in &new.findings {
        match known_before(id).filter(|before| before.same_subject(record)) {
            Some(before) => findings.open.push(FindingRecord {
                first_seen: Some(
                    first_seen(before, old).max(record.user_created.unwrap_or_default()),
                ),
                ..record.clone()
            }),
            None => findings.new.push(FindingRecord {
                first_seen: Some(new.started_at),
                ..record.clone()
            }),
        }
    }
    let gone = old.findings.iter().chain(
        old.carried
            .iter()
            .filter(|(id, _)| !old.findings.contains_key(*id)),
    );
    for (id, before) in gone {
        let record = FindingRecord {
            first_seen: Some(first_seen(before, old)),
            ..before.clone()
        };
        if let Some(now) = new.findings.get(id) {
            if before.same_subject(now) {
                continue;
            }
            // The same name, another user: the one the finding was about was deleted.
            findings.resolved.push(record);
            continue;
        }
        if let Some(reason) = unreadable(new, before).or_else(|| unread_source(old, new, before)) {
            findings.unknown.push(FindingRecord {
                reason: Some(english(&reason)),
                reason_message: Some(reason),
                ..record
            });
        } else if let Some(changed) = changed_settings(old, new, before) {
            findings.settings_changed.push(FindingRecord {
                reason: Some(changed),
                ..record
            });
        } else {
            findings.resolved.push(FindingRecord {
                reason: None,
                reason_message: None,
                ..record
            });
        }
    }
    for list in [
        &mut findings.new,
        &mut findings.open,
        &mut findings.resolved,
        &mut findings.unknown,
        &mut findings.settings_changed,
    ] {
        list.sort_by(|left, right| left.id.cmp(&right.id));
    }
    Comparison {
        old: RunSummary::of(old),
        new: RunSummary::of(new),
        findings,
        changes: changes(old, new),
        crosses_organizations: None,
    }
}

/// When a finding of the older run was first seen: its own record, else the older run's start.
fn first_seen(record: &FindingRecord, old: &RunView) -> DateTime<Utc> {
    record.first_seen.unwrap_or(old.started_at)
}

/// Why the newer run could not judge a finding because of what it was asked to read: a source
/// its rule needs that the newer run did not read, or read over a shorter window (CloudTrail), or
/// over another window (service last accessed: a longer window sees more use, a shorter one less,
/// and either can make a usage finding disappear without anything being fixed).
fn unread_source(old: &RunView, new: &RunView, finding: &FindingRecord) -> Option<Message> {
    let rule = iam_audit_rules::rule(&finding.rule_id)?;
    rule.sources.iter().find_map(|source| match source {
        Source::CloudTrail => match (old.scope.cloudtrail_days, new.scope.cloudtrail_days) {
            (_, Some(None)) => Some(Message::new("reason-no-cloudtrail")),
            (Some(Some(before)), Some(Some(after))) if after < before => Some(
                Message::new("reason-shorter-cloudtrail")
                    .with("after", after)
                    .with("before", before),
            ),
            _ => None,
        },
        Source::KeyActivity => match (old.scope.key_activity_pages, new.scope.key_activity_pages) {
            (_, Some(None)) => Some(Message::new("reason-no-key-activity")),
            (Some(Some(before)), Some(Some(after))) if after < before => Some(
                Message::new("reason-fewer-key-activity-pages")
                    .with("after", after)
                    .with("before", before),
            ),
            _ => None,
        },
        Source::ExposedKeys => match &new.scope.exposed_key_ids {
            Some(None) => Some(Message::new("reason-no-exposed-keys")),
            Some(Some(named)) => {
                let key = finding.access_key_id.as_deref()?;
                (!named.contains(key))
                    .then(|| Message::new("reason-key-not-named").with("key", key))
            }
            None => None,
        },
        // Read by every run: its failure is a gap of the account (`covers`).
        Source::AuthorizationDetails => None,
        Source::ServiceLastAccessed => {
            match (old.scope.usage_window_days, new.scope.usage_window_days) {
                (_, Some(None)) => Some(Message::new("reason-no-last-accessed")),
                (Some(Some(before)), Some(Some(after))) if after != before => Some(
                    Message::new("reason-usage-window-changed")
                        .with("after", after)
                        .with("before", before),
                ),
                _ => None,
            }
        }
    })
}

/// A reason as the JSON records it: in English, whatever the run's language.
fn english(reason: &Message) -> String {
    iam_audit_i18n::text(
        iam_audit_i18n::Language::English,
        reason.id,
        &reason.arguments,
    )
}

/// The thresholds a finding's rule reads that differ between the runs (`name old → new`), when
/// both runs recorded them.
fn changed_settings(old: &RunView, new: &RunView, finding: &FindingRecord) -> Option<String> {
    let rule = iam_audit_rules::rule(&finding.rule_id)?;
    let (Some(before), Some(after)) = (&old.scope.thresholds, &new.scope.thresholds) else {
        return None;
    };
    let changed: Vec<String> = rule
        .settings
        .iter()
        .filter_map(|name| {
            if *name == "expected_networks" {
                let (was, is) = (
                    old.scope.expected_networks.as_ref()?,
                    new.scope.expected_networks.as_ref()?,
                );
                let list = |networks: &[String]| {
                    if networks.is_empty() {
                        "[]".to_string()
                    } else {
                        networks.join(",")
                    }
                };
                return (was != is).then(|| format!("{name} {} \u{2192} {}", list(was), list(is)));
            }
            let (was, is) = (before.get(*name)?, after.get(*name)?);
            (was != is).then(|| format!("{name} {was} \u{2192} {is}"))
        })
        .collect();
    (!changed.is_empty()).then(|| changed.join(", "))
}

/// Why the newer run cannot say whether a finding it no longer has was fixed, if it cannot.
fn unreadable(new: &RunView, finding: &FindingRecord) -> Option<Message> {
    let account = &finding.account_id;
    let about = |id: &'static str| Some(Message::new(id).with("account", account));
    match new.accounts.get(account) {
        None if new.listed.contains(account) => return about("reason-not-audited"),
        None if !new.listing_complete => return about("reason-listing-incomplete"),
        None => return about("reason-left-organization"),
        Some(state) if state.status == AuditStatus::Failed => {
            return about("reason-account-unreadable");
        }
        Some(_) => {}
    }
    new.gaps
        .iter()
        .find(|gap| covers(gap, finding))
        .map(|gap| match &gap.resource {
            Some(resource) => Message::new("reason-api-failed-for")
                .with("api", &gap.api)
                .with("resource", resource),
            None => Message::new("reason-api-failed").with("api", &gap.api),
        })
}

/// The APIs the root rules read (ListOrganizationsFeatures organization-wide, from the caller's
/// account; the others in each account).
const ROOT_APIS: [&str; 4] = [
    "iam:GetAccountSummary",
    "iam:ListVirtualMFADevices",
    "iam:ListOrganizationsFeatures",
    "cloudtrail:LookupEvents",
];

/// Whether a failed read could hide a finding: a failure of the whole account (AssumeRole, its
/// deadline, an interrupt), or of an API the finding's rule family reads, for the whole account
/// or for the finding's own user (and key).
fn covers(gap: &Gap, finding: &FindingRecord) -> bool {
    if finding.rule_id == "AUD001" {
        // The audit gap itself: gone means the API was read this time.
        return false;
    }
    let same_account = gap.account_id == finding.account_id;
    if matches!(gap.api.as_str(), "account" | "run" | "sts:AssumeRole") {
        return same_account;
    }
    // A key's activity lookup (`user/key`) holds only that key's activity: it hides EXP003 on
    // that key, and nothing about the root user.
    let key_activity = gap.api == "cloudtrail:LookupEvents"
        && gap
            .resource
            .as_deref()
            .is_some_and(|resource| resource.contains('/'));
    if finding.rule_id == "EXP003" && gap.api == "cloudtrail:LookupEvents" {
        return same_account
            && match (&gap.resource, &finding.user_name, &finding.access_key_id) {
                (None, _, _) => true,
                (Some(resource), Some(user), Some(key)) => *resource == format!("{user}/{key}"),
                _ => false,
            };
    }
    if key_activity {
        return false;
    }
    let root_api = ROOT_APIS.contains(&gap.api.as_str());
    if finding.rule_id == "ORG001" {
        // The organization's feature, read once from the caller's account.
        return gap.api == "iam:ListOrganizationsFeatures";
    }
    if finding.rule_id.starts_with("ROOT") {
        return root_api && (same_account || gap.api == "iam:ListOrganizationsFeatures");
    }
    if root_api || !same_account {
        return false;
    }
    match (&gap.resource, &finding.user_name) {
        (None, _) => true,
        (Some(resource), Some(user)) => {
            resource == user || resource.starts_with(&format!("{user}/"))
        }
        // A failure about one user cannot hide a finding about the account.
        (Some(_), None) => false,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::ChangeKind;

    /// ORG001 is read once, from the caller's account: only ListOrganizationsFeatures can hide it,
    /// and it always can, whichever account it failed in.
    #[test]
    fn the_organizations_finding_is_unknown_only_when_its_feature_was_unread() {
        let finding = FindingRecord {
            id: "iam-audit/111111111111/ORG001/AWS::::Account:111111111111".to_string(),
            rule_id: "ORG001".to_string(),
            rule_name: "root-credentials-management-disabled".to_string(),
            severity: iam_audit_rules::Severity::Medium,
            account_id: "111111111111".to_string(),
            account_name: "M".to_string(),
            resource_type: "AwsAccount".to_string(),
            resource: "AWS::::Account:111111111111".to_string(),
            user_name: None,
            user_id: None,
            user_created: None,
            access_key_id: None,
            title: crate::view::Title {
                en: String::new(),
                es: String::new(),
            },
            suppressed: false,
            first_seen: None,
            reason: None,
            reason_message: None,
        };
        let gap = |account: &str, api: &str| Gap {
            account_id: account.to_string(),
            api: api.to_string(),
            resource: None,
        };
        assert!(covers(
            &gap("111111111111", "iam:ListOrganizationsFeatures"),
            &finding
        ));
        assert!(covers(
            &gap("222222222222", "iam:ListOrganizationsFeatures"),
            &finding
        ));
        assert!(!covers(
            &gap("111111111111", "iam:GetAccountPasswordPolicy"),
            &finding
        ));
        assert!(covers(&gap("111111111111", "run"), &finding));
    }

    /// A minimal run report: accounts (id, status, users known), users (account, name,
    /// password, MFA serials, keys as (id, status)), findings (id, account, rule, user), errors.
    fn report(
        started: &str,
        accounts: Value,
        users: Value,
        findings: Value,
        errors: Value,
    ) -> RunView {
        let users: Vec<Value> = users.as_array().cloned().unwrap_or_default();
        let keys: Vec<Value> = users
            .iter()
            .flat_map(|user| {
                user["keys"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|key| json!({"account_id": user["account_id"], "user_name": user["user_name"], "access_key_id": key[0], "status": key[1]}))
                    .collect::<Vec<_>>()
            })
            .collect();
        // Other credentials: `ssh` (ids) and `service` ((id, service)) on a user, when read.
        let others = |field: &str| -> Vec<Value> {
            users
                .iter()
                .flat_map(|user| {
                    user[field]
                        .as_array()
                        .cloned()
                        .unwrap_or_default()
                        .into_iter()
                        .map(|credential| json!({"account_id": user["account_id"], "user_name": user["user_name"], "id": credential[0], "service_name": credential[1]}))
                        .collect::<Vec<_>>()
                })
                .collect()
        };
        let (ssh_public_keys, service_credentials) = (others("ssh"), others("service"));
        let users: Vec<Value> = users
            .iter()
            .map(|user| json!({
                "account_id": user["account_id"], "user_name": user["user_name"],
                "console_password": user["password"],
                "mfa_devices": user["mfa"].as_array().map(|serials| serials.iter().map(|serial| json!({"serial_number": serial, "kind": "virtual"})).collect::<Vec<_>>()),
                "access_keys": user["keys"].as_array().map(Vec::len),
                "privilege": user.get("privilege").map(|class| json!({"class": class})),
                "ssh_public_keys": user.get("ssh").and_then(Value::as_array).map(Vec::len),
                "service_specific_credentials": user.get("service").and_then(Value::as_array).map(Vec::len),
            }))
            .collect();
        let findings: Vec<Value> = findings
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|finding| json!({
                "id": finding[0], "account_id": finding[1], "rule_id": finding[2], "user_name": finding[3],
                "rule_name": "r", "severity": "high", "account_name": "A", "resource_type": "AwsIamUser",
                "resource": "x", "access_key_id": null, "title": {"en": "t", "es": "t"}, "suppression": null,
            }))
            .collect();
        let text = json!({
            "schema_version": "1.1",
            "run": {"started_at": started, "organization_id": "o-1", "complete": errors.as_array().is_none_or(Vec::is_empty)},
            "accounts": accounts, "skipped_accounts": [], "users": users, "access_keys": keys,
            "ssh_public_keys": ssh_public_keys, "service_specific_credentials": service_credentials,
            "findings": findings, "errors": errors,
        })
        .to_string();
        RunView::from_json(&text, "test").expect("a valid report")
    }

    /// Issue 22: a run that did not read a key's activity or any scanner file, or whose scanner
    /// files do not name the key, or that read fewer pages of activity, never resolves EXP003 or
    /// EXP002: they are not judged, with the reason.
    #[test]
    fn unread_exposure_sources_never_resolve_their_findings() {
        let with_keys = |mut view: RunView| {
            for (id, key) in [
                ("leaked", "AKIALEAKED"),
                ("named", "AKIANAMED"),
                ("outside", "AKIAUSED"),
            ] {
                if let Some(record) = view.findings.get_mut(id) {
                    record.access_key_id = Some(key.to_string());
                }
            }
            view
        };
        let mut old = with_keys(report(
            "2026-11-23T09:00:00Z",
            json!([account("111111111111", "complete")]),
            json!([]),
            json!([
                ["leaked", "111111111111", "EXP002", "ci"],
                ["named", "111111111111", "EXP002", "ci"],
                ["outside", "111111111111", "EXP003", "ci"],
            ]),
            json!([]),
        ));
        old.scope.key_activity_pages = Some(Some(2));
        old.scope.exposed_key_ids = Some(Some(
            ["AKIALEAKED", "AKIANAMED"]
                .map(str::to_string)
                .into_iter()
                .collect(),
        ));
        let mut new = report(
            "2026-11-30T09:00:00Z",
            json!([account("111111111111", "complete")]),
            json!([]),
            json!([]),
            json!([]),
        );
        let reasons = |new: &RunView| -> (Vec<String>, Vec<String>) {
            let comparison = compare(&old, new);
            (
                comparison
                    .findings
                    .unknown
                    .iter()
                    .map(|record| {
                        format!(
                            "{}: {}",
                            record.id,
                            record.reason.clone().unwrap_or_default()
                        )
                    })
                    .collect(),
                ids(&comparison.findings.resolved)
                    .into_iter()
                    .map(str::to_string)
                    .collect(),
            )
        };
        new.scope.key_activity_pages = Some(None);
        new.scope.exposed_key_ids = Some(None);
        let (unknown, resolved) = reasons(&new);
        assert!(resolved.is_empty(), "{resolved:?}");
        assert_eq!(
            unknown,
            [
                "leaked: no scanner file was read in the newer run (--exposed-keys)",
                "named: no scanner file was read in the newer run (--exposed-keys)",
                "outside: key activity was not read in the newer run (--key-activity-pages 0 or --no-cloudtrail)",
            ]
        );
        new.scope.key_activity_pages = Some(Some(1));
        new.scope.exposed_key_ids = Some(Some(["AKIANAMED".to_string()].into_iter().collect()));
        let (unknown, resolved) = reasons(&new);
        assert_eq!(resolved, ["named"], "named again and gone: dealt with");
        assert_eq!(
            unknown,
            [
                "leaked: the newer run's scanner files do not name AKIALEAKED",
                "outside: the newer run read 1 pages of each key's activity, the older 2",
            ]
        );
        new.scope.key_activity_pages = Some(Some(2));
        let (_, resolved) = reasons(&new);
        assert_eq!(resolved, ["named", "outside"]);
    }

    /// A key's activity lookup that failed hides EXP003 on that key only, and no root finding.
    #[test]
    fn a_failed_activity_lookup_hides_only_its_keys_exp003() {
        let finding = |rule: &str, user: Option<&str>, key: Option<&str>| FindingRecord {
            id: format!("iam-audit/111111111111/{rule}/x"),
            rule_id: rule.to_string(),
            rule_name: "r".to_string(),
            severity: iam_audit_rules::Severity::High,
            account_id: "111111111111".to_string(),
            account_name: "A".to_string(),
            resource_type: "AwsIamAccessKey".to_string(),
            resource: "x".to_string(),
            user_name: user.map(str::to_string),
            user_id: None,
            user_created: None,
            access_key_id: key.map(str::to_string),
            title: crate::view::Title {
                en: String::new(),
                es: String::new(),
            },
            suppressed: false,
            first_seen: None,
            reason: None,
            reason_message: None,
        };
        let lookup = |resource: &str| Gap {
            account_id: "111111111111".to_string(),
            api: "cloudtrail:LookupEvents".to_string(),
            resource: Some(resource.to_string()),
        };
        let outside = finding("EXP003", Some("ci"), Some("AKIAUSED"));
        assert!(covers(&lookup("ci/AKIAUSED"), &outside));
        assert!(!covers(&lookup("ci/AKIAOTHER"), &outside));
        assert!(!covers(&lookup("CreateUser"), &outside));
        assert!(!covers(
            &lookup("ci/AKIAUSED"),
            &finding("ROOT004", None, None)
        ));
        assert!(covers(
            &lookup("ConsoleLogin"),
            &finding("ROOT004", None, None)
        ));
        assert!(!covers(
            &lookup("ci/AKIAUSED"),
            &finding("KEY001", Some("ci"), Some("AKIAUSED"))
        ));
        let keys_unread = Gap {
            account_id: "111111111111".to_string(),
            api: "iam:ListAccessKeys".to_string(),
            resource: Some("ci".to_string()),
        };
        assert!(covers(&keys_unread, &outside));
    }

    fn account(id: &str, status: &str) -> Value {
        json!({"id": id, "name": "A", "audit_status": status, "users": if status == "failed" { Value::Null } else { json!(1) }})
    }

    fn ids(list: &[FindingRecord]) -> Vec<&str> {
        list.iter().map(|record| record.id.as_str()).collect()
    }

    #[test]
    fn findings_are_new_open_resolved_or_unknown() {
        let old = report(
            "2026-11-23T09:00:00Z",
            json!([
                account("111111111111", "complete"),
                account("222222222222", "complete")
            ]),
            json!([]),
            json!([
                ["open", "111111111111", "KEY001", "alice"],
                ["fixed", "111111111111", "KEY002", "alice"],
                ["unread-account", "222222222222", "KEY001", "bob"],
                ["unread-api", "111111111111", "PWD001", "carol"],
                ["other-user-gap", "111111111111", "PWD001", "dave"],
            ]),
            json!([]),
        );
        let new = report(
            "2026-11-30T09:00:00Z",
            json!([
                account("111111111111", "incomplete"),
                account("222222222222", "failed")
            ]),
            json!([]),
            json!([
                ["open", "111111111111", "KEY001", "alice"],
                ["fresh", "111111111111", "KEY003", "erin"]
            ]),
            json!([
                {"account_id": "111111111111", "api": "iam:GetLoginProfile", "resource": "carol"},
                {"account_id": "222222222222", "api": "sts:AssumeRole", "resource": null},
            ]),
        );
        let comparison = compare(&old, &new);
        assert_eq!(ids(&comparison.findings.new), ["fresh"]);
        assert_eq!(ids(&comparison.findings.open), ["open"]);
        assert_eq!(
            ids(&comparison.findings.resolved),
            ["fixed", "other-user-gap"]
        );
        assert_eq!(
            ids(&comparison.findings.unknown),
            ["unread-account", "unread-api"],
            "an account or API the newer run could not read is never resolved"
        );
        let first_seen = |list: &[FindingRecord]| list[0].first_seen.map(|time| time.to_rfc3339());
        assert_eq!(
            first_seen(&comparison.findings.open).as_deref(),
            Some("2026-11-23T09:00:00+00:00")
        );
        assert_eq!(
            first_seen(&comparison.findings.new).as_deref(),
            Some("2026-11-30T09:00:00+00:00")
        );
        assert_eq!(
            comparison.status_of("open").map(|status| status.0),
            Some("open")
        );
        assert_eq!(
            comparison.status_of("fresh").map(|status| status.0),
            Some("new")
        );
        assert_eq!(comparison.status_of("fixed"), None);
        assert!(
            comparison.findings.unknown[1]
                .reason
                .as_deref()
                .is_some_and(|reason| reason.contains("iam:GetLoginProfile"))
        );
    }

    #[test]
    fn an_account_that_left_the_list_is_unknown_not_resolved() {
        let old = report(
            "2026-11-23T09:00:00Z",
            json!([account("111111111111", "complete")]),
            json!([]),
            json!([["gone", "111111111111", "KEY001", "alice"]]),
            json!([]),
        );
        let new = report(
            "2026-11-30T09:00:00Z",
            json!([]),
            json!([]),
            json!([]),
            json!([]),
        );
        let comparison = compare(&old, &new);
        assert_eq!(ids(&comparison.findings.unknown), ["gone"]);
        assert_eq!(comparison.changes[0].kind, ChangeKind::AccountRemoved);
    }

    #[test]
    fn credential_changes_are_claimed_only_where_both_runs_read() {
        let user = |name: &str, password: &str, mfa: Value, keys: Value| json!({"account_id": "111111111111", "user_name": name, "password": password, "mfa": mfa, "keys": keys});
        let with = |mut user: Value, field: &str, value: Value| {
            user[field] = value;
            user
        };
        let with_privilege = |user: Value, class: &str| with(user, "privilege", json!(class));
        let old = report(
            "2026-11-23T09:00:00Z",
            json!([
                account("111111111111", "complete"),
                account("222222222222", "complete")
            ]),
            json!([
                with(
                    with_privilege(user("rotator", "not_configured", json!([]), json!([["AKIAOLD", "Active"]])), "write"),
                    "service",
                    json!([["SSCOLD", "bedrock.amazonaws.com"]]),
                ),
                user("leaver", "configured", json!([]), json!([["AKIALEAVER", "Active"]])),
                with(
                    with_privilege(user("sleeper", "not_configured", json!(["mfa-1"]), json!([["AKIASLEEP", "Active"]])), "admin"),
                    "ssh",
                    json!([["SSHOLD"]]),
                ),
                with(
                    with_privilege(user("unread", "configured", json!([]), json!([["AKIAUNREAD", "Active"]])), "write"),
                    "ssh",
                    json!([["SSHUNREAD"]]),
                ),
                {"account_id": "222222222222", "user_name": "elsewhere", "password": "configured", "mfa": [], "keys": []},
            ]),
            json!([]),
            json!([]),
        );
        let new = report(
            "2026-11-30T09:00:00Z",
            json!([
                account("111111111111", "incomplete"),
                account("222222222222", "failed")
            ]),
            json!([
                with(
                    with_privilege(
                        user(
                            "rotator",
                            "not_configured",
                            json!([]),
                            json!([["AKIANEW", "Active"]])
                        ),
                        "admin"
                    ),
                    "service",
                    json!([])
                ),
                with(
                    with_privilege(
                        user(
                            "sleeper",
                            "configured",
                            json!(["mfa-2"]),
                            json!([["AKIASLEEP", "Inactive"]])
                        ),
                        "read_only"
                    ),
                    "ssh",
                    json!([["SSHNEW"]])
                ),
                // Its policies could not be judged: no privilege change is claimed.
                with_privilege(
                    user("unread", "unknown", Value::Null, Value::Null),
                    "unknown"
                ),
                with(
                    with_privilege(
                        user(
                            "newcomer",
                            "configured",
                            json!([]),
                            json!([["AKIAFRESH", "Active"]])
                        ),
                        "admin"
                    ),
                    "ssh",
                    json!([["SSHFRESH"]])
                ),
            ]),
            json!([]),
            json!([{"account_id": "222222222222", "api": "sts:AssumeRole", "resource": null}]),
        );
        let found: Vec<(String, String)> = compare(&old, &new)
            .changes
            .iter()
            .map(|change| {
                (
                    change.kind.as_str().to_string(),
                    change
                        .credential
                        .clone()
                        .or(change.user_name.clone())
                        .unwrap_or(change.account_id.clone()),
                )
            })
            .collect();
        let expected: Vec<(String, String)> = [
            ("account_unreadable", "222222222222"),
            ("user_created", "newcomer"),
            ("user_deleted", "leaver"),
            ("key_created", "111111111111/newcomer/AKIAFRESH"),
            ("key_deleted", "111111111111/leaver/AKIALEAVER"),
            ("key_rotated", "111111111111/rotator/AKIANEW"),
            ("key_deactivated", "111111111111/sleeper/AKIASLEEP"),
            ("password_added", "sleeper"),
            ("mfa_added", "111111111111/sleeper/mfa-2"),
            ("mfa_removed", "111111111111/sleeper/mfa-1"),
            ("privilege_raised", "rotator"),
            ("privilege_lowered", "sleeper"),
            ("credential_removed", "111111111111/rotator/SSCOLD"),
            ("credential_added", "111111111111/sleeper/SSHNEW"),
            ("credential_removed", "111111111111/sleeper/SSHOLD"),
            ("credential_added", "111111111111/newcomer/SSHFRESH"),
        ]
        .iter()
        .map(|(kind, what)| (kind.to_string(), what.to_string()))
        .collect();
        let mut expected_sorted = expected.clone();
        expected_sorted.sort();
        let mut found_sorted = found.clone();
        found_sorted.sort();
        assert_eq!(found_sorted, expected_sorted, "{found:?}");
    }

    #[test]
    fn reports_before_ids_get_the_same_identity() {
        let text = json!({
            "schema_version": "1.0",
            "run": {"started_at": "2026-11-23T09:00:00Z", "organization_id": null, "complete": false},
            "accounts": [], "users": [], "access_keys": [], "errors": [],
            "findings": [{"rule_id": "AUD001", "rule_name": "audit-incomplete", "severity": "high", "account_id": "111111111111",
                "account_name": "A", "resource_type": "AwsAccount", "resource": "AWS::::Account:111111111111",
                "user_name": null, "access_key_id": null, "title": {"en": "t", "es": "t"}, "evidence": {"api": "iam:ListUsers"}, "suppression": null}],
        })
        .to_string();
        let view = RunView::from_json(&text, "old.json").expect("1.0 reads");
        assert_eq!(
            view.findings().next().map(|record| record.id.as_str()),
            Some("iam-audit/111111111111/AUD001/AWS::::Account:111111111111/iam:ListUsers")
        );
        assert!(RunView::from_json("{}", "x.json").is_err());
        let future = text.replace("\"1.0\"", "\"2.0\"");
        assert!(matches!(
            RunView::from_json(&future, "x.json"),
            Err(crate::HistoryError::UnsupportedVersion { .. })
        ));
    }

    /// A report of one account and one user with a USE001 finding (or none), whose run recorded
    /// `usage_window_days` as `window` (`Value::Null`: `--last-accessed off`; absent when `None`).
    fn usage_report(started: &str, with_finding: bool, window: Option<Value>) -> RunView {
        let mut options = json!({"cloudtrail_days": 90});
        if let Some(window) = window {
            options["usage_window_days"] = window;
        }
        let findings: Vec<Value> = with_finding
            .then(|| json!({"id": "iam-audit/111111111111/USE001/arn:aws:iam::111111111111:user/carol", "rule_id": "USE001",
                "rule_name": "unused-permissions", "severity": "high", "account_id": "111111111111", "account_name": "A",
                "resource_type": "AwsIamUser", "resource": "arn:aws:iam::111111111111:user/carol", "user_name": "carol",
                "access_key_id": null, "title": {"en": "t", "es": "t"}, "suppression": null}))
            .into_iter()
            .collect();
        let text = json!({
            "schema_version": "1.5",
            "run": {"started_at": started, "organization_id": "o-1", "complete": true, "options": options},
            "accounts": [account("111111111111", "complete")], "skipped_accounts": [],
            "users": [{"account_id": "111111111111", "user_name": "carol", "console_password": "enabled", "mfa_devices": [], "access_keys": 1}],
            "access_keys": [], "findings": findings, "errors": [],
        })
        .to_string();
        RunView::from_json(&text, "usage").expect("a valid report")
    }

    /// Issue 24: a run that did not read service last accessed reports, or judged usage over
    /// another window, never resolves a usage finding; the same window does.
    #[test]
    fn usage_findings_resolve_only_over_the_same_window() {
        let old = usage_report("2026-11-01T00:00:00Z", true, Some(json!(90)));
        let off = compare(
            &old,
            &usage_report("2026-11-08T00:00:00Z", false, Some(Value::Null)),
        );
        assert!(off.findings.resolved.is_empty());
        assert_eq!(
            off.findings.unknown[0].reason.as_deref(),
            Some(
                "service last accessed reports were not read in the newer run (--last-accessed off)"
            )
        );
        for window in [30, 400] {
            let other = compare(
                &old,
                &usage_report("2026-11-08T00:00:00Z", false, Some(json!(window))),
            );
            assert!(other.findings.resolved.is_empty(), "{window}");
            assert_eq!(
                other.findings.unknown[0].reason.as_deref(),
                Some(
                    format!("the newer run judged usage over {window} days, the older over 90")
                        .as_str()
                )
            );
        }
        let same = compare(
            &old,
            &usage_report("2026-11-08T00:00:00Z", false, Some(json!(90))),
        );
        assert_eq!(ids(&same.findings.resolved).len(), 1);
        assert!(same.findings.unknown.is_empty());
        // A report that did not record the window (before 1.5) claims nothing either way: the
        // finding's rule did not exist then.
        let unrecorded = compare(&old, &usage_report("2026-11-08T00:00:00Z", false, None));
        assert_eq!(ids(&unrecorded.findings.resolved).len(), 1);
    }
}
