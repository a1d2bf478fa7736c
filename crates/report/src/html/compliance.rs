//! The compliance panel: accounts × frameworks (how many controls pass, fail, are unknown or not
//! assessed), then, per framework, accounts × controls, each FAIL cell linking to the findings
//! that fail it. Rows are accounts so that the panel grows downwards with the organization.

use std::collections::HashMap;

use iam_audit_model::AccountSnapshot;
use iam_audit_rules::Finding;
use iam_audit_rules::compliance::{ComplianceRow, FRAMEWORKS, Framework, Status, counts};
use maud::{Markup, html};

use super::{Page, Stream};

/// The panel, streamed account by account; nothing when no framework was chosen.
pub fn compliance(page: &Page<'_>, stream: &mut Stream<'_>) {
    if page.compliance.is_empty() {
        return;
    }
    let frameworks: Vec<&'static Framework> = FRAMEWORKS
        .iter()
        .copied()
        .filter(|framework| {
            page.compliance
                .iter()
                .any(|row| row.framework == framework.id)
        })
        .collect();
    let cells = Cells::new(page);
    let labels = &page.labels;
    stream.put(html! {
        h2 id="compliance" { (labels.compliance) }
        p class="muted" { (labels.compliance_explained) }
        p class="legend" {
            span class="status pass" { (labels.status_pass) } " "
            span class="status fail" { (labels.status_fail) } " "
            span class="status unknown" { (labels.status_unknown) } " "
            span class="status not-assessed" { (labels.status_not_assessed) }
        }
        (maud::PreEscaped("<table class=\"compliance-summary\">"))
        thead { tr {
            th { (labels.account) }
            @for framework in &frameworks {
                th { a href={ "#compliance-" (framework.id) } { (framework.name) } }
            }
        } }
        (maud::PreEscaped("<tbody>"))
    });
    for snapshot in &page.run.accounts {
        stream.put(summary_row(page, &cells, &frameworks, snapshot));
    }
    stream.put(maud::PreEscaped("</tbody></table>".to_string()));
    for framework in frameworks {
        let [pass, fail, unknown, not_assessed] =
            counts(page.compliance, framework.id).map(|(_, count)| count);
        stream.put(html! {
            (maud::PreEscaped(format!(
                "<details class=\"compliance\" id=\"compliance-{}\" open><summary>",
                framework.id
            )))
            (framework.name) " — "
            span class="status pass" { (pass) } " "
            span class="status fail" { (fail) } " "
            span class="status unknown" { (unknown) } " "
            span class="status not-assessed" { (not_assessed) }
            (maud::PreEscaped("</summary><div class=\"scroll\"><table class=\"compliance\">"))
            thead { tr {
                th { (labels.account) }
                @for control in framework.controls {
                    th title=(control.title) { (control.id) }
                }
            } }
            (maud::PreEscaped("<tbody>"))
        });
        for snapshot in &page.run.accounts {
            stream.put(control_row(page, &cells, framework, snapshot));
        }
        stream.put(maud::PreEscaped(
            "</tbody></table></div></details>".to_string(),
        ));
    }
}

/// The rows by framework, control and account, and each finding's anchor in the findings table.
struct Cells<'a> {
    rows: HashMap<(&'a str, &'a str, &'a str), &'a ComplianceRow<'a>>,
    /// Each finding's position in the findings table, by address (the rows refer to the same
    /// findings): no copy of a hundred thousand ids.
    anchors: HashMap<*const Finding, usize>,
}

impl<'a> Cells<'a> {
    fn new(page: &Page<'a>) -> Cells<'a> {
        Cells {
            rows: page
                .compliance
                .iter()
                .map(|row| ((row.framework, row.control_id, row.account_id), row))
                .collect(),
            anchors: page
                .findings
                .iter()
                .enumerate()
                .map(|(index, finding)| (std::ptr::from_ref(finding), index))
                .collect(),
        }
    }
}

fn status_class(status: Status) -> &'static str {
    match status {
        Status::Pass => "pass",
        Status::Fail => "fail",
        Status::Unknown => "unknown",
        Status::NotAssessed => "not-assessed",
    }
}

