//! What an IAM user actually used, as IAM's service last accessed reports show it: per service,
//! when, from which region, and (for services IAM tracks by action) which actions. The services a
//! report lists come from the user's policies; this is only when they were last used.

use serde::{Deserialize, Serialize};

/// One use of a service.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsageSpec {
    /// The service namespace (`s3`, `ec2`, `iam`...).
    pub service: String,
    /// How many days ago (a report only remembers about 400 days).
    pub days_ago: u32,
    /// The region of the request, default `us-east-1`.
    #[serde(default = "super::activity::home_region")]
    pub region: String,
    /// Actions used then, by name without the prefix (`GetObject`), for the action-level report.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<String>,
}

/// Checks a user's usage; `owner` names the user in messages.
pub(super) fn validate(usage: &[UsageSpec], owner: &str) -> Result<(), String> {
    for used in usage {
        if used.service.is_empty()
            || !used
                .service
                .bytes()
                .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
        {
            return Err(format!(
                "{owner}: usage service `{}` must be a service namespace such as `s3`",
                used.service
            ));
        }
        if let Some(action) = used.actions.iter().find(|action| action.contains(':')) {
            return Err(format!(
                "{owner}: usage action `{action}` is named without its service prefix (`GetObject`)"
            ));
        }
    }
    Ok(())
}
