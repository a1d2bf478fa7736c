//! Charts drawn as inline SVG: no script, no font, nothing fetched. Every label is escaped.

use super::escape;

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
pub fn bar_chart(bars: &[Bar], title: &str) -> String {
    let width = 420;
    let height = 200;
    let bottom = 160;
    let maximum = bars.iter().map(|bar| bar.value).max().unwrap_or(0).max(1);
    let slot = (width - 20) / bars.len().max(1);
    let mut svg = format!(
        "<svg viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\" aria-label=\"{}\">",
        escape(title)
    );
    svg.push_str(&format!(
        "<line x1=\"10\" y1=\"{bottom}\" x2=\"{}\" y2=\"{bottom}\" stroke=\"#bbb\"/>",
        width - 10
    ));
    for (index, bar) in bars.iter().enumerate() {
        let bar_height = (bar.value * 130) / maximum;
        let x = 10 + index * slot + slot / 6;
        let bar_width = slot * 2 / 3;
        svg.push_str(&format!(
            "<rect x=\"{x}\" y=\"{}\" width=\"{bar_width}\" height=\"{bar_height}\" fill=\"{}\" rx=\"2\"><title>{}: {}</title></rect>",
            bottom - bar_height,
            bar.color,
            escape(&bar.label),
            bar.value
        ));
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            x + bar_width / 2,
            bottom - bar_height - 4,
            bar.value
        ));
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            x + bar_width / 2,
            bottom + 16,
            escape(&bar.label)
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// One row of a stacked horizontal bar chart.
pub struct StackedRow {
    /// The row's label.
    pub label: String,
    /// Segments: value and colour.
    pub segments: Vec<(usize, &'static str, String)>,
}

/// Horizontal stacked bars, one row per label.
pub fn stacked_rows(rows: &[StackedRow], title: &str) -> String {
    let width = 420;
    let row_height = 22;
    let label_width = 130;
    let height = (rows.len().max(1) * row_height + 10) as u32;
    let maximum = rows
        .iter()
        .map(|row| row.segments.iter().map(|segment| segment.0).sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let mut svg = format!(
        "<svg viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\" aria-label=\"{}\">",
        escape(title)
    );
    for (index, row) in rows.iter().enumerate() {
        let y = 5 + index * row_height;
        let label: String = if row.label.chars().count() > 18 {
            row.label
                .chars()
                .take(17)
                .chain(std::iter::once('…'))
                .collect()
        } else {
            row.label.clone()
        };
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            label_width - 6,
            y + 14,
            escape(&label)
        ));
        let mut x = label_width;
        let mut total = 0;
        for (value, color, name) in &row.segments {
            let segment_width = (value * (width - label_width - 40)) / maximum;
            if *value > 0 {
                svg.push_str(&format!(
                    "<rect x=\"{x}\" y=\"{}\" width=\"{segment_width}\" height=\"{}\" fill=\"{color}\"><title>{}: {value}</title></rect>",
                    y + 2,
                    row_height - 6,
                    escape(name)
                ));
            }
            x += segment_width;
            total += value;
        }
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\">{total}</text>",
            x + 4,
            y + 14
        ));
    }
    svg.push_str("</svg>");
    svg
}
