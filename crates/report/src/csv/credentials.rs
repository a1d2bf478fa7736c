//! `credentials_report_*.csv`: one row per long-term credential that is not an access key or a
//! password: SSH public keys, X.509 signing certificates and service-specific credentials (Bedrock
//! API keys among them). A user whose credentials of a kind could not be read has no rows of that
//! kind: the users report says "unknown" in that kind's count and the errors report says why.

use std::io::Write;

use iam_audit_model::{AuditRun, CredentialView, Expiry};
use serde::Serialize;

use super::{Cell, CsvOptions, Table};
use crate::files::ReportError;
use crate::rfc3339;

/// The columns, in order.
pub const CREDENTIAL_COLUMNS: [&str; 11] = [
    "account_id",
    "account_name",
    "username",
    "kind",
    "id",
    "status",
    "created",
    "expires",
    "service",
    "age_days",
    "days_to_expiry",
];

/// One credential's row; the field names are the columns.
#[derive(Serialize, Default)]
pub(crate) struct CredentialRow {
    account_id: Cell,
    account_name: Cell,
    username: Cell,
    kind: Cell,
    id: Cell,
    status: Cell,
    created: Cell,
    expires: Cell,
    service: Cell,
    age_days: Option<i64>,
    days_to_expiry: Option<i64>,
}

/// Writes the credentials report; returns the number of rows.
pub fn write_credentials(
    run: &AuditRun,
    options: CsvOptions,
    out: &mut dyn Write,
) -> Result<usize, ReportError> {
    let mut table = Table::<CredentialRow>::new(out)?;
    let mut count = 0;
    for snapshot in &run.accounts {
        for credential in snapshot.other_credentials() {
            table.row(&credential_row(
                &snapshot.account.id,
                &snapshot.account.name,
                &credential,
                options,
            ))?;
            count += 1;
        }
    }
    table.finish()?;
    Ok(count)
}

fn credential_row(
    account_id: &str,
    account_name: &str,
    credential: &CredentialView<'_>,
    options: CsvOptions,
) -> CredentialRow {
    let words = options.words;
    let (expires, days_to_expiry) = match credential.expires {
        Expiry::NotApplicable => (String::new(), None),
        Expiry::Never => (words.never(), None),
        Expiry::At(moment) => (
            rfc3339(moment),
            // Negative once expired.
            Some((moment - options.now).num_days()),
        ),
        Expiry::Unknown => (words.unknown(), None),
    };
    CredentialRow {
        account_id: account_id.into(),
        account_name: account_name.into(),
        username: (&credential.user.name).into(),
        kind: credential.kind.as_str().into(),
        id: credential.id.into(),
        status: credential.status.as_str().into(),
        created: rfc3339(credential.created).into(),
        expires: expires.into(),
        service: credential.service.unwrap_or_default().into(),
        age_days: Some(iam_audit_model::days_between(
            credential.created,
            options.now,
        )),
        days_to_expiry,
    }
}
