//! `iam_audit_*.html`: one self-contained file that opens anywhere and works offline: inline
//! style, inline script (sorting and filtering only) and inline SVG charts; no font, script or
//! stylesheet is fetched. Every value from AWS or the user is HTML-escaped.

mod charts;
mod labels;

use std::collections::BTreeMap;
use std::io::Write;

use chrono::{DateTime, Utc};
use iam_audit_model::{AccessKeyStatus, AuditRun, AuditStatus, Observed};
use iam_audit_rules::{Finding, Severity, count_by_severity};

use self::charts::{Bar, StackedRow, bar_chart, stacked_rows};
use self::labels::Labels;
use crate::Language;
use crate::files::ReportError;
use crate::words::Words;
use crate::{days_between, rfc3339};

const STYLE: &str = include_str!("../../assets/report.css");
const SCRIPT: &str = include_str!("../../assets/report.js");

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            character if character.is_control() && character != '\n' && character != '\t' => {}
            character => escaped.push(character),
        }
    }
    escaped
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
    run: &AuditRun,
    findings: &[Finding],
    language: Language,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> Result<(), ReportError> {
    let mut page = Streamed { out, failure: None };
    render(run, findings, language, now, &mut page);
    match page.failure {
        Some(source) => Err(ReportError::Write {
            path: "html".to_string(),
            source,
        }),
        None => Ok(()),
    }
}

/// The page, written as it is rendered (a 1,000-account page is tens of megabytes; held whole in
/// memory, it was the largest allocation of the run). The first write failure stops the writing
/// and is kept for the caller.
struct Streamed<'a> {
    out: &'a mut dyn Write,
    failure: Option<std::io::Error>,
}

impl std::fmt::Write for Streamed<'_> {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        if self.failure.is_some() {
            return Err(std::fmt::Error);
        }
        self.out.write_all(text.as_bytes()).map_err(|failure| {
            self.failure = Some(failure);
            std::fmt::Error
        })
    }
}

