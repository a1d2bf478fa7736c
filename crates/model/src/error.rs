//! A call that failed while collecting, kept so that it reaches the reports and the exit code.

use serde::{Deserialize, Serialize};

/// What kind of failure a call met; decides the remediation printed for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// AWS refused the call (AccessDenied, UnauthorizedOperation, a 403 without a code).
    AccessDenied,
    /// AWS throttled the call and retries did not absorb it.
    Throttling,
    /// The credentials expired or were rejected.
    InvalidCredentials,
    /// The endpoint could not be reached (DNS, connection refused or reset).
    Unreachable,
    /// The call did not answer in time.
    Timeout,
    /// The service answered 5xx after retries.
    ServiceUnavailable,
    /// The response could not be parsed.
    MalformedResponse,
    /// Anything else; the code and message say more.
    Other,
}

impl ErrorKind {
    /// A stable snake_case name, as used in CSV and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::AccessDenied => "access_denied",
            ErrorKind::Throttling => "throttling",
            ErrorKind::InvalidCredentials => "invalid_credentials",
            ErrorKind::Unreachable => "unreachable",
            ErrorKind::Timeout => "timeout",
            ErrorKind::ServiceUnavailable => "service_unavailable",
            ErrorKind::MalformedResponse => "malformed_response",
            ErrorKind::Other => "other",
        }
    }
}

/// One failed read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectionError {
    /// The account the call was made in (the management account for organization calls).
    pub account_id: String,
    /// `service:Action`, as in an IAM policy: `iam:GetLoginProfile`.
    pub api: String,
    /// The user, key or event name the call was about, when it was about one.
    pub resource: Option<String>,
    /// The failure's class.
    pub kind: ErrorKind,
    /// The AWS error code, when the service sent one.
    pub code: Option<String>,
    /// A one-line message, free of secrets.
    pub message: String,
}
