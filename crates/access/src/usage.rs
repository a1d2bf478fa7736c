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

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

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
    /// `(created, report)` by user name; users with identical reports (the same policies and no
    /// use, most users of a group) share one.
    pub reports: BTreeMap<String, (DateTime<Utc>, std::sync::Arc<UsageReport>)>,
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

/// One set of identity policies (and boundary), compiled once for every user who holds exactly
/// it (most users of a group), with what has been asked of it: at a thousand accounts the same
/// ReadOnlyAccess is asked about the same thirty services for every user.
pub(crate) struct Held {
    /// `None` when a document could not be read.
    permissions: Option<Permissions>,
    /// Service namespaces the policies name in an `Action` (without a wildcard in the service).
    named: BTreeSet<String>,
    /// Whether some action of a service is allowed, by service, as answered so far.
    answers: RefCell<HashMap<String, bool>>,
    /// Whether a suggested document grants nothing beyond these policies, by document: users of
    /// one group who used the same things get the same suggestion, proven once.
    proofs: RefCell<HashMap<String, bool>>,
    /// The documents one by one, when no statement of any denies and there is no boundary: some
    /// action of a service is then allowed by the set exactly when one document allows it, so
    /// each document (ReadOnlyAccess in every account) is asked once for the whole run.
    parts: Option<Vec<std::rc::Rc<DocumentGrants>>>,
}

/// One identity document compiled alone, with what has been asked of it (see [`Held::parts`]).
pub(crate) struct DocumentGrants {
    permissions: Permissions,
    /// Whether a statement denies: the document cannot then be judged apart from the others.
    denies: bool,
    answers: RefCell<HashMap<String, bool>>,
}

impl DocumentGrants {
    /// `text` compiled alone; `None` when it cannot be read.
    pub(crate) fn of(library: &PolicyLibrary<'_>, text: &str) -> Option<DocumentGrants> {
        let parsed = crate::document::parse_document("part", text).ok()?;
        let denies = parsed
            .statements
            .iter()
            .any(|statement| statement.effect == crate::document::Effect::Deny);
        let mut builder = PermissionsBuilder::new(library, None);
        builder.document("part".to_string(), &parsed);
        builder.unreadable.is_empty().then(|| DocumentGrants {
            permissions: builder.permissions,
            denies,
            answers: RefCell::default(),
        })
    }

    fn grants(&self, service: &str) -> bool {
        if let Some(answer) = self.answers.borrow().get(service) {
            return *answer;
        }
        let answer = self
            .permissions
            .allows_some(&Pattern::action(&format!("{service}:*")), Mode::All);
        self.answers
            .borrow_mut()
            .insert(service.to_string(), answer);
        answer
    }
}

impl Held {
    /// The policies `user` holds.
    pub(crate) fn of(user: &crate::details::UserDetail, library: &PolicyLibrary<'_>) -> Held {
        let (permissions, documents) = user_policies(user, library);
        Held {
            named: documents.as_deref().map(named_services).unwrap_or_default(),
            permissions,
            answers: RefCell::default(),
            proofs: RefCell::default(),
            parts: None,
        }
    }

    /// The same, answering service questions document by document with `parts` (each the
    /// compiled document of the user's, see [`Held::parts`]) when none denies and there is no
    /// boundary.
    pub(crate) fn of_parts(
        user: &crate::details::UserDetail,
        library: &PolicyLibrary<'_>,
        parts: Option<Vec<std::rc::Rc<DocumentGrants>>>,
    ) -> Held {
        let mut held = Held::of(user, library);
        held.parts = parts.filter(|parts| {
            user.permissions_boundary.is_none() && parts.iter().all(|part| !part.denies)
        });
        held
    }

    /// Whether some action of `service` is allowed on some resource.
    fn grants(&self, permissions: &Permissions, service: &str) -> bool {
        if let Some(parts) = &self.parts {
            return parts.iter().any(|part| part.grants(service));
        }
        if let Some(answer) = self.answers.borrow().get(service) {
            return *answer;
        }
        let answer = permissions.allows_some(&Pattern::action(&format!("{service}:*")), Mode::All);
        self.answers
            .borrow_mut()
            .insert(service.to_string(), answer);
        answer
    }
}

/// A user's permissions and identity documents; `(None, None)` when one cannot be read.
fn user_policies(
    user: &crate::details::UserDetail,
    library: &PolicyLibrary<'_>,
) -> (Option<Permissions>, Option<Vec<PolicyDocument>>) {
    let mut builder = PermissionsBuilder::new(library, Some(&user.name)).keeping_documents();
    crate::user::add_user_policies(&mut builder, user);
    if !builder.unreadable.is_empty() {
        return (None, None);
    }
    let documents = builder.documents.take();
    (Some(builder.permissions), documents)
}

/// Judges one user: [`observe`], then what its policies (`held`) grant and, when it used
/// something, a suggested policy. Without readable policies the grants stay `None`.
pub(crate) fn judge(
    user: &crate::details::UserDetail,
    library: &PolicyLibrary<'_>,
    held: &Held,
    report: &UsageReport,
    window: &UsageWindow,
    created: DateTime<Utc>,
) -> UserUsage {
    let mut usage = observe(report, window, created);
    let Some(permissions) = &held.permissions else {
        return usage;
    };
    let mut candidates: BTreeSet<String> = report
        .services
        .iter()
        .map(|service| service.namespace.to_ascii_lowercase())
        .collect();
    candidates.extend(
        usage
            .services_used
            .iter()
            .map(|service| service.to_ascii_lowercase()),
    );
    candidates.extend(held.named.iter().cloned());
    let granted: Vec<String> = candidates
        .into_iter()
        .filter(|service| held.grants(permissions, service))
        .collect();
    let unused: Vec<&String> = granted
        .iter()
        .filter(|service| usage.services_used.binary_search(service).is_err())
        .collect();
    let suggested_policy = if usage.services_used.is_empty() {
        None
    } else {
        // The documents themselves, for this user only: a suggestion is cut from them.
        let (_, documents) = user_policies(user, library);
        let used = Used::of(report, window, &usage);
        suggest::suggest(documents.as_deref().unwrap_or_default(), &used)
            .filter(|suggestion| {
                if let Some(known) = held.proofs.borrow().get(&suggestion.document) {
                    return *known;
                }
                let answer = proven(&suggestion.document, user, library, permissions);
                held.proofs
                    .borrow_mut()
                    .insert(suggestion.document.clone(), answer);
                answer
            })
            .map(|suggestion| iam_audit_model::SuggestedPolicy {
                document: suggestion.document,
                kept_as_granted: suggestion.kept_as_granted,
            })
    };
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

/// The service namespaces `documents` name in an `Action` without a wildcard in the service part.
fn named_services(documents: &[PolicyDocument]) -> BTreeSet<String> {
    let mut named = BTreeSet::new();
    for document in documents {
        for statement in &document.statements {
            if let Element::Only(patterns) = &statement.action {
                named.extend(patterns.iter().filter_map(|pattern| {
                    let (service, _) = pattern.split_once(':')?;
                    (!service.contains(['*', '?'])).then(|| service.to_ascii_lowercase())
                }));
            }
        }
    }
    named
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
