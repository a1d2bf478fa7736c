//! What each user really uses, against what it holds: IAM's service last accessed report (plain
//! data the collector fills, [`UsageReport`]) judged over the run's window into the model's
//! [`UserUsage`]:
//!
//! - **used**: the services whose `LastAuthenticated` falls within the window, and for the
//!   services IAM tracks by action (`TrackedActionsLastAccessed`), the actions used within it;
//! - **granted**: the services of which the user's identity-based policies allow some action on
//!   some resource, after Denies and the permissions boundary (the evaluation of `permissions`).
//!   The services asked about are those the report lists (IAM lists every service the identity
//!   policies allow, whatever the boundary), those the policies name, and those used;
//! - **a suggested policy** (`suggest`) that allows only what was used, proven by `containment`
//!   never to grant more than the user holds; withheld when it cannot be proven.
//!
//! The report is trusted as IAM's own record of use; nothing is inferred from its absence: a user
//! whose report could not be read has no usage at all (`Observed::Unknown` in the collector).

mod suggest;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};
use iam_audit_model::{UNUSED_SERVICES_NAMED, UsageGrants, UserUsage};
use serde::{Deserialize, Serialize};

use crate::containment::beyond;
use crate::document::{Element, PolicyDocument, parse_document};
use crate::library::{PermissionsBuilder, PolicyLibrary};
use crate::pattern::Pattern;
use crate::permissions::{Mode, Permissions};

/// One user's service last accessed report: every service it lists.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct UsageReport {
    /// `ServicesLastAccessed`, every page.
    pub services: Vec<ServiceReport>,
}

/// One service of a report.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct ServiceReport {
    /// `ServiceNamespace` (`s3`).
    pub namespace: String,
    /// `LastAuthenticated`: absent when not used in IAM's tracking period.
    pub last_authenticated: Option<DateTime<Utc>>,
    /// `TrackedActionsLastAccessed`, for the services IAM tracks by action; `None` for the others.
    pub tracked_actions: Option<Vec<ActionReport>>,
}

/// One tracked action of a service.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct ActionReport {
    /// `ActionName`, without the service prefix (`GetObject`).
    pub name: String,
    /// `LastAccessedTime`: absent when not used.
    pub last_accessed: Option<DateTime<Utc>>,
}

/// The window usage is judged over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UsageWindow {
    /// Its end: the run's "now".
    pub now: DateTime<Utc>,
    /// Its length in days.
    pub days: u32,
}

impl UsageWindow {
    /// When the window starts.
    pub fn start(&self) -> DateTime<Utc> {
        self.now - Duration::days(i64::from(self.days))
    }
}

/// The reports of one account's users, by user name, with each user's creation time.
#[derive(Clone, Debug)]
pub struct UsageInput {
    /// The window.
    pub window: UsageWindow,
    /// `(created, report)` by user name.
    pub reports: BTreeMap<String, (DateTime<Utc>, UsageReport)>,
}

/// What a report shows over the window, before any policy is read: `grants` is `None`.
pub fn observe(report: &UsageReport, window: &UsageWindow, created: DateTime<Utc>) -> UserUsage {
    let start = window.start();
    let within = |time: &Option<DateTime<Utc>>| time.is_some_and(|time| time >= start);
    let mut services_used: Vec<String> = report
        .services
        .iter()
        .filter(|service| within(&service.last_authenticated))
        .map(|service| service.namespace.clone())
        .collect();
    services_used.sort();
    services_used.dedup();
    let mut actions_used: Vec<String> = report
        .services
        .iter()
        .flat_map(|service| {
            service
                .tracked_actions
                .iter()
                .flatten()
                .filter(|action| within(&action.last_accessed))
                .map(|action| format!("{}:{}", service.namespace, action.name))
        })
        .collect();
    actions_used.sort();
    actions_used.dedup();
    UserUsage {
        window_days: window.days,
        tracked_since: start.max(created),
        complete: created <= start,
        last_activity: report
            .services
            .iter()
            .filter_map(|service| service.last_authenticated)
            .max(),
        services_used,
        actions_used,
        grants: None,
    }
}