/// Renders the page into `page`.
fn render(
    run: &AuditRun,
    findings: &[Finding],
    language: Language,
    now: DateTime<Utc>,
    page: &mut dyn std::fmt::Write,
) {
    let labels = Labels::new(language);
    let words = Words(language);
    let code = language.code();
    let complete = !run.is_incomplete();
    let _ = write!(
        page,
        "<!DOCTYPE html><html lang=\"{code}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\
         <title>{}</title><style>{STYLE}</style></head><body>",
        escape(&format!("iam-audit — {}", rfc3339(run.started_at)))
    );
    let _ = write!(
        page,
        "<header><h1>{}</h1><div class=\"meta\">{} · {} <code>{}</code> · {} {} · <span class=\"badge {}\">{}</span></div></header><main>",
        labels.title,
        escape(run.organization_id.as_deref().unwrap_or("-")),
        labels.caller,
        escape(&run.caller.arn),
        labels.generated,
        escape(&rfc3339(run.finished_at)),
        if complete { "complete" } else { "incomplete" },
        if complete {
            &labels.complete
        } else {
            &labels.incomplete
        },
    );

    // Summary cards.
    let counts = count_by_severity(findings);
    let incomplete_accounts = run
        .accounts
        .iter()
        .filter(|snapshot| snapshot.status != AuditStatus::Complete)
        .count();
    let keys: Vec<_> = run
        .accounts
        .iter()
        .flat_map(|snapshot| snapshot.access_keys())
        .collect();
    let active = keys
        .iter()
        .filter(|(_, key)| key.status == AccessKeyStatus::Active)
        .count();
    let users: usize = run
        .accounts
        .iter()
        .map(|snapshot| snapshot.users.known().map_or(0, Vec::len))
        .sum();
    let _ = page.write_str("<section class=\"cards\">");
    let mut card = |value: String, label: &str, warn: bool| {
        let _ = write!(
            page,
            "<div class=\"card{}\"><div class=\"value\">{}</div><div class=\"label\">{}</div></div>",
            if warn { " warn" } else { "" },
            escape(&value),
            label
        );
    };
    card(
        run.accounts.len().to_string(),
        &labels.accounts_audited,
        false,
    );
    card(
        incomplete_accounts.to_string(),
        &labels.accounts_incomplete,
        incomplete_accounts > 0,
    );
    card(users.to_string(), &labels.users, false);
    card(
        format!("{} / {}", active, keys.len()),
        &labels.keys_active_total,
        false,
    );
    for severity in Severity::ALL.iter().rev() {
        let count = counts.get(severity).copied().unwrap_or(0);
        card(
            count.to_string(),
            &labels.severity(*severity),
            count > 0 && *severity >= Severity::High,
        );
    }
    let _ = page.write_str("</section>");

    // Charts.
    let _ = write!(page, "<h2>{}</h2><section class=\"charts\">", labels.charts);
    let age_buckets = [
        (0, 30, "0–30"),
        (31, 90, "31–90"),
        (91, 180, "91–180"),
        (181, 365, "181–365"),
        (366, i64::MAX, ">365"),
    ];
    let age_bars: Vec<Bar> = age_buckets
        .iter()
        .map(|(low, high, name)| Bar {
            label: (*name).to_string(),
            value: keys
                .iter()
                .filter(|(_, key)| key.status == AccessKeyStatus::Active)
                .filter(|(_, key)| (*low..=*high).contains(&days_between(key.created, now)))
                .count(),
            color: if *low > 90 { "#d1432f" } else { "#3d7fc4" },
        })
        .collect();
    let _ = write!(
        page,
        "<div class=\"chart\"><h3>{}</h3>{}</div>",
        labels.chart_key_age,
        bar_chart(&age_bars, &labels.chart_key_age)
    );
    let mut use_bars = vec![Bar {
        label: labels.never.to_string(),
        value: keys
            .iter()
            .filter(
                |(_, key)| matches!(&key.last_used, Observed::Known(used) if used.date.is_none()),
            )
            .count(),
        color: "#8e1b3e",
    }];
    for (low, high, name) in [
        (0, 7, "0–7"),
        (8, 44, "8–44"),
        (45, 90, "45–90"),
        (91, 365, "91–365"),
        (366, i64::MAX, ">365"),
    ] {
        use_bars.push(Bar {
            label: name.to_string(),
            value: keys
                .iter()
                .filter_map(|(_, key)| key.last_used.known().and_then(|used| used.date))
                .filter(|date| (low..=high).contains(&days_between(*date, now)))
                .count(),
            color: if low >= 45 { "#e49b1c" } else { "#2f8f57" },
        });
    }
    let _ = write!(
        page,
        "<div class=\"chart\"><h3>{}</h3>{}</div>",
        labels.chart_last_use,
        bar_chart(&use_bars, &labels.chart_last_use)
    );
    let mut per_account: BTreeMap<(&str, &str), BTreeMap<Severity, usize>> = BTreeMap::new();
    for finding in findings.iter().filter(|finding| !finding.is_suppressed()) {
        *per_account
            .entry((finding.account_id.as_str(), finding.account_name.as_str()))
            .or_default()
            .entry(finding.severity)
            .or_default() += 1;
    }
    let rows: Vec<StackedRow> = per_account
        .iter()
        .map(|((id, name), counts)| StackedRow {
            label: if name.is_empty() {
                (*id).to_string()
            } else {
                (*name).to_string()
            },
            segments: Severity::ALL
                .iter()
                .rev()
                .map(|severity| {
                    (
                        counts.get(severity).copied().unwrap_or(0),
                        severity_color(*severity),
                        labels.severity(*severity).to_string(),
                    )
                })
                .collect(),
        })
        .collect();
    let _ = write!(
        page,
        "<div class=\"chart\"><h3>{}</h3>{}</div>",
        labels.chart_by_account,
        stacked_rows(&rows, &labels.chart_by_account)
    );
    let _ = page.write_str("</section>");

    // Findings table.
    let _ = write!(
        page,
        "<h2>{} (<span id=\"finding-count\">{}</span>)</h2><div class=\"filters\">\
         <input type=\"search\" id=\"finding-search\" placeholder=\"{}\" aria-label=\"{}\">\
         <select id=\"finding-severity\" aria-label=\"{}\"><option value=\"\">{}</option>",
        labels.findings,
        findings.len(),
        labels.filter_placeholder,
        labels.filter_placeholder,
        labels.minimum_severity,
        labels.all_severities,
    );
    for severity in Severity::ALL.iter().rev() {
        let _ = write!(
            page,
            "<option value=\"{}\">≥ {}</option>",
            severity.as_str(),
            labels.severity(*severity)
        );
    }
    let _ = write!(
        page,
        "</select><label><input type=\"checkbox\" id=\"finding-suppressed\"> {}</label></div>\
         <table id=\"findings\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        labels.show_suppressed,
        labels.severity_column,
        labels.rule,
        labels.account,
        labels.resource,
        labels.finding_title,
        labels.evidence,
        labels.remediation,
    );
    let rank = |severity: Severity| {
        Severity::ALL
            .iter()
            .position(|other| *other == severity)
            .unwrap_or(0)
    };
    // Most severe first; the rest of the order is the findings' own (account, rule, resource).
    let mut ordered: Vec<&Finding> = findings.iter().collect();
    ordered.sort_by_key(|finding| std::cmp::Reverse(finding.severity));
    for finding in ordered {
        let suppressed = finding
            .suppression
            .as_ref()
            .map(|applied| {
                format!(
                    "<br><span class=\"muted\">{}: {}</span>",
                    labels.suppressed,
                    escape(&applied.reason)
                )
            })
            .unwrap_or_default();
        let resource = match (&finding.user_name, &finding.access_key_id) {
            (Some(user), Some(key)) => format!("{} <code>{}</code>", escape(user), escape(key)),
            (Some(user), None) => escape(user),
            _ => format!("<code>{}</code>", escape(&finding.resource)),
        };
        let _ = write!(
            page,
            "<tr data-severity=\"{severity}\" data-suppressed=\"{}\"{}><td data-sort=\"{}\"><span class=\"sev {severity}\">{}</span></td>\
             <td><code>{}</code><br><span class=\"muted\">{}</span></td><td>{}<br><span class=\"muted\">{}</span></td><td>{}</td><td>{}{}</td>\
             <td class=\"evidence\">{}</td><td>{}<br><code>{}</code><br><span class=\"muted\">{}</span></td></tr>",
            finding.is_suppressed(),
            if finding.is_suppressed() {
                " class=\"suppressed\""
            } else {
                ""
            },
            rank(finding.severity),
            labels.severity(finding.severity),
            escape(finding.rule_id),
            escape(finding.rule_name),
            escape(&finding.account_name),
            escape(&finding.account_id),
            resource,
            escape(&finding.title.get(code)),
            suppressed,
            escape(&finding.evidence_line()),
            escape(&finding.remediation.text.get(code)),
            escape(&finding.remediation.command),
            escape(&finding.references_line()),
            severity = finding.severity.as_str(),
        );
    }
    let _ = page.write_str("</tbody></table>");

    // Per-account sections.
    let _ = write!(page, "<h2>{}</h2>", labels.accounts);
    for snapshot in &run.accounts {
        let status = match snapshot.status {
            AuditStatus::Complete => &labels.complete,
            AuditStatus::Incomplete => &labels.incomplete,
            AuditStatus::Failed => &labels.failed,
        };
        let _ = write!(
            page,
            "<details class=\"account\"{}><summary>{} ({}) — {} · {} {} · {} {}</summary>",
            if snapshot.status == AuditStatus::Complete {
                ""
            } else {
                " open"
            },
            escape(&snapshot.account.name),
            escape(&snapshot.account.id),
            status,
            snapshot
                .users
                .known()
                .map_or_else(|| "?".to_string(), |users| users.len().to_string()),
            labels.users,
            snapshot.access_keys().count(),
            labels.keys,
        );
        if !snapshot.errors.is_empty() {
            let _ = page.write_str("<ul class=\"errors\">");
            for error in &snapshot.errors {
                let _ = write!(
                    page,
                    "<li><code>{}</code> {} {}: {}</li>",
                    escape(&error.api),
                    escape(error.resource.as_deref().unwrap_or("")),
                    escape(error.code.as_deref().unwrap_or(error.kind.as_str())),
                    escape(&error.message)
                );
            }
            let _ = page.write_str("</ul>");
        }
        let _ = write!(
            page,
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>MFA</th></tr></thead><tbody>",
            labels.user,
            labels.access_key,
            labels.status,
            labels.age_days,
            labels.last_used,
            labels.password
        );
        for (user, key) in snapshot.access_keys() {
            let last_used = match &key.last_used {
                Observed::Known(used) => used
                    .date
                    .map_or_else(|| words.never_used().to_string(), rfc3339),
                Observed::Unknown => words.unknown().to_string(),
            };
            let password = match &user.login_profile {
                Observed::Known(Some(_)) => words.configured(),
                Observed::Known(None) => words.not_configured(),
                Observed::Unknown => words.unknown(),
            };
            let mfa = match user.strongest_mfa() {
                Observed::Known(kind) => words.mfa(kind).to_string(),
                Observed::Unknown => words.unknown(),
            };
            let _ = write!(
                page,
                "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&user.name),
                escape(&key.id),
                key.status.as_str(),
                days_between(key.created, now),
                escape(&last_used),
                password,
                mfa
            );
        }
        let _ = page.write_str("</tbody></table></details>");
    }

    // CloudTrail lifecycle timeline.
    let mut events: Vec<_> = run
        .accounts
        .iter()
        .flat_map(|snapshot| {
            snapshot
                .cloudtrail_events
                .known()
                .into_iter()
                .flatten()
                .map(move |event| (snapshot, event))
        })
        .collect();
    events.sort_by_key(|(_, event)| std::cmp::Reverse(event.event_time));
    let _ = write!(
        page,
        "<h2>{} ({})</h2><table class=\"timeline\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        labels.timeline,
        events.len(),
        labels.time,
        labels.event,
        labels.account,
        labels.user,
        labels.resources,
        labels.source
    );
    for (snapshot, event) in events {
        let _ = write!(
            page,
            "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}<br><span class=\"muted\">{}</span></td></tr>",
            escape(&rfc3339(event.event_time)),
            escape(&event.event_name),
            escape(&snapshot.account.name),
            escape(event.username.as_deref().unwrap_or("N/A")),
            escape(&event.resources.join(", ")),
            escape(event.source_ip_address.as_deref().unwrap_or("")),
            escape(event.user_agent.as_deref().unwrap_or("")),
        );
    }
    let _ = page.write_str("</tbody></table>");
    let _ = writeln!(
        page,
        "<footer>iam-audit {} · {}</footer></main><script>{SCRIPT}</script></body></html>",
        env!("CARGO_PKG_VERSION"),
        labels.footer
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_quotes_and_control_characters() {
        assert_eq!(
            escape("<script>alert('x')</script>"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
        );
        assert_eq!(escape("a\"b&c"), "a&quot;b&amp;c");
        assert_eq!(escape("bell\u{7}"), "bell");
    }
}
