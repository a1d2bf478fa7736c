//! The trend chart: the last 26 runs of `history.jsonl` as one inline SVG line per severity (no
//! script, nothing fetched, the page's CSP unchanged). A run that could not read everything is a
//! hollow point, so a dip there is not read as progress.

use iam_audit_rules::Severity;
use maud::{Markup, html};

use super::{Page, severity_color};
use crate::trend::{CHARTED_RUNS, TrendLine};

/// The chart's section; nothing before a run has a history.
pub fn trend(page: &Page<'_>) -> Markup {
    let runs = page.judged.trend;
    let shown = &runs[runs.len().saturating_sub(CHARTED_RUNS)..];
    if shown.is_empty() {
        return html! {};
    }
    let labels = &page.labels;
    html! {
        section class="trend" {
            h2 { (labels.trend) }
            p class="muted" { (labels.trend_explained) }
            (chart(shown, page, &labels.trend))
        }
    }
}

fn chart(runs: &[TrendLine], page: &Page<'_>, title: &str) -> Markup {
    let (width, height, left, top, bottom) = (900usize, 260usize, 50usize, 20usize, 210usize);
    let maximum = runs
        .iter()
        .flat_map(|run| Severity::ALL.map(|severity| run.count(severity)))
        .max()
        .unwrap_or(0)
        .max(1);
    let step = if runs.len() > 1 {
        (width - left - 30) / (runs.len() - 1)
    } else {
        0
    };
    let x = |index: usize| left + 10 + index * step;
    let y = |value: usize| bottom - (value * (bottom - top)) / maximum;
    html! {
        svg viewBox={ "0 0 " (width) " " (height) } width="100%" role="img" aria-label=(title) {
            line x1=(left) y1=(bottom) x2=(width - 10) y2=(bottom) stroke="#bbb" {}
            line x1=(left) y1=(top) x2=(left) y2=(bottom) stroke="#bbb" {}
            text x=(left - 6) y=(top + 4) text-anchor="end" { (maximum) }
            text x=(left - 6) y=(bottom + 4) text-anchor="end" { "0" }
            @for severity in Severity::ALL.iter().rev() {
                @let color = severity_color(*severity);
                @let points = runs.iter().enumerate()
                    .map(|(index, run)| format!("{},{}", x(index), y(run.count(*severity))))
                    .collect::<Vec<_>>().join(" ");
                polyline points=(points) fill="none" stroke=(color) stroke-width="2" {}
                @for (index, run) in runs.iter().enumerate() {
                    circle cx=(x(index)) cy=(y(run.count(*severity))) r="4"
                        fill=(if run.complete { color } else { "#fff" }) stroke=(color) stroke-width="2"
                        class=[(!run.complete).then_some("incomplete")] {
                        title {
                            (run.date) " · " (page.labels.severity(*severity)) ": " (run.count(*severity))
                            @if !run.complete { " · " (page.labels.incomplete) }
                        }
                    }
                }
            }
            @for (index, run) in runs.iter().enumerate() {
                @if index == 0 || index + 1 == runs.len() || runs.len() <= 8 {
                    text x=(x(index)) y=(bottom + 18)
                        text-anchor=(if index + 1 == runs.len() && index > 0 { "end" } else { "middle" }) {
                        (run.date.get(..10).unwrap_or(&run.date))
                    }
                }
            }
            @for (index, severity) in Severity::ALL.iter().rev().enumerate() {
                rect x=(left + 10 + index * 120) y=(height - 18) width="12" height="12" fill=(severity_color(*severity)) {}
                text x=(left + 28 + index * 120) y=(height - 8) { (page.labels.severity(*severity)) }
            }
        }
    }
}
