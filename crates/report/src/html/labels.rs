//! The dashboard's words in the run's language, from the catalogues.

use iam_audit_rules::Severity;

use crate::Language;

/// Labels of the HTML report.
pub struct Labels {
    pub title: String,
    pub caller: String,
    pub generated: String,
    pub complete: String,
    pub incomplete: String,
    pub failed: String,
    pub accounts_audited: String,
    pub accounts_incomplete: String,
    pub users: String,
    pub keys: String,
    pub keys_active_total: String,
    pub charts: String,
    pub chart_key_age: String,
    pub chart_last_use: String,
    pub chart_by_account: String,
    pub never: String,
    pub findings: String,
    pub filter_placeholder: String,
    pub minimum_severity: String,
    pub all_severities: String,
    pub show_suppressed: String,
    pub suppressed: String,
    pub severity_column: String,
    pub rule: String,
    pub account: String,
    pub accounts: String,
    pub resource: String,
    pub finding_title: String,
    pub evidence: String,
    pub remediation: String,
    pub user: String,
    pub access_key: String,
    pub status: String,
    pub age_days: String,
    pub last_used: String,
    pub password: String,
    pub timeline: String,
    pub time: String,
    pub event: String,
    pub resources: String,
    pub source: String,
    pub footer: String,
    pub new: String,
    pub resolved: String,
    pub open: String,
    pub unknown: String,
    pub changes: String,
    pub first_seen: String,
    pub change: String,
    pub detail: String,
    pub since_none: String,
    language: Language,
}

impl Labels {
    /// The labels of a language, from the catalogues (`html-*` messages).
    pub fn new(language: Language) -> Labels {
        let label = |id: &str| iam_audit_i18n::text(language, &format!("html-{id}"), &[]);
        Labels {
            title: label("title"),
            caller: label("caller"),
            generated: label("generated"),
            complete: label("complete"),
            incomplete: label("incomplete"),
            failed: label("failed"),
            accounts_audited: label("accounts-audited"),
            accounts_incomplete: label("accounts-incomplete"),
            users: label("users"),
            keys: label("keys"),
            keys_active_total: label("keys-active-total"),
            charts: label("charts"),
            chart_key_age: label("chart-key-age"),
            chart_last_use: label("chart-last-use"),
            chart_by_account: label("chart-by-account"),
            never: label("never"),
            findings: label("findings"),
            filter_placeholder: label("filter-placeholder"),
            minimum_severity: label("minimum-severity"),
            all_severities: label("all-severities"),
            show_suppressed: label("show-suppressed"),
            suppressed: label("suppressed"),
            severity_column: label("severity-column"),
            rule: label("rule"),
            account: label("account"),
            accounts: label("accounts"),
            resource: label("resource"),
            finding_title: label("finding-title"),
            evidence: label("evidence"),
            remediation: label("remediation"),
            user: label("user"),
            access_key: label("access-key"),
            status: label("status"),
            age_days: label("age-days"),
            last_used: label("last-used"),
            password: label("password"),
            timeline: label("timeline"),
            time: label("time"),
            event: label("event"),
            resources: label("resources"),
            source: label("source"),
            footer: label("footer"),
            new: label("new"),
            resolved: label("resolved"),
            open: label("open"),
            unknown: label("unknown"),
            changes: label("changes"),
            first_seen: label("first-seen"),
            change: label("change"),
            detail: label("detail"),
            since_none: label("since-none"),
            language,
        }
    }

    /// "Since <date>".
    pub fn since(&self, date: &str) -> String {
        iam_audit_i18n::text(self.language, "html-since", &[("date", date.to_string())])
    }

    /// A severity's name.
    pub fn severity(&self, severity: Severity) -> String {
        iam_audit_i18n::text(
            self.language,
            &format!("severity-{}", severity.as_str()),
            &[],
        )
    }
}
