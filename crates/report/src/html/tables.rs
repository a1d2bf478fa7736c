//! The page's long parts, streamed row by row: the findings table, one section per account with
//! its keys, the other long-term credentials, the password policies, and the CloudTrail lifecycle
//! timeline.

use iam_audit_model::{AccountSnapshot, AuditStatus, Expiry, Observed};
use iam_audit_rules::{Finding, Severity};
use maud::{Markup, html};

use super::{Page, Stream};
use crate::words::Words;
use crate::{days_between, rfc3339};

/// The findings table with its filters, most severe first.
pub fn findings(page: &Page<'_>, stream: &mut Stream<'_>) {
    let labels = &page.labels;
    let places: std::collections::BTreeSet<&str> = page
        .findings
        .iter()
        .filter_map(|finding| finding.ou_path.as_deref())
        .collect();
    let owners: std::collections::BTreeSet<&str> = page
        .findings
        .iter()
        .filter_map(|finding| finding.owner.as_deref())
        .collect();
    stream.put(html! {
        h2 { (labels.findings) " (" span id="finding-count" { (page.findings.len()) } ")" }
        div class="filters" {
            input type="search" id="finding-search" placeholder=(labels.filter_placeholder)
                aria-label=(labels.filter_placeholder);
            select id="finding-severity" aria-label=(labels.minimum_severity) {
                option value="" { (labels.all_severities) }
                @for severity in Severity::ALL.iter().rev() {
                    option value=(severity.as_str()) { "≥ " (labels.severity(*severity)) }
                }
            }
            select id="finding-ou" aria-label=(labels.all_ous) {
                option value="" { (labels.all_ous) }
                @for path in &places {
                    option value=(path) { (path) }
                }
            }
            select id="finding-owner" aria-label=(labels.all_owners) {
                option value="" { (labels.all_owners) }
                @for owner in &owners {
                    option value=(owner) { (owner) }
                }
                option value="-" { (labels.no_owner) }
            }
            label { input type="checkbox" id="finding-suppressed"; " " (labels.show_suppressed) }
            @if page.judged.sla.is_some() {
                label { input type="checkbox" id="finding-overdue"; " " (labels.overdue_only) }
            }
        }
        (maud::PreEscaped("<table id=\"findings\">"))
        thead { tr {
            th { (labels.severity_column) } th { (labels.rule) } th { (labels.account) }
            th { (labels.resource) } th { (labels.finding_title) } th { (labels.evidence) }
            th { (labels.remediation) }
        } }
        (maud::PreEscaped("<tbody>"))
    });
    // Most severe first; the rest of the order is the findings' own (account, rule, resource).
    // A row's anchor (`finding-N`) is its place in that own order: the compliance panel links to
    // it.
    let mut ordered: Vec<(usize, &Finding)> = page.findings.iter().enumerate().collect();
    ordered.sort_by_key(|(_, finding)| std::cmp::Reverse(finding.severity));
    for (index, finding) in ordered {
        stream.put(finding_row(page, index, finding));
    }
    stream.put(maud::PreEscaped("</tbody></table>".to_string()));
}

fn finding_row(page: &Page<'_>, index: usize, finding: &Finding) -> Markup {
    let labels = &page.labels;
    let code = page.language.code();
    let rank = Severity::ALL
        .iter()
        .position(|other| *other == finding.severity)
        .unwrap_or(0);
    let severity = finding.severity.as_str();
    let deadline = page.judged.deadline_of(finding);
    let overdue = deadline.is_some_and(|deadline| deadline.overdue);
    html! {
        tr id={ "finding-" (index) } data-severity=(severity) data-suppressed=(finding.is_suppressed())
            data-ou=(finding.ou_path.as_deref().unwrap_or_default())
            data-owner=(finding.owner.as_deref().unwrap_or("-"))
            data-overdue=(overdue)
            class=[finding.is_suppressed().then_some("suppressed")] {
            td data-sort=(rank) {
                span class={ "sev " (severity) } { (labels.severity(finding.severity)) }
                @if let Some(deadline) = deadline {
                    br;
                    @if deadline.overdue {
                        span class="badge overdue" { (labels.overdue) }
                    } @else {
                        span class="muted" { (labels.due) " " (deadline.due.format("%Y-%m-%d")) }
                    }
                }
            }
            td { code { (finding.rule_id) } br; span class="muted" { (finding.rule_name) } }
            td {
                (finding.account_name) br; span class="muted" { (finding.account_id) }
                @if let Some(path) = &finding.ou_path { br; span class="muted" { (path) } }
                @if let Some(owner) = &finding.owner { br; span class="owner" { (owner) } }
            }
            td {
                @match (&finding.user_name, &finding.access_key_id) {
                    (Some(user), Some(key)) => { (user) " " code { (key) } }
                    (Some(user), None) => { (user) }
                    _ => { code { (finding.resource) } }
                }
            }
            td {
                (finding.title.get(code))
                @if let Some(applied) = &finding.suppression {
                    br; span class="muted" { (labels.suppressed) ": " (applied.reason) }
                }
            }
            td class="evidence" { (finding.evidence_line()) }
            td {
                (finding.remediation.text_in(code)) br;
                code { (finding.remediation.command) } br;
                span class="muted" { (finding.references_line()) }
            }
        }
    }
}

