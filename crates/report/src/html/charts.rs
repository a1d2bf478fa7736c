//! Charts drawn as inline SVG: no script, no font, nothing fetched. Labels go through the
//! templates' escaping like every other value.

use maud::{Markup, html};

/// One bar of a bar chart.
pub struct Bar {
    /// The label under the bar.
    pub label: String,
    /// Its value.
    pub value: usize,
    /// Its fill colour (a CSS value).
    pub color: &'static str,
}

/// A vertical bar chart.
pub fn bar_chart(bars: &[Bar], title: &str) -> Markup {
    let width = 420;
    let bottom = 160;
    let maximum = bars.iter().map(|bar| bar.value).max().unwrap_or(0).max(1);
    let slot = (width - 20) / bars.len().max(1);
    html! {
        svg viewBox={ "0 0 " (width) " 200" } width="100%" role="img" aria-label=(title) {
            line x1="10" y1=(bottom) x2=(width - 10) y2=(bottom) stroke="#bbb" {}
            @for (index, bar) in bars.iter().enumerate() {
                @let bar_height = (bar.value * 130) / maximum;
                @let x = 10 + index * slot + slot / 6;
                @let bar_width = slot * 2 / 3;
                rect x=(x) y=(bottom - bar_height) width=(bar_width) height=(bar_height) fill=(bar.color) rx="2" {
                    title { (bar.label) ": " (bar.value) }
                }
                text x=(x + bar_width / 2) y=(bottom - bar_height - 4) text-anchor="middle" { (bar.value) }
                text x=(x + bar_width / 2) y=(bottom + 16) text-anchor="middle" { (bar.label) }
            }
        }
    }
}

/// One row of a stacked horizontal bar chart.
pub struct StackedRow {
    /// The row's label.
    pub label: String,
    /// Segments: value, colour and name.
    pub segments: Vec<(usize, &'static str, String)>,
}

/// Horizontal stacked bars, one row per label.
pub fn stacked_rows(rows: &[StackedRow], title: &str) -> Markup {
    let width = 420;
    let row_height = 22;
    let label_width = 130;
    let height = rows.len().max(1) * row_height + 10;
    let maximum = rows
        .iter()
        .map(|row| row.segments.iter().map(|segment| segment.0).sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let scale = |value: usize| (value * (width - label_width - 40)) / maximum;
    html! {
        svg viewBox={ "0 0 " (width) " " (height) } width="100%" role="img" aria-label=(title) {
            @for (index, row) in rows.iter().enumerate() {
                @let y = 5 + index * row_height;
                text x=(label_width - 6) y=(y + 14) text-anchor="end" { (shortened(&row.label)) }
                @for (offset, (value, color, name)) in offsets(&row.segments, scale) {
                    @if *value > 0 {
                        rect x=(label_width + offset) y=(y + 2) width=(scale(*value)) height=(row_height - 6) fill=(color) {
                            title { (name) ": " (value) }
                        }
                    }
                }
                @let total: usize = row.segments.iter().map(|segment| segment.0).sum();
                text x=(label_width + scale_sum(&row.segments, scale) + 4) y=(y + 14) { (total) }
            }
        }
    }
}

/// Each segment with the x offset where it starts.
fn offsets<'a>(
    segments: &'a [(usize, &'static str, String)],
    scale: impl Fn(usize) -> usize,
) -> Vec<(usize, &'a (usize, &'static str, String))> {
    let mut offset = 0;
    segments
        .iter()
        .map(|segment| {
            let start = offset;
            offset += scale(segment.0);
            (start, segment)
        })
        .collect()
}

/// The drawn width of all segments.
fn scale_sum(segments: &[(usize, &'static str, String)], scale: impl Fn(usize) -> usize) -> usize {
    segments.iter().map(|segment| scale(segment.0)).sum()
}

/// A label cut to 18 characters.
fn shortened(label: &str) -> String {
    if label.chars().count() > 18 {
        label.chars().take(17).chain(std::iter::once('…')).collect()
    } else {
        label.to_string()
    }
}
