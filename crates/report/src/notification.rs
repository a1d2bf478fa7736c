//! What the run tells a team where it works: a Slack Block Kit message and a plain-text summary
//! (SNS, for e-mail and chat bridges), in the run's language. Built here, from the same judged
//! run as every report; sent by `iam-audit-deliver`.
//!
//! Both say: the organization, accounts audited and those that could not be fully read (named),
//! findings by severity, what is new and resolved since the baseline, the top new critical and
//! high findings (account, user, rule), and a link to the HTML report when there is one. Text
//! from AWS (account and user names) is escaped for Slack's mrkdwn.

use iam_audit_model::AuditStatus;
use iam_audit_rules::{Severity, count_by_severity};
use serde_json::{Value, json};

use crate::{Judged, Language, rfc3339};

/// How many findings the run-wide message lists.
const TOP: usize = 5;
/// How many findings a route's message lists.
const ROUTE_TOP: usize = 20;
/// How many incomplete accounts the message names.
const NAMED_ACCOUNTS: usize = 10;

/// What a notification is made from.
pub struct Digest<'a> {
    /// The judged run.
    pub judged: Judged<'a>,
    /// The run's language.
    pub language: Language,
    /// A link to the HTML report (presigned), when there is one.
    pub report_url: Option<&'a str>,
    /// Where the reports are (`s3://...` folder, or a local folder).
    pub reports_location: Option<&'a str>,
    /// The route this digest is for (`[[routes]]`), named in its title: its judged run holds
    /// only the route's findings, every severity is listed, and the run-wide "since" line is
    /// left out. `None` for the run-wide digest (`--notify`).
    pub route: Option<&'a str>,
}

/// One finding as a notification lists it.
struct Listed {
    severity: Severity,
    /// The finding's risk (0–100), the list's order.
    risk: u32,
    account: String,
    user: String,
    rule_id: String,
    title: String,
    /// Open past its `[sla]` due date: listed first.
    overdue: bool,
}

impl Digest<'_> {
    fn text(&self, id: &str, arguments: &[(&str, String)]) -> String {
        iam_audit_i18n::text(self.language, id, arguments)
    }

    fn title(&self) -> String {
        let run = self.judged.run;
        let organization = run
            .organization_id
            .clone()
            .unwrap_or_else(|| run.caller.account_id.clone());
        match self.route {
            Some(route) => self.text(
                "notify-route-title",
                &[("organization", organization), ("route", route.to_string())],
            ),
            None => self.text("notify-title", &[("organization", organization)]),
        }
    }

    fn accounts_line(&self) -> String {
        let run = self.judged.run;
        let incomplete = run
            .accounts
            .iter()
            .filter(|snapshot| snapshot.status != AuditStatus::Complete)
            .count();
        self.text(
            "notify-accounts",
            &[
                ("audited", run.accounts.len().to_string()),
                ("incomplete", incomplete.to_string()),
            ],
        )
    }

    /// The accounts that could not be fully read, named (or "every account was read").
    fn incomplete_line(&self) -> String {
        let names: Vec<String> = self
            .judged
            .run
            .accounts
            .iter()
            .filter(|snapshot| snapshot.status != AuditStatus::Complete)
            .map(|snapshot| format!("{} ({})", snapshot.account.name, snapshot.account.id))
            .collect();
        if names.is_empty() && !self.judged.run.is_incomplete() {
            return self.text("notify-complete", &[]);
        }
        let mut shown = names
            .iter()
            .take(NAMED_ACCOUNTS)
            .cloned()
            .collect::<Vec<_>>();
        if names.len() > NAMED_ACCOUNTS {
            shown.push(format!("+{}", names.len() - NAMED_ACCOUNTS));
        }
        if shown.is_empty() {
            shown.push(self.text("notify-organization-gap", &[]));
        }
        self.text("notify-incomplete", &[("accounts", shown.join(", "))])
    }

    fn findings_line(&self) -> String {
        let counts = count_by_severity(self.judged.findings);
        let listed = Severity::ALL
            .iter()
            .rev()
            .map(|severity| {
                format!(
                    "{} {}",
                    self.text(&format!("severity-{}", severity.as_str()), &[]),
                    counts.get(severity).copied().unwrap_or(0)
                )
            })
            .collect::<Vec<_>>()
            .join(" · ");
        self.text("notify-findings", &[("counts", listed)])
    }

    /// "since <date>: N new (M critical), K resolved", when there is a baseline.
    fn since_line(&self) -> Option<String> {
        if self.route.is_some() {
            return None;
        }
        self.judged
            .comparison
            .map(|comparison| crate::Messages::new(self.language).since(comparison))
    }

    /// The top critical and high findings, riskiest first: the new ones with a baseline, all
    /// without one.
    /// Who a listed finding is about: its user, the root user, or `-` (an account, a policy).
    fn subject(&self, rule_id: &str, user: Option<&str>) -> String {
        if iam_audit_rules::risk::is_root_rule(rule_id) {
            return iam_audit_i18n::text(self.language, "fix-first-root", &[]);
        }
        user.unwrap_or("-").to_string()
    }

    /// The findings listed: unsuppressed, critical and high (every severity in a route's
    /// digest), only the new ones when there is a baseline; overdue ones first, then the
    /// riskiest.
    fn top(&self) -> (String, Vec<Listed>) {
        let code = self.language.code();
        let (minimum, limit) = match self.route {
            Some(_) => (Severity::Info, ROUTE_TOP),
            None => (Severity::High, TOP),
        };
        let new_only = self.judged.comparison.is_some();
        let mut listed: Vec<Listed> = self
            .judged
            .findings
            .iter()
            .filter(|finding| finding.severity >= minimum && !finding.is_suppressed())
            .filter(|finding| !new_only || self.judged.history_of(finding).0 == Some("new"))
            .map(|finding| Listed {
                severity: finding.severity,
                risk: finding.risk,
                account: finding.account_name.clone(),
                user: self.subject(finding.rule_id, finding.user_name.as_deref()),
                rule_id: finding.rule_id.to_string(),
                title: finding.title.get(code),
                overdue: self
                    .judged
                    .deadline_of(finding)
                    .is_some_and(|deadline| deadline.overdue),
            })
            .collect();
        // Stable: equal keys keep the findings' own order (account, rule, resource).
        listed.sort_by_key(|finding| {
            std::cmp::Reverse((finding.overdue, finding.risk, finding.severity))
        });
        listed.truncate(limit);
        let heading = match (self.route.is_some(), new_only) {
            (true, true) => "notify-route-top-new",
            (true, false) => "notify-route-top",
            (false, true) => "notify-top-new",
            (false, false) => "notify-top",
        };
        (self.text(heading, &[]), listed)
    }

    /// ` (overdue)` after an overdue finding's line.
    fn overdue_mark(&self, finding: &Listed) -> String {
        if finding.overdue {
            format!(" ({})", self.text("notify-overdue", &[]))
        } else {
            String::new()
        }
    }

    fn severity_word(&self, severity: Severity) -> String {
        self.text(&format!("severity-{}", severity.as_str()), &[])
    }
}

