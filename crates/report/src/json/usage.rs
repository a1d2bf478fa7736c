//! `users[].usage`: what the user used against what it holds, over the run's usage window, and the
//! least-privilege policy suggested for it (`null` when the run did not read the user's service
//! last accessed report).

use iam_audit_model::{Observed, User, UserUsage};
use serde::Serialize;

use crate::rfc3339;

/// A user's usage: `status` `read`, or `unknown` (the report failed or did not finish: every
/// other value null, never "nothing used").
#[derive(Serialize)]
pub(super) struct UsageEntry<'a> {
    status: &'static str,
    window_days: Option<u32>,
    services_granted: Option<u32>,
    services_unused: Option<u32>,
    unused_services: Option<&'a [String]>,
    services_used: Option<&'a [String]>,
    actions_used: Option<&'a [String]>,
    last_activity: Option<String>,
    tracked_since: Option<String>,
    complete: bool,
    kept_as_granted: Option<&'a [String]>,
    suggested_policy: Option<serde_json::Value>,
}

impl<'a> UsageEntry<'a> {
    /// The entry of `user`, `None` when its usage was not read; `window_days` is the run's.
    pub fn of(user: &'a User, window_days: Option<u32>) -> Option<UsageEntry<'a>> {
        match user.usage.as_ref()? {
            Observed::Known(usage) => Some(UsageEntry::read(usage)),
            Observed::Unknown => Some(UsageEntry {
                status: "unknown",
                window_days,
                services_granted: None,
                services_unused: None,
                unused_services: None,
                services_used: None,
                actions_used: None,
                last_activity: None,
                tracked_since: None,
                complete: false,
                kept_as_granted: None,
                suggested_policy: None,
            }),
        }
    }

    fn read(usage: &'a UserUsage) -> UsageEntry<'a> {
        let grants = usage.grants.as_ref();
        let suggested = grants.and_then(|grants| grants.suggested_policy.as_ref());
        UsageEntry {
            status: "read",
            window_days: Some(usage.window_days),
            services_granted: grants.map(|grants| grants.services_granted),
            services_unused: grants.map(|grants| grants.services_unused),
            unused_services: grants.map(|grants| grants.first_unused.as_slice()),
            services_used: Some(&usage.services_used),
            actions_used: Some(&usage.actions_used),
            last_activity: usage.last_activity.map(rfc3339),
            tracked_since: Some(rfc3339(usage.tracked_since)),
            complete: usage.complete,
            kept_as_granted: suggested.map(|policy| policy.kept_as_granted.as_slice()),
            suggested_policy: suggested
                .and_then(|policy| serde_json::from_str(&policy.document).ok()),
        }
    }
}