/// Judges one user: [`observe`], then what the user's policies grant and a suggested policy.
/// Without readable policies the grants stay `None`.
pub(crate) fn judge(
    user: &crate::details::UserDetail,
    library: &PolicyLibrary<'_>,
    report: &UsageReport,
    window: &UsageWindow,
    created: DateTime<Utc>,
) -> UserUsage {
    let mut usage = observe(report, window, created);
    let mut builder = PermissionsBuilder::new(library, Some(&user.name)).keeping_documents();
    crate::user::add_user_policies(&mut builder, user);
    if !builder.unreadable.is_empty() {
        return usage;
    }
    let documents = builder.documents.take().unwrap_or_default();
    let held = builder.permissions;
    let granted = services_granted(&held, &documents, report, &usage.services_used);
    let unused: Vec<&String> = granted
        .iter()
        .filter(|service| usage.services_used.binary_search(service).is_err())
        .collect();
    let used = Used::of(report, window, &usage);
    let suggested_policy = suggest::suggest(&documents, &used)
        .filter(|suggestion| proven(&suggestion.document, user, library, &held))
        .map(|suggestion| iam_audit_model::SuggestedPolicy {
            document: suggestion.document,
            kept_as_granted: suggestion.kept_as_granted,
        });
    usage.grants = Some(UsageGrants {
        services_granted: u32::try_from(granted.len()).unwrap_or(u32::MAX),
        services_unused: u32::try_from(unused.len()).unwrap_or(u32::MAX),
        first_unused: unused
            .into_iter()
            .take(UNUSED_SERVICES_NAMED)
            .cloned()
            .collect(),
        suggested_policy,
    });
    usage
}

/// Whether the suggested document grants nothing beyond `held`, under the user's boundary.
fn proven(
    document: &str,
    user: &crate::details::UserDetail,
    library: &PolicyLibrary<'_>,
    held: &Permissions,
) -> bool {
    let Ok(parsed) = parse_document("suggested", document) else {
        return false;
    };
    let mut builder = PermissionsBuilder::new(library, Some(&user.name));
    builder.document("suggested".to_string(), &parsed);
    if let Some(boundary) = &user.permissions_boundary {
        builder.boundary(boundary);
    }
    builder.unreadable.is_empty() && beyond(&builder.permissions, held).is_empty()
}

/// The services granted: of the candidates (listed by the report, named by the policies, used),
/// those some action of which is allowed on some resource. Sorted.
fn services_granted(
    held: &Permissions,
    documents: &[PolicyDocument],
    report: &UsageReport,
    used: &[String],
) -> Vec<String> {
    let mut candidates: BTreeSet<String> = report
        .services
        .iter()
        .map(|service| service.namespace.to_ascii_lowercase())
        .collect();
    candidates.extend(used.iter().map(|service| service.to_ascii_lowercase()));
    for document in documents {
        for statement in &document.statements {
            if let Element::Only(patterns) = &statement.action {
                candidates.extend(patterns.iter().filter_map(|pattern| {
                    let (service, _) = pattern.split_once(':')?;
                    (!service.contains(['*', '?'])).then(|| service.to_ascii_lowercase())
                }));
            }
        }
    }
    candidates
        .into_iter()
        .filter(|service| held.allows_some(&Pattern::action(&format!("{service}:*")), Mode::All))
        .collect()
}

/// What was used within the window, as the suggestion needs it.
pub(crate) struct Used {
    /// Every service used, lowercase, sorted.
    pub services: Vec<String>,
    /// For services IAM tracks by action and whose used actions within the window it names: the
    /// actions (`GetObject`), by service.
    pub actions: BTreeMap<String, BTreeSet<String>>,
}

impl Used {
    fn of(report: &UsageReport, window: &UsageWindow, usage: &UserUsage) -> Used {
        let start = window.start();
        let mut actions: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for service in &report.services {
            let namespace = service.namespace.to_ascii_lowercase();
            if usage
                .services_used
                .binary_search(&service.namespace)
                .is_err()
            {
                continue;
            }
            let used: BTreeSet<String> = service
                .tracked_actions
                .iter()
                .flatten()
                .filter(|action| action.last_accessed.is_some_and(|time| time >= start))
                .map(|action| action.name.clone())
                .collect();
            if !used.is_empty() {
                actions.entry(namespace).or_default().extend(used);
            }
        }
        Used {
            services: usage
                .services_used
                .iter()
                .map(|service| service.to_ascii_lowercase())
                .collect(),
            actions,
        }
    }
}

#[cfg(test)]
mod tests;
