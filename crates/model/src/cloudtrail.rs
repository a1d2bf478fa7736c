//! IAM lifecycle events read from CloudTrail.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The events the audit looks up, one `EventName` lookup attribute at a time (the seed's list).
pub const LIFECYCLE_EVENT_NAMES: [&str; 5] = [
    "CreateUser",
    "DeleteUser",
    "CreateAccessKey",
    "DeleteAccessKey",
    "DeleteLoginProfile",
];

/// One CloudTrail event, with the fields the reports show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloudTrailEvent {
    /// CloudTrail's event id.
    pub event_id: String,
    /// When the event happened.
    pub event_time: DateTime<Utc>,
    /// `CreateUser`, `DeleteAccessKey`, ...
    pub event_name: String,
    /// Who made the call, as CloudTrail names them.
    pub username: Option<String>,
    /// `iam.amazonaws.com`, ...
    pub event_source: Option<String>,
    /// The region the call was recorded in.
    pub aws_region: Option<String>,
    /// The caller's address.
    pub source_ip_address: Option<String>,
    /// The access key that signed the call.
    pub access_key_id: Option<String>,
    /// The caller's user agent (attacker-controlled text: escape it everywhere).
    pub user_agent: Option<String>,
    /// Names of the resources the event touched.
    pub resources: Vec<String>,
}