/// Escapes text for Slack's mrkdwn (`&`, `<`, `>`), so a name cannot become a link or mention.
fn slack_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The Slack message: Block Kit blocks and a plain `text` fallback.
pub fn slack_message(digest: &Digest<'_>) -> Value {
    let (heading, top) = digest.top();
    let mut summary = vec![
        digest.accounts_line(),
        slack_escape(&digest.incomplete_line()),
        digest.findings_line(),
    ];
    summary.extend(digest.since_line());
    let mut blocks = vec![
        json!({"type": "header", "text": {"type": "plain_text", "text": truncate(&digest.title(), 150)}}),
        json!({"type": "section", "text": {"type": "mrkdwn", "text": truncate(&summary.join("\n"), 3000)}}),
    ];
    if !top.is_empty() {
        let lines: Vec<String> = top
            .iter()
            .map(|finding| {
                format!(
                    "• *{}* {} / {} — `{}` {}{}",
                    digest.severity_word(finding.severity),
                    slack_escape(&finding.account),
                    slack_escape(&finding.user),
                    finding.rule_id,
                    slack_escape(&finding.title),
                    digest.overdue_mark(finding)
                )
            })
            .collect();
        blocks.push(json!({"type": "section", "text": {"type": "mrkdwn", "text": truncate(&format!("*{heading}*\n{}", lines.join("\n")), 3000)}}));
    }
    if let Some(url) = digest.report_url {
        blocks.push(json!({"type": "actions", "elements": [{
            "type": "button",
            "text": {"type": "plain_text", "text": digest.text("notify-button", &[])},
            "url": url,
        }]}));
    }
    let mut context = format!(
        "iam-audit {} · {}",
        env!("CARGO_PKG_VERSION"),
        rfc3339(digest.judged.run.finished_at)
    );
    if let Some(location) = digest.reports_location {
        context.push_str(&format!(" · {}", slack_escape(location)));
    }
    blocks.push(json!({"type": "context", "elements": [{"type": "mrkdwn", "text": context}]}));
    json!({"text": plain_text(digest).0, "blocks": blocks})
}

/// The plain-text summary: a subject line and a body.
pub fn plain_text(digest: &Digest<'_>) -> (String, String) {
    let counts = count_by_severity(digest.judged.findings);
    let critical = counts.get(&Severity::Critical).copied().unwrap_or(0);
    let high = counts.get(&Severity::High).copied().unwrap_or(0);
    let subject = digest.text(
        "notify-subject",
        &[
            ("title", digest.title()),
            ("critical", critical.to_string()),
            ("high", high.to_string()),
        ],
    );
    let strip = |text: String| text.replace('*', "");
    let mut lines = vec![
        digest.title(),
        String::new(),
        strip(digest.accounts_line()),
        digest.incomplete_line(),
        strip(digest.findings_line()),
    ];
    lines.extend(digest.since_line());
    let (heading, top) = digest.top();
    if !top.is_empty() {
        lines.push(String::new());
        lines.push(heading.replace('*', ""));
        lines.extend(top.iter().map(|finding| {
            format!(
                "- {}: {} / {} — {} {}{}",
                digest.severity_word(finding.severity),
                finding.account,
                finding.user,
                finding.rule_id,
                finding.title,
                digest.overdue_mark(finding)
            )
        }));
    }
    if let Some(url) = digest.report_url {
        lines.push(String::new());
        lines.push(format!("{}: {url}", digest.text("notify-button", &[])));
    } else if let Some(location) = digest.reports_location {
        lines.push(String::new());
        lines.push(location.to_string());
    }
    (subject, lines.join("\n"))
}

fn truncate(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(limit - 1).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slack_markup_in_names_is_escaped() {
        assert_eq!(
            slack_escape("<!channel> & <http://x|click>"),
            "&lt;!channel&gt; &amp; &lt;http://x|click&gt;"
        );
    }
}
