//! Bar charts as SVG, drawn on the server: each bar's place worked out here (and tested),
//! the picture labelled for screen readers, and the same figures always in a table beside it.

use leptos::prelude::*;

/// One bar, placed.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: i64,
    pub y: f64,
    pub width: f64,
}

pub const LABEL_WIDTH: f64 = 220.0;
pub const BAR_AREA: f64 = 380.0;
pub const ROW: f64 = 36.0;

/// Horizontal bars, longest for the largest value; a zero gets no bar.
pub fn bars(items: &[(String, i64)]) -> Vec<Bar> {
    let max = items.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1) as f64;
    items
        .iter()
        .enumerate()
        .map(|(i, (label, value))| Bar { label: label.clone(), value: *value, y: i as f64 * ROW, width: (*value).max(0) as f64 / max * BAR_AREA })
        .collect()
}

/// A bar chart with its title and a one-line description for screen readers.
#[component]
pub fn BarChart(id: &'static str, title: String, items: Vec<(String, i64)>) -> impl IntoView {
    let placed = bars(&items);
    let height = (placed.len().max(1) as f64) * ROW + 8.0;
    let width = LABEL_WIDTH + BAR_AREA + 60.0;
    let described: String = items.iter().map(|(l, v)| format!("{l}: {v}")).collect::<Vec<_>>().join("; ");
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let labelled_by = format!("{title_id} {desc_id}");
    view! {
        <svg class="bar-chart" role="img" viewBox=format!("0 0 {width} {height}") width="100%"
            aria-labelledby=labelled_by>
            <title id=title_id>{title}</title>
            <desc id=desc_id>{described}</desc>
            {placed.into_iter().map(|b| view! {
                <g>
                    <text x=LABEL_WIDTH - 8.0 y=b.y + ROW * 0.6 text-anchor="end" class="bar-label">{b.label.clone()}</text>
                    <rect x=LABEL_WIDTH y=b.y + 6.0 width=b.width height=ROW - 12.0 class="bar"/>
                    <text x=LABEL_WIDTH + b.width + 6.0 y=b.y + ROW * 0.6 class="bar-value">{b.value}</text>
                </g>
            }).collect_view()}
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_scaled_to_the_largest_value() {
        let placed = bars(&[("2024".into(), 2), ("2025".into(), 4), ("2026".into(), 0)]);
        assert_eq!(placed.len(), 3);
        assert_eq!(placed[1].width, BAR_AREA);
        assert_eq!(placed[0].width, BAR_AREA / 2.0);
        assert_eq!(placed[2].width, 0.0);
        assert_eq!(placed[2].y, 2.0 * ROW);
        assert!(bars(&[("none".into(), 0)])[0].width == 0.0, "no division by zero");
    }
}