/// One collapsible section per account: its status, its failed reads, its keys.
pub fn accounts(page: &Page<'_>, stream: &mut Stream<'_>) {
    let activity_read = page
        .run
        .scope
        .as_ref()
        .is_some_and(|scope| scope.key_activity_pages.is_some());
    stream.put(html! {
        h2 { (page.labels.accounts) }
        @if activity_read {
            p class="muted" { (page.labels.activity_scope) }
        }
    });
    for snapshot in &page.run.accounts {
        stream.put(account(page, snapshot));
    }
}

fn account(page: &Page<'_>, snapshot: &AccountSnapshot) -> Markup {
    let labels = &page.labels;
    let words = Words(page.language);
    let status = match snapshot.status {
        AuditStatus::Complete => &labels.complete,
        AuditStatus::Incomplete => &labels.incomplete,
        AuditStatus::Failed => &labels.failed,
    };
    let users = snapshot
        .users
        .known()
        .map_or_else(|| "?".to_string(), |users| users.len().to_string());
    html! {
        details class="account" open[snapshot.status != AuditStatus::Complete] {
            summary {
                (snapshot.account.name) " (" (snapshot.account.id) ") — " (status) " · "
                (users) " " (labels.users) " · " (snapshot.access_keys().count()) " " (labels.keys)
            }
            @if !snapshot.errors.is_empty() {
                ul class="errors" {
                    @for error in &snapshot.errors {
                        li {
                            code { (error.api) } " " (error.resource.as_deref().unwrap_or("")) " "
                            (error.code.as_deref().unwrap_or(error.kind.as_str())) ": " (error.message)
                        }
                    }
                }
            }
            table {
                thead { tr {
                    th { (labels.user) } th { (labels.access_key) } th { (labels.status) }
                    th { (labels.age_days) } th { (labels.last_used) } th { (labels.password) }
                    th { "MFA" } th { (labels.activity) }
                } }
                tbody {
                    @for (user, key) in snapshot.access_keys() {
                        tr {
                            td { (user.name) }
                            td { code { (key.id) } }
                            td { (key.status.as_str()) }
                            td { (days_between(key.created, page.now)) }
                            td { (match &key.last_used {
                                Observed::Known(used) => used.date.map_or_else(|| words.never_used(), rfc3339),
                                Observed::Unknown => words.unknown(),
                            }) }
                            td { (match &user.login_profile {
                                Observed::Known(Some(_)) => words.configured(),
                                Observed::Known(None) => words.not_configured(),
                                Observed::Unknown => words.unknown(),
                            }) }
                            td { (match user.strongest_mfa() {
                                Observed::Known(kind) => words.mfa(kind).to_string(),
                                Observed::Unknown => words.unknown(),
                            }) }
                            td class="evidence" { (activity_cell(page, key)) }
                        }
                    }
                }
            }
        }
    }
}

