//! `iam_audit_*.html`: one self-contained file that opens anywhere and works offline: inline
//! style, inline script (sorting and filtering only) and inline SVG charts; no font, script or
//! stylesheet is fetched.
//!
//! Written with maud, a compiled template language that escapes every value unless told
//! otherwise: a hostile IAM user name or CloudTrail user agent cannot inject markup through a
//! forgotten call. The page is streamed section by section and row by row (at 1,000 accounts it
//! is tens of megabytes; held whole, it was the run's largest allocation).

mod charts;
mod compliance;
mod labels;
mod sections;
mod tables;
mod trend;
mod usage;

use std::io::Write;

use chrono::{DateTime, Utc};
use iam_audit_model::AuditRun;
use iam_audit_rules::{Finding, Severity};
use maud::Markup;

use self::labels::Labels;
use crate::files::ReportError;
use crate::{Judged, Language};

const STYLE: &str = include_str!("../../assets/report.css");
const SCRIPT: &str = include_str!("../../assets/report.js");

/// What a page is drawn from.
pub(crate) struct Page<'a> {
    run: &'a AuditRun,
    findings: &'a [Finding],
    comparison: Option<&'a iam_audit_history::Comparison>,
    compliance: &'a [iam_audit_rules::compliance::ComplianceRow<'a>],
    labels: Labels,
    language: Language,
    now: DateTime<Utc>,
    /// The run judged: deadlines (`[sla]`) and owners.
    judged: Judged<'a>,
}

fn severity_color(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "#8e1b3e",
        Severity::High => "#d1432f",
        Severity::Medium => "#e49b1c",
        Severity::Low => "#3d7fc4",
        Severity::Info => "#7a8495",
    }
}

/// Writes the HTML dashboard.
pub fn write_html(
    judged: &Judged<'_>,
    language: Language,
    out: &mut dyn Write,
) -> Result<(), ReportError> {
    let page = Page {
        run: judged.run,
        findings: judged.findings,
        comparison: judged.comparison,
        compliance: judged.compliance,
        labels: Labels::new(language),
        language,
        now: judged.now,
        judged: *judged,
    };
    let mut stream = Stream { out, failure: None };
    stream.put(sections::head(&page));
    stream.put(sections::fix_first(&page));
    stream.put(sections::cards(&page));
    stream.put(sections::since(&page));
    stream.put(sections::charts(&page));
    stream.put(trend::trend(&page));
    tables::exposed_keys(&page, &mut stream);
    tables::findings(&page, &mut stream);
    compliance::compliance(&page, &mut stream);
    tables::accounts(&page, &mut stream);
    tables::credentials(&page, &mut stream);
    tables::password_policies(&page, &mut stream);
    usage::usage(&page, &mut stream);
    tables::timeline(&page, &mut stream);
    stream.put(sections::foot(&page));
    match stream.failure {
        Some(source) => Err(ReportError::Write {
            path: "html".to_string(),
            source,
        }),
        None => Ok(()),
    }
}

/// The page, written as it is rendered. The first write failure stops the writing and is kept for
/// the caller.
pub(crate) struct Stream<'a> {
    out: &'a mut dyn Write,
    failure: Option<std::io::Error>,
}

impl Stream<'_> {
    /// Writes a rendered piece.
    pub fn put(&mut self, markup: Markup) {
        if self.failure.is_none()
            && let Err(failure) = self.out.write_all(markup.into_string().as_bytes())
        {
            self.failure = Some(failure);
        }
    }
}

#[cfg(test)]
mod tests {
    use iam_audit_model::{Account, AccountSnapshot, CallerIdentity, Observed, User};

    use super::*;

    /// Every value from AWS goes through the templates' escaping, attributes included.
    #[test]
    fn hostile_names_are_escaped_everywhere() {
        let hostile = "<script>alert('x')</script>\"&";
        let mut snapshot = AccountSnapshot::new(Account {
            id: "123456789012".to_string(),
            name: hostile.to_string(),
            state: "ACTIVE".to_string(),
            email: None,
        });
        snapshot.users = Observed::Known(vec![User {
            name: hostile.to_string(),
            arn: format!("arn:aws:iam::123456789012:user/{hostile}"),
            user_id: "AIDA".to_string(),
            path: "/".to_string(),
            created: DateTime::default(),
            password_last_used: None,
            login_profile: Observed::Known(None),
            mfa_devices: Observed::Known(Vec::new()),
            access_keys: Observed::Known(Vec::new()),
            ssh_public_keys: Observed::Known(Vec::new()),
            signing_certificates: Observed::Known(Vec::new()),
            service_specific_credentials: Observed::Known(Vec::new()),
            usage: None,
        }]);
        snapshot.finish();
        let run = AuditRun {
            scope: None,
            caller: CallerIdentity {
                account_id: "111111111111".to_string(),
                arn: hostile.to_string(),
                user_id: "AIDA".to_string(),
            },
            organization_id: Some(hostile.to_string()),
            management_account_id: None,
            standalone: false,
            started_at: DateTime::default(),
            finished_at: DateTime::default(),
            accounts: vec![snapshot],
            skipped_accounts: Vec::new(),
            errors: Vec::new(),
            root_credentials_management: Observed::Unknown,
            root_sessions: iam_audit_model::Observed::Unknown,
            retries: 0,
            api_calls: 0,
        };
        let mut page = Vec::new();
        let judged = Judged {
            run: &run,
            findings: &[],
            comparison: None,
            now: DateTime::default(),
            compliance: &[],
            owners: &iam_audit_rules::NO_OWNERS,
            sla: None,
            trend: &[],
        };
        let written = write_html(&judged, Language::English, &mut page);
        assert!(written.is_ok());
        let page = String::from_utf8_lossy(&page);
        assert!(!page.contains("<script>alert"), "unescaped markup");
        assert!(page.contains("&lt;script&gt;alert"));
        assert_eq!(
            page.matches("<script>").count(),
            1,
            "only the page's own script"
        );
    }
}
