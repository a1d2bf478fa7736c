//! The page's fixed parts: head and title bar, summary cards, charts, footer.

use std::collections::BTreeMap;

use iam_audit_model::{AccessKeyStatus, AuditStatus, Observed};
use iam_audit_rules::{Severity, count_by_severity};
use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::charts::{Bar, StackedRow, bar_chart, stacked_rows};
use super::{Page, SCRIPT, STYLE, severity_color};
use crate::{days_between, rfc3339};

/// The document's start: head, title bar, and the opening of `<main>`.
pub fn head(page: &Page<'_>) -> Markup {
    let run = page.run;
    let labels = &page.labels;
    let complete = !run.is_incomplete();
    let (badge, status) = if complete {
        ("complete", &labels.complete)
    } else {
        ("incomplete", &labels.incomplete)
    };
    html! {
        (DOCTYPE)
        (PreEscaped(format!("<html lang=\"{}\">", page.language.code())))
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            meta http-equiv="Content-Security-Policy"
                content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";
            title { "iam-audit — " (rfc3339(run.started_at)) }
            style { (PreEscaped(STYLE)) }
        }
        (PreEscaped("<body>"))
        header {
            h1 { (labels.title) }
            div class="meta" {
                (run.organization_id.as_deref().unwrap_or("-")) " · "
                (labels.caller) " " code { (run.caller.arn) } " · "
                (labels.generated) " " (rfc3339(run.finished_at)) " · "
                span class={ "badge " (badge) } { (status) }
            }
        }
        (PreEscaped("<main>"))
    }
}