/// Where a key is used from: its addresses, services and clients with their event counts, and
/// whether the page budget left events unread; empty when it was not looked up.
fn activity_cell(page: &Page<'_>, key: &iam_audit_model::AccessKey) -> String {
    let words = Words(page.language);
    match &key.activity {
        None => String::new(),
        Some(Observed::Unknown) => words.unknown(),
        Some(Observed::Known(activity)) if activity.events == 0 => words.no_events(),
        Some(Observed::Known(activity)) => {
            let counted = |counts: &[iam_audit_model::exposure::ActivityCount]| {
                counts
                    .iter()
                    .map(|count| format!("{} ({})", count.name, count.events))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let mut parts: Vec<String> = [
                counted(&activity.source_ips),
                counted(&activity.aws_services),
                counted(&activity.user_agents),
            ]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect();
            if !activity.complete {
                parts.push(format!("({})", page.labels.activity_partial));
            }
            parts.join(" · ")
        }
    }
}

/// The leaked key ids of the run's scanner files, placed in the organization (nothing when the
/// run read none).
pub fn exposed_keys(page: &Page<'_>, stream: &mut Stream<'_>) {
    let states = iam_audit_model::exposure::exposed_key_states(page.run);
    if page
        .run
        .scope
        .as_ref()
        .is_none_or(|scope| scope.exposed_keys.is_none())
    {
        return;
    }
    let labels = &page.labels;
    stream.put(html! {
        h2 { (labels.exposed_keys) " (" (states.len()) ")" }
        p class="muted" { (labels.exposed_keys_explained) }
        table {
            thead { tr {
                th { (labels.access_key) } th { (labels.status) } th { (labels.account) }
                th { (labels.user) } th { (labels.found_in) }
            } }
            tbody {
                @for state in &states {
                    tr {
                        td { code { (state.leaked.access_key_id) } }
                        td { (state.status.as_str()) }
                        td {
                            (state.snapshot.map_or("", |snapshot| snapshot.account.name.as_str())) " "
                            span class="muted" { (state.account_id.as_deref().unwrap_or("?")) }
                        }
                        td { (state.holder.map_or("", |(user, _)| user.name.as_str())) }
                        td class="evidence" {
                            @for sighting in &state.leaked.sightings {
                                (sighting.describe()) br;
                            }
                        }
                    }
                }
            }
        }
    });
}

/// The IAM lifecycle events of every account, newest first.
pub fn timeline(page: &Page<'_>, stream: &mut Stream<'_>) {
    let labels = &page.labels;
    let mut events: Vec<_> = page
        .run
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
    stream.put(html! {
        h2 { (labels.timeline) " (" (events.len()) ")" }
        (maud::PreEscaped("<table class=\"timeline\">"))
        thead { tr {
            th { (labels.time) } th { (labels.event) } th { (labels.account) }
            th { (labels.user) } th { (labels.resources) } th { (labels.source) }
        } }
        (maud::PreEscaped("<tbody>"))
    });
    for (snapshot, event) in events {
        stream.put(html! {
            tr {
                td { (rfc3339(event.event_time)) }
                td { code { (event.event_name) } }
                td { (snapshot.account.name) }
                td { (event.username.as_deref().unwrap_or("N/A")) }
                td { (event.resources.join(", ")) }
                td {
                    (event.source_ip_address.as_deref().unwrap_or("")) br;
                    span class="muted" { (event.user_agent.as_deref().unwrap_or("")) }
                }
            }
        });
    }
    stream.put(maud::PreEscaped("</tbody></table>".to_string()));
}

/// Every SSH key, signing certificate and service-specific credential, by account and user.
pub fn credentials(page: &Page<'_>, stream: &mut Stream<'_>) {
    let labels = &page.labels;
    let words = Words(page.language);
    let count: usize = page
        .run
        .accounts
        .iter()
        .map(|snapshot| snapshot.other_credentials().count())
        .sum();
    stream.put(html! {
        h2 { (labels.other_credentials) " (" (count) ")" }
        (maud::PreEscaped("<table class=\"credentials\">"))
        thead { tr {
            th { (labels.account) } th { (labels.user) } th { (labels.kind) } th { "Id" }
            th { (labels.status) } th { (labels.age_days) } th { (labels.expires) }
            th { (labels.service) }
        } }
        (maud::PreEscaped("<tbody>"))
    });
    for snapshot in &page.run.accounts {
        for credential in snapshot.other_credentials() {
            let expires = match credential.expires {
                Expiry::NotApplicable => String::new(),
                Expiry::Never => words.never(),
                Expiry::At(moment) => rfc3339(moment),
                Expiry::Unknown => words.unknown(),
            };
            stream.put(html! {
                tr {
                    td { (snapshot.account.name) }
                    td { (credential.user.name) }
                    td { (credential.kind.as_str()) }
                    td { code { (credential.id) } }
                    td { (credential.status.as_str()) }
                    td { (days_between(credential.created, page.now)) }
                    td { (expires) }
                    td { (credential.service.unwrap_or("")) }
                }
            });
        }
    }
    stream.put(maud::PreEscaped("</tbody></table>".to_string()));
}

/// Each audited account's password policy.
pub fn password_policies(page: &Page<'_>, stream: &mut Stream<'_>) {
    let labels = &page.labels;
    let words = Words(page.language);
    stream.put(html! {
        h2 { (labels.password_policies) }
        table class="policies" {
            thead { tr {
                th { (labels.account) } th { (labels.policy_status) }
                th { (labels.minimum_length) } th { (labels.character_classes) }
                th { (labels.reuse_prevention) } th { (labels.max_age) }
            } }
            tbody {
                @for snapshot in &page.run.accounts {
                    tr {
                        td { (snapshot.account.name) " (" (snapshot.account.id) ")" }
                        @match &snapshot.password_policy {
                            Observed::Known(Some(policy)) => {
                                td { (labels.policy_set) }
                                td { (policy.minimum_length.map_or_else(String::new, |length| length.to_string())) }
                                td { (character_classes(policy)) }
                                td { (policy.reuse_prevention.unwrap_or(0)) }
                                td { (policy.max_age_days.map_or_else(|| words.never(), |days| days.to_string())) }
                            }
                            Observed::Known(None) => {
                                td colspan="5" { (labels.policy_not_set) }
                            }
                            Observed::Unknown => {
                                td colspan="5" { (words.unknown()) }
                            }
                        }
                    }
                }
            }
        }
    });
}

/// The character classes a policy requires, as IAM's console names them.
fn character_classes(policy: &iam_audit_model::PasswordPolicy) -> String {
    [
        (policy.require_uppercase, "A-Z"),
        (policy.require_lowercase, "a-z"),
        (policy.require_numbers, "0-9"),
        (policy.require_symbols, "!@#"),
    ]
    .into_iter()
    .filter_map(|(required, class)| required.then_some(class))
    .collect::<Vec<_>>()
    .join(" ")
}
