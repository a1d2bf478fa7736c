//! Every line the audit prints, in the run's language, from the Fluent catalogues
//! (`crates/i18n/locales`). The Spanish lines are the original tool's, word for word.

use iam_audit_i18n::text;
use iam_audit_model::{CollectionError, ErrorKind};

use crate::cells::terminal_safe;

pub use iam_audit_i18n::Language;

/// The console lines of one run.
#[derive(Debug, Clone, Copy)]
pub struct Messages {
    /// Their language.
    pub language: Language,
}

fn argument(name: &'static str, value: impl ToString) -> (&'static str, String) {
    (name, value.to_string())
}

impl Messages {
    /// Messages in `language`.
    pub fn new(language: Language) -> Messages {
        Messages { language }
    }

    fn text(&self, id: &str, arguments: &[(&str, String)]) -> String {
        text(self.language, id, arguments)
    }

    /// `Auditando cuenta: Production (123456789012)`.
    pub fn auditing_account(&self, name: &str, id: &str) -> String {
        self.text(
            "auditing-account",
            &[argument("name", terminal_safe(name)), argument("id", id)],
        )
    }

    /// `Error en cuenta Production: <reason>`.
    pub fn account_error(&self, name: &str, reason: &str) -> String {
        self.text(
            "account-error",
            &[
                argument("name", terminal_safe(name)),
                argument("reason", terminal_safe(reason)),
            ],
        )
    }

    /// `Total de Access Keys encontradas: 47`.
    pub fn total_keys(&self, count: usize) -> String {
        self.text("total-keys", &[argument("count", count)])
    }

    /// When no key was found.
    pub fn no_keys(&self) -> String {
        self.text("no-keys", &[])
    }

    /// `Reporte exportado: <path>`.
    pub fn report_exported(&self, path: &str) -> String {
        self.text("report-exported", &[argument("path", path)])
    }

    /// `Reporte de eventos CloudTrail exportado: <path>`.
    pub fn events_exported(&self, path: &str) -> String {
        self.text("events-exported", &[argument("path", path)])
    }

    /// The users report's line.
    pub fn users_exported(&self, path: &str) -> String {
        self.text("users-exported", &[argument("path", path)])
    }

    /// The credentials report's line.
    pub fn credentials_exported(&self, path: &str) -> String {
        self.text("credentials-exported", &[argument("path", path)])
    }

    /// The errors report's line.
    pub fn errors_exported(&self, path: &str) -> String {
        self.text("errors-exported", &[argument("path", path)])
    }

    /// The findings report's line.
    pub fn findings_exported(&self, path: &str) -> String {
        self.text("findings-exported", &[argument("path", path)])
    }

    /// The root report's line.
    pub fn root_exported(&self, path: &str) -> String {
        self.text("root-exported", &[argument("path", path)])
    }

    /// The suggested policies' folder, with how many users it holds a policy for.
    pub fn policies_exported(&self, path: &str, count: usize) -> String {
        self.text(
            "policies-exported",
            &[argument("path", path), argument("count", count)],
        )
    }

    /// Any other report's line.
    pub fn file_exported(&self, path: &str) -> String {
        self.text("file-exported", &[argument("path", path)])
    }

    /// A severity's name.
    pub fn severity(&self, severity: iam_audit_rules::Severity) -> String {
        self.text(&format!("severity-{}", severity.as_str()), &[])
    }

    /// `Findings: critical 3, high 10, ... (2 suppressed)`.
    pub fn findings_summary(&self, counts: &[(String, usize)], suppressed: usize) -> String {
        let list = counts
            .iter()
            .map(|(name, count)| format!("{name} {count}"))
            .collect::<Vec<_>>()
            .join(", ");
        self.text(
            "findings-summary",
            &[argument("list", list), argument("suppressed", suppressed)],
        )
    }

    /// `CIS v7.0.0: 31 pass, 12 fail, 2 unknown, 6 not assessed`: one framework's controls over
    /// every account, by status.
    pub fn compliance_line(&self, framework: &str, counts: [usize; 4]) -> String {
        let [pass, fail, unknown, not_assessed] = counts;
        self.text(
            "compliance-line",
            &[
                argument("framework", framework),
                argument("pass", pass),
                argument("fail", fail),
                argument("unknown", unknown),
                argument("not_assessed", not_assessed),
            ],
        )
    }

    /// The accounts with the most critical findings.
    pub fn most_critical(&self, accounts: &[(String, String, usize)]) -> String {
        let list = accounts
            .iter()
            .map(|(name, id, count)| format!("{} ({id}) {count}", terminal_safe(name)))
            .collect::<Vec<_>>()
            .join(", ");
        self.text("most-critical", &[argument("list", list)])
    }

    /// The heading of the "fix first" list.
    pub fn fix_first_heading(&self) -> String {
        self.text("fix-first-heading", &[])
    }