fn summary_row(
    page: &Page<'_>,
    cells: &Cells<'_>,
    frameworks: &[&'static Framework],
    snapshot: &AccountSnapshot,
) -> Markup {
    let account = snapshot.account.id.as_str();
    html! {
        tr {
            td { (snapshot.account.name) br; span class="muted" { (account) } }
            @for framework in frameworks {
                @let statuses: Vec<Status> = framework
                    .controls
                    .iter()
                    .filter_map(|control| cells.rows.get(&(framework.id, control.id, account)))
                    .map(|row| row.status)
                    .collect();
                @let count = |status: Status| statuses.iter().filter(|other| **other == status).count();
                @let worst = [Status::Fail, Status::Unknown, Status::Pass]
                    .into_iter()
                    .find(|status| count(*status) > 0)
                    .unwrap_or(Status::NotAssessed);
                td class={ "cell " (status_class(worst)) } {
                    a href={ "#compliance-" (framework.id) }
                        title={ (page.labels.status_pass) " " (count(Status::Pass)) ", "
                            (page.labels.status_fail) " " (count(Status::Fail)) ", "
                            (page.labels.status_unknown) " " (count(Status::Unknown)) ", "
                            (page.labels.status_not_assessed) " " (count(Status::NotAssessed)) } {
                        span class="status pass" { (count(Status::Pass)) } " "
                        span class="status fail" { (count(Status::Fail)) } " "
                        span class="status unknown" { (count(Status::Unknown)) } " "
                        span class="status not-assessed" { (count(Status::NotAssessed)) }
                    }
                }
            }
        }
    }
}

fn control_row(
    page: &Page<'_>,
    cells: &Cells<'_>,
    framework: &'static Framework,
    snapshot: &AccountSnapshot,
) -> Markup {
    let account = snapshot.account.id.as_str();
    let labels = &page.labels;
    let label = |status: Status| match status {
        Status::Pass => &labels.status_pass,
        Status::Fail => &labels.status_fail,
        Status::Unknown => &labels.status_unknown,
        Status::NotAssessed => &labels.status_not_assessed,
    };
    html! {
        tr {
            td { (snapshot.account.name) br; span class="muted" { (account) } }
            @for control in framework.controls {
                @match cells.rows.get(&(framework.id, control.id, account)) {
                    // An organization control, judged on the management account only.
                    None => td class="cell" {}
                    Some(row) => td class={ "cell " (status_class(row.status)) }
                        title={ (control.id) " " (control.title)
                            @if let Some(reason) = &row.reason { " — " (reason) } } {
                        span class="mark" { (label(row.status)) }
                        @for (rule, first, count) in by_rule(page, cells, &row.findings) {
                            br;
                            a href={ "#finding-" (first) } { (rule) }
                            @if count > 1 { " ×" (count) }
                        }
                        @if row.suppressed { br; span class="muted" { (labels.suppressed) } }
                    }
                }
            }
        }
    }
}

/// A cell's findings by rule, in the order of the row: each rule once, linking to its first
/// finding, with how many it has.
fn by_rule<'a>(
    page: &Page<'a>,
    cells: &Cells<'_>,
    findings: &[&Finding],
) -> Vec<(&'a str, usize, usize)> {
    let mut rules: Vec<(&'a str, usize, usize)> = Vec::new();
    for index in findings
        .iter()
        .filter_map(|finding| cells.anchors.get(&std::ptr::from_ref(*finding)).copied())
    {
        let rule = page.findings[index].rule_id;
        match rules.iter_mut().find(|(known, _, _)| *known == rule) {
            Some((_, _, count)) => *count += 1,
            None => rules.push((rule, index, 1)),
        }
    }
    rules
}
