//! The log of every call: what a test or benchmark reads back (`RunningEmulator::calls`) and
//! what the standalone binary writes as JSON lines.
//!
//! A 10,000-account audit makes several hundred thousand calls, so the log keeps each one compact
//! (about 80 bytes: its strings interned once, the account id as a number) and builds the
//! [`Call`] records, with their owned strings, only when they are read.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::server::Service;

/// One line of the call log.
#[derive(Debug, Clone, Serialize)]
pub struct Call {
    /// When the request arrived.
    pub time: DateTime<Utc>,
    /// The account it acted in.
    pub account_id: String,
    /// The service.
    pub service: Service,
    /// The action.
    pub action: String,
    /// `service:Action`, as in an IAM policy.
    pub iam_action: String,
    /// The signing region.
    pub region: String,
    /// HTTP status answered (0 when the connection was dropped or the call hung).
    pub status: u16,
    /// The AWS error code answered, if any.
    pub error_code: Option<String>,
    /// True when the request was made with an assumed role's credentials.
    pub assumed_role: bool,
    /// True when the request was made in a privileged root session (STS AssumeRoot).
    pub root_session: bool,
}

/// A call as the log keeps it.
struct Entry {
    time: DateTime<Utc>,
    /// The twelve-digit account id as a number, or the id itself when it is not one.
    account: Account,
    service: Service,
    action: Arc<str>,
    region: Arc<str>,
    status: u16,
    error_code: Option<Arc<str>>,
    assumed_role: bool,
    root_session: bool,
}

enum Account {
    Number(u64),
    Text(Arc<str>),
}

/// What one call was, for [`CallLog::push`].
pub struct Record<'a> {
    /// When the request arrived.
    pub time: DateTime<Utc>,
    /// The account it acted in.
    pub account_id: &'a str,
    /// The service.
    pub service: Service,
    /// The action.
    pub action: &'a str,
    /// The signing region.
    pub region: &'a str,
    /// HTTP status answered.
    pub status: u16,
    /// The AWS error code answered, if any.
    pub error_code: Option<&'a str>,
    /// Assumed-role credentials.
    pub assumed_role: bool,
    /// A root session.
    pub root_session: bool,
}

/// The calls so far, compact.
#[derive(Default)]
pub struct CallLog {
    entries: Vec<Entry>,
    strings: HashSet<Arc<str>>,
}

impl CallLog {
    fn intern(&mut self, text: &str) -> Arc<str> {
        if let Some(known) = self.strings.get(text) {
            return Arc::clone(known);
        }
        let interned: Arc<str> = Arc::from(text);
        self.strings.insert(Arc::clone(&interned));
        interned
    }

    /// Records one call.
    pub fn push(&mut self, record: Record<'_>) {
        let account = match record.account_id.parse::<u64>() {
            Ok(number) if record.account_id.len() == 12 => Account::Number(number),
            _ => Account::Text(self.intern(record.account_id)),
        };
        let entry = Entry {
            time: record.time,
            account,
            service: record.service,
            action: self.intern(record.action),
            region: self.intern(record.region),
            status: record.status,
            error_code: record.error_code.map(|code| self.intern(code)),
            assumed_role: record.assumed_role,
            root_session: record.root_session,
        };
        self.entries.push(entry);
    }

    /// Every call so far, in arrival order.
    pub fn calls(&self) -> Vec<Call> {
        self.entries
            .iter()
            .map(|entry| Call {
                time: entry.time,
                account_id: match &entry.account {
                    Account::Number(number) => format!("{number:012}"),
                    Account::Text(text) => text.to_string(),
                },
                service: entry.service,
                action: entry.action.to_string(),
                iam_action: format!("{}:{}", entry.service.prefix(), entry.action),
                region: entry.region.to_string(),
                status: entry.status,
                error_code: entry.error_code.as_ref().map(|code| code.to_string()),
                assumed_role: entry.assumed_role,
                root_session: entry.root_session,
            })
            .collect()
    }
}

/// Writes calls as JSON lines.
pub fn write_call_log(calls: &[Call], path: &std::path::Path) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    for call in calls {
        serde_json::to_writer(&mut file, call).map_err(std::io::Error::other)?;
        file.write_all(b"\n")?;
    }
    file.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_read_back_as_they_were_recorded() {
        let mut log = CallLog::default();
        let time = Utc::now();
        for (account_id, code) in [("000000000042", None), ("unknown", Some("AccessDenied"))] {
            log.push(Record {
                time,
                account_id,
                service: Service::Iam,
                action: "ListUsers",
                region: "us-east-1",
                status: 200,
                error_code: code,
                assumed_role: true,
                root_session: false,
            });
        }
        let calls = log.calls();
        assert_eq!(calls[0].account_id, "000000000042");
        assert_eq!(calls[0].iam_action, "iam:ListUsers");
        assert_eq!(calls[1].account_id, "unknown");
        assert_eq!(calls[1].error_code.as_deref(), Some("AccessDenied"));
        assert_eq!(log.strings.len(), 4);
    }
}