    /// One line of the "fix first" list: rank, risk, where, what, the privilege behind it, and
    /// the riskiest finding on it.
    pub fn fix_first_line(&self, rank: usize, finding: &iam_audit_rules::Finding) -> String {
        let root = iam_audit_rules::risk::is_about_root(finding);
        let subject = match (&finding.user_name, &finding.access_key_id) {
            _ if root => self.text("fix-first-root", &[]),
            (Some(user), Some(key)) => format!("{} {key}", terminal_safe(user)),
            (Some(user), None) if finding.resource.starts_with("arn:") => {
                terminal_safe(user).into_owned()
            }
            (Some(user), None) => format!(
                "{} {}",
                terminal_safe(user),
                terminal_safe(&finding.resource)
            ),
            (None, _) => terminal_safe(&finding.resource).into_owned(),
        };
        let line = self.text(
            "fix-first-line",
            &[
                argument("rank", rank),
                argument("risk", finding.risk),
                argument("account", terminal_safe(&finding.account_name)),
                argument("subject", subject),
                argument(
                    "privilege",
                    if root {
                        "root"
                    } else {
                        finding
                            .privilege
                            .map_or("-", |privilege| privilege.as_str())
                    },
                ),
                argument("rule", finding.rule_id),
                argument("severity", self.severity(finding.severity)),
                argument("title", finding.title.get(self.language.code())),
            ],
        );
        // What to do with a key, in a few words, as the key is used (issue 22).
        match finding.remediation.advice_in(self.language.code()) {
            Some(advice) => self.text(
                "fix-first-line-advice",
                &[
                    argument("line", line),
                    argument("advice", terminal_safe(&advice)),
                ],
            ),
            None => line,
        }
    }

    /// Why the exit code is 1.
    pub fn fail_on(&self, severity: &str, count: usize) -> String {
        self.text(
            "fail-on",
            &[argument("count", count), argument("severity", severity)],
        )
    }

    /// `overdue: 3 critical, 12 high`: the overdue findings (`[sla]`) by severity, the most
    /// severe first, severities with none left out.
    pub fn overdue_summary(&self, counts: &[(String, usize)]) -> String {
        let list = counts
            .iter()
            .map(|(name, count)| format!("{count} {name}"))
            .collect::<Vec<_>>()
            .join(", ");
        self.text("overdue-summary", &[argument("list", list)])
    }

    /// Why the exit code is 1 with `--fail-on-overdue`.
    pub fn fail_on_overdue(&self, severity: &str, count: usize) -> String {
        self.text(
            "fail-on-overdue",
            &[argument("count", count), argument("severity", severity)],
        )
    }

    /// Why the exit code is 1 with `--fail-on-new`.
    pub fn fail_on_new(&self, severity: &str, count: usize) -> String {
        self.text(
            "fail-on-new",
            &[argument("count", count), argument("severity", severity)],
        )
    }

    /// The closing line of an interrupted audit (exit code 130).
    pub fn audit_interrupted(&self, failures: usize) -> String {
        self.text("audit-interrupted", &[argument("failures", failures)])
    }

    /// The closing line of an incomplete audit.
    pub fn audit_incomplete(&self, failures: usize, accounts: usize) -> String {
        self.text(
            "audit-incomplete",
            &[
                argument("failures", failures),
                argument("accounts", accounts),
            ],
        )
    }

    /// A skipped account.
    pub fn account_skipped(&self, name: &str, id: &str, state: &str, reason: &str) -> String {
        let reason = match reason {
            "not_active" => self.text("skip-not-active", &[]),
            "excluded" => self.text("skip-excluded", &[]),
            _ => self.text("skip-not-selected", &[]),
        };
        self.text(
            "account-skipped",
            &[
                argument("name", terminal_safe(name)),
                argument("id", id),
                argument("state", state),
                argument("reason", reason),
            ],
        )
    }

    /// `doctor`'s closing line.
    pub fn doctor_summary(
        &self,
        checks: usize,
        passed: usize,
        warnings: usize,
        failed: usize,
    ) -> String {
        self.text(
            "doctor-summary",
            &[
                argument("checks", checks),
                argument("passed", passed),
                argument("warnings", warnings),
                argument("failed", failed),
            ],
        )
    }

    /// The console's line against the baseline: `since 2026-11-23: 4 new (1 critical), 9
    /// resolved`, and the findings that could not be judged when there are any.
    pub fn since(&self, comparison: &iam_audit_history::Comparison) -> String {
        let summary = comparison.summary();
        let critical = summary
            .new_by_severity
            .get(&iam_audit_rules::Severity::Critical)
            .copied()
            .unwrap_or(0);
        let mut line = self.text(
            "since-line",
            &[
                argument(
                    "date",
                    comparison.old.started_at.format("%Y-%m-%d").to_string(),
                ),
                argument("new", summary.new),
                argument("critical", critical),
                argument("resolved", summary.resolved),
            ],
        );
        if summary.unknown > 0 {
            line.push_str(&self.text("since-unknown", &[argument("unknown", summary.unknown)]));
        }
        if let Some(crossing) = &summary.crosses_organizations {
            line.push_str(&self.text(
                "since-across-organizations",
                &[argument("crossing", crossing)],
            ));
        }
        if summary.settings_changed > 0 {
            line.push_str(&self.text(
                "since-settings-changed",
                &[argument("changed", summary.settings_changed)],
            ));
        }
        line
    }