/// The "fix first" panel, the page's first: the ten riskiest credentials, each at its riskiest
/// finding, with the privilege behind it and the command that fixes it.
pub fn fix_first(page: &Page<'_>) -> Markup {
    let labels = &page.labels;
    let first = iam_audit_rules::risk::fix_first(page.findings, 10);
    html! {
        section class="fix-first" {
            h2 { (labels.fix_first) }
            p class="muted" { (labels.fix_first_explained) }
            @if first.is_empty() {
                p { (labels.fix_first_none) }
            } @else {
                table {
                    thead { tr {
                        th { "#" } th { (labels.risk) } th { (labels.account) } th { (labels.resource) }
                        th { (labels.privilege) } th { (labels.finding_title) } th { (labels.remediation) }
                    } }
                    tbody {
                        @for (rank, finding) in first.iter().enumerate() {
                            tr {
                                td { (rank + 1) }
                                td { strong { (finding.risk) } }
                                td { (finding.account_name) }
                                @if iam_audit_rules::risk::is_about_root(finding) {
                                    td { (labels.root_user) }
                                    td { "root" }
                                } @else {
                                    td {
                                        (finding.user_name.as_deref().unwrap_or("")) " "
                                        code { (finding.access_key_id.as_deref().unwrap_or(&finding.resource)) }
                                    }
                                    td { (finding.privilege.map_or("-", |privilege| privilege.as_str())) }
                                }
                                td {
                                    span class="sev" style={ "background:" (severity_color(finding.severity)) } {
                                        (labels.severity(finding.severity))
                                    }
                                    " " code { (finding.rule_id) } " " (finding.title.get(page.language.code()))
                                }
                                td {
                                    (finding.remediation.text_in(page.language.code())) br;
                                    code { (finding.remediation.command) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The summary cards: accounts, users, keys, findings by severity.
pub fn cards(page: &Page<'_>) -> Markup {
    let run = page.run;
    let labels = &page.labels;
    let counts = count_by_severity(page.findings);
    let incomplete = run
        .accounts
        .iter()
        .filter(|snapshot| snapshot.status != AuditStatus::Complete)
        .count();
    let (mut keys, mut active) = (0, 0);
    for (_, key) in run
        .accounts
        .iter()
        .flat_map(|snapshot| snapshot.access_keys())
    {
        keys += 1;
        active += usize::from(key.status == AccessKeyStatus::Active);
    }
    let users: usize = run
        .accounts
        .iter()
        .map(|snapshot| snapshot.users.known().map_or(0, Vec::len))
        .sum();
    let card = |value: String, label: &str, warn: bool| {
        html! {
            div class={ "card" @if warn { " warn" } } {
                div class="value" { (value) }
                div class="label" { (label) }
            }
        }
    };
    html! {
        section class="cards" {
            (card(run.accounts.len().to_string(), &labels.accounts_audited, false))
            (card(incomplete.to_string(), &labels.accounts_incomplete, incomplete > 0))
            (card(users.to_string(), &labels.users, false))
            (card(format!("{active} / {keys}"), &labels.keys_active_total, false))
            @for severity in Severity::ALL.iter().rev() {
                @let count = counts.get(severity).copied().unwrap_or(0);
                (card(count.to_string(), &labels.severity(*severity), count > 0 && *severity >= Severity::High))
            }
        }
    }
}

/// What changed since the baseline (`--baseline`): counts, the new findings (most severe first),
/// the resolved ones, those that could not be judged, and the credential changes. Nothing
/// without a baseline.
pub fn since(page: &Page<'_>) -> Markup {
    let Some(comparison) = page.comparison else {
        return html! {};
    };
    let labels = &page.labels;
    let summary = comparison.summary();
    let date = rfc3339(comparison.old.started_at);
    let mut new: Vec<_> = comparison.findings.new.iter().collect();
    new.sort_by_key(|finding| std::cmp::Reverse(finding.severity));
    let finding_rows = |findings: &[&iam_audit_history::FindingRecord]| {
        html! {
            @for finding in findings.iter().take(200) {
                tr {
                    td { span class={ "sev " (finding.severity.as_str()) } { (labels.severity(finding.severity)) } }
                    td { code { (finding.rule_id) } }
                    td { (finding.account_name) br; span class="muted" { (finding.account_id) } }
                    td { (finding.user_name.as_deref().unwrap_or(&finding.resource)) }
                    td { (if page.language.code() == "es" { &finding.title.es } else { &finding.title.en }) }
                    td {
                        (finding.first_seen.map(rfc3339).unwrap_or_default())
                        @if let Some(reason) = &finding.reason_message {
                            br; span class="muted" { (crate::render(page.language, reason)) }
                        } @else if let Some(reason) = &finding.reason {
                            br; span class="muted" { (reason) }
                        }
                    }
                }
            }
        }
    };
    let header = html! {
        thead { tr {
            th { (labels.severity_column) } th { (labels.rule) } th { (labels.account) }
            th { (labels.resource) } th { (labels.finding_title) } th { (labels.first_seen) }
        } }
    };
    let resolved: Vec<_> = comparison.findings.resolved.iter().collect();
    let unknown: Vec<_> = comparison.findings.unknown.iter().collect();
    let settings_changed: Vec<_> = comparison.findings.settings_changed.iter().collect();
    html! {
        section class="since" id="since" {
            h2 { (labels.since(&date)) }
            div class="cards" {
                div class={ "card" @if summary.new > 0 { " warn" } } { div class="value" { (summary.new) } div class="label" { (labels.new) } }
                div class="card" { div class="value" { (summary.resolved) } div class="label" { (labels.resolved) } }
                div class="card" { div class="value" { (summary.open) } div class="label" { (labels.open) } }
                div class={ "card" @if summary.unknown > 0 { " warn" } } { div class="value" { (summary.unknown) } div class="label" { (labels.unknown) } }
            }
            @if summary.new + summary.resolved + summary.unknown + summary.settings_changed + summary.changes == 0 {
                p { (labels.since_none) }
            }
            @for (title, list) in [(&labels.new, &new), (&labels.resolved, &resolved), (&labels.unknown, &unknown), (&labels.settings_changed, &settings_changed)] {
                @if !list.is_empty() {
                    h3 { (title) " (" (list.len()) ")" }
                    table { (header) tbody { (finding_rows(list)) } }
                }
            }
            @if !comparison.changes.is_empty() {
                h3 { (labels.changes) " (" (comparison.changes.len()) ")" }
                table {
                    thead { tr { th { (labels.change) } th { (labels.account) } th { (labels.user) } th { (labels.detail) } } }
                    tbody {
                        @for change in &comparison.changes {
                            tr {
                                td { code { (change.kind.as_str()) } }
                                td { (change.account_name) br; span class="muted" { (change.account_id) } }
                                td { (change.user_name.as_deref().unwrap_or("")) }
                                td {
                                    (change.credential.as_deref().unwrap_or(""))
                                    @if let Some(replaced) = &change.replaced {
                                        " " span class="muted" { (iam_audit_i18n::text(page.language, "change-replaces", &[("key", replaced.clone())])) }
                                    } @else if let Some(detail) = &change.detail {
                                        " " span class="muted" { (detail) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The charts: active keys by age, keys by last use, findings by account.
pub fn charts(page: &Page<'_>) -> Markup {
    let labels = &page.labels;
    html! {
        h2 { (labels.charts) }
        section class="charts" {
            div class="chart" {
                h3 { (labels.chart_key_age) }
                (bar_chart(&age_bars(page), &labels.chart_key_age))
            }
            div class="chart" {
                h3 { (labels.chart_last_use) }
                (bar_chart(&last_use_bars(page), &labels.chart_last_use))
            }
            div class="chart" {
                h3 { (labels.chart_by_account) }
                (stacked_rows(&account_rows(page), &labels.chart_by_account))
            }
        }
    }
}

/// Active keys by age.
fn age_bars(page: &Page<'_>) -> Vec<Bar> {
    let ages: Vec<i64> = page
        .run
        .accounts
        .iter()
        .flat_map(|snapshot| snapshot.access_keys())
        .filter(|(_, key)| key.status == AccessKeyStatus::Active)
        .map(|(_, key)| days_between(key.created, page.now))
        .collect();
    [
        (0, 30, "0–30"),
        (31, 90, "31–90"),
        (91, 180, "91–180"),
        (181, 365, "181–365"),
        (366, i64::MAX, ">365"),
    ]
    .iter()
    .map(|(low, high, name)| Bar {
        label: (*name).to_string(),
        value: ages
            .iter()
            .filter(|age| (*low..=*high).contains(*age))
            .count(),
        color: if *low > 90 { "#d1432f" } else { "#3d7fc4" },
    })
    .collect()
}

/// Keys by days since last use, never-used first.
fn last_use_bars(page: &Page<'_>) -> Vec<Bar> {
    let keys: Vec<_> = page
        .run
        .accounts
        .iter()
        .flat_map(|snapshot| snapshot.access_keys())
        .collect();
    let never = keys
        .iter()
        .filter(|(_, key)| matches!(&key.last_used, Observed::Known(used) if used.date.is_none()))
        .count();
    let mut bars = vec![Bar {
        label: page.labels.never.clone(),
        value: never,
        color: "#8e1b3e",
    }];
    for (low, high, name) in [
        (0, 7, "0–7"),
        (8, 44, "8–44"),
        (45, 90, "45–90"),
        (91, 365, "91–365"),
        (366, i64::MAX, ">365"),
    ] {
        bars.push(Bar {
            label: name.to_string(),
            value: keys
                .iter()
                .filter_map(|(_, key)| key.last_used.known().and_then(|used| used.date))
                .filter(|date| (low..=high).contains(&days_between(*date, page.now)))
                .count(),
            color: if low >= 45 { "#e49b1c" } else { "#2f8f57" },
        });
    }
    bars
}

/// Unsuppressed findings per account, by severity.
fn account_rows(page: &Page<'_>) -> Vec<StackedRow> {
    let mut per_account: BTreeMap<(&str, &str), BTreeMap<Severity, usize>> = BTreeMap::new();
    for finding in page
        .findings
        .iter()
        .filter(|finding| !finding.is_suppressed())
    {
        *per_account
            .entry((finding.account_id.as_str(), finding.account_name.as_str()))
            .or_default()
            .entry(finding.severity)
            .or_default() += 1;
    }
    per_account
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
                        page.labels.severity(*severity),
                    )
                })
                .collect(),
        })
        .collect()
}

/// The footer, the script and the document's end.
pub fn foot(page: &Page<'_>) -> Markup {
    html! {
        footer { "iam-audit " (env!("CARGO_PKG_VERSION")) " · " (page.labels.footer) }
        (PreEscaped("</main>"))
        script { (PreEscaped(SCRIPT)) }
        (PreEscaped("</body></html>\n"))
    }
}