    /// One failed read, with what to do about it, on one line.
    pub fn failure(&self, error: &CollectionError) -> String {
        let code = error.code.as_deref().unwrap_or(error.kind.as_str());
        let resource = error
            .resource
            .as_deref()
            .map(|resource| format!(" [{}]", terminal_safe(resource)))
            .unwrap_or_default();
        format!(
            "{} ({code}){resource}: {} — {}",
            error.api,
            terminal_safe(&error.message),
            self.advice(error)
        )
    }

    /// What to do about a failure.
    pub fn advice(&self, error: &CollectionError) -> String {
        let id = match (error.kind, error.api.as_str()) {
            (ErrorKind::AccessDenied, "sts:AssumeRole") => "advice-assume-role-denied",
            (ErrorKind::AccessDenied, _) => "advice-access-denied",
            (ErrorKind::Throttling, _) => "advice-throttling",
            (ErrorKind::InvalidCredentials, _) => "advice-invalid-credentials",
            (ErrorKind::Unreachable, _) => "advice-unreachable",
            (ErrorKind::Timeout, _) => "advice-timeout",
            (ErrorKind::ServiceUnavailable, _) => "advice-service-unavailable",
            (ErrorKind::MalformedResponse, _) => "advice-malformed-response",
            (ErrorKind::Other, _) => "advice-other",
        };
        self.text(id, &[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanish_lines_are_the_seeds() {
        let messages = Messages::new(Language::Spanish);
        assert_eq!(
            messages.auditing_account("Production", "123456789012"),
            "Auditando cuenta: Production (123456789012)"
        );
        assert_eq!(
            messages.total_keys(47),
            "Total de Access Keys encontradas: 47"
        );
        assert_eq!(
            messages.report_exported("iam_audit_report_20260305_153022.csv"),
            "Reporte exportado: iam_audit_report_20260305_153022.csv"
        );
        assert_eq!(
            messages.events_exported("cloudtrail_events_20260305_153022.csv"),
            "Reporte de eventos CloudTrail exportado: cloudtrail_events_20260305_153022.csv"
        );
        assert_eq!(messages.account_error("Dev", "x"), "Error en cuenta Dev: x");
    }

    #[test]
    fn the_locale_decides_the_default_language() {
        let environment = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| value.to_string())
            }
        };
        assert_eq!(
            Language::from_locale(environment(&[("LANG", "es_ES.UTF-8")])),
            Language::Spanish
        );
        assert_eq!(
            Language::from_locale(environment(&[
                ("LC_ALL", "en_US.UTF-8"),
                ("LANG", "es_ES.UTF-8")
            ])),
            Language::English
        );
        assert_eq!(
            Language::from_locale(environment(&[("LC_ALL", ""), ("LC_MESSAGES", "es_MX")])),
            Language::Spanish
        );
        assert_eq!(Language::from_locale(environment(&[])), Language::English);
    }

    #[test]
    fn terminal_lines_carry_no_control_characters() {
        let line = Messages::new(Language::English).auditing_account("Evil\u{1b}[2J", "1");
        assert!(!line.chars().any(char::is_control));
    }

    /// Every console line renders from the catalogue in both languages.
    #[test]
    fn every_line_renders_in_both_languages() {
        let error = CollectionError {
            account_id: "1".into(),
            api: "sts:AssumeRole".into(),
            resource: None,
            kind: ErrorKind::AccessDenied,
            code: None,
            message: "m".into(),
        };
        for language in [Language::English, Language::Spanish] {
            let messages = Messages::new(language);
            let lines = [
                messages.no_keys(),
                messages.users_exported("p"),
                messages.errors_exported("p"),
                messages.findings_exported("p"),
                messages.root_exported("p"),
                messages.file_exported("p"),
                messages.severity(iam_audit_rules::Severity::Info),
                messages.findings_summary(&[("a".into(), 1)], 0),
                messages.most_critical(&[("A".into(), "1".into(), 2)]),
                messages.fail_on("high", 3),
                messages.audit_incomplete(1, 1),
                messages.account_skipped("A", "1", "SUSPENDED", "not_active"),
                messages.account_skipped("A", "1", "ACTIVE", "excluded"),
                messages.account_skipped("A", "1", "ACTIVE", "not_selected"),
                messages.doctor_summary(3, 1, 1, 1),
                messages.failure(&error),
            ];
            for line in lines {
                assert!(
                    !line.contains('⟦') && !line.contains('{'),
                    "{language:?}: {line}"
                );
            }
        }
    }
}
