//! Long lists come in pages of [`PER_PAGE`], with numbered links that work without
//! JavaScript (the GOV.UK pagination pattern) and keep the list's filters.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::ui::encode_query_value;

/// How many rows one page of a list shows.
pub const PER_PAGE: i64 = 25;

/// One page of a list, with what is needed to link to the others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paged<T> {
    pub items: Vec<T>,
    /// Which page this is, counting from 1.
    pub page: i64,
    /// How many rows the whole list has.
    pub total: i64,
    pub per_page: i64,
}

/// The page number asked for in the address (`?page=3`), 1 when none or nonsense.
pub fn page_asked() -> leptos::prelude::Memo<i64> {
    use leptos::prelude::*;
    let query = leptos_router::hooks::use_query_map();
    Memo::new(move |_| query.with(|q| PageNumber::parse(q.get("page").as_deref()).0))
}

impl<T> Paged<T> {
    pub fn new(items: Vec<T>, page: PageNumber, total: i64) -> Self {
        Self { items, page: page.0, total, per_page: page.per_page() }
    }

    /// How many pages the list fills (at least one, so "page 1 of 1" reads right).
    pub fn pages(&self) -> i64 {
        pages_for(self.total, self.per_page)
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Paged<U> {
        Paged { items: self.items.into_iter().map(f).collect(), page: self.page, total: self.total, per_page: self.per_page }
    }
}

fn pages_for(total: i64, per_page: i64) -> i64 {
    ((total + per_page - 1) / per_page.max(1)).max(1)
}

/// The page someone asked for: from 1, whatever was typed into the address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageNumber(pub i64);

impl Default for PageNumber {
    fn default() -> Self {
        PageNumber(1)
    }
}

impl PageNumber {
    /// Reads `?page=` as typed; anything unreadable or below 1 is the first page.
    pub fn parse(raw: Option<&str>) -> Self {
        PageNumber(raw.and_then(|v| v.trim().parse::<i64>().ok()).filter(|n| *n >= 1).unwrap_or(1).min(1_000_000))
    }

    pub fn per_page(self) -> i64 {
        PER_PAGE
    }

    /// For `LIMIT $n OFFSET $m`.
    pub fn limit(self) -> i64 {
        PER_PAGE
    }

    pub fn offset(self) -> i64 {
        (self.0.max(1) - 1) * PER_PAGE
    }
}

/// Which page numbers to show: the first, the last, and the current one with its
/// neighbours; `None` stands for a gap ("⋯").
pub fn page_items(current: i64, pages: i64) -> Vec<Option<i64>> {
    let mut shown: Vec<i64> = [1, current - 1, current, current + 1, pages]
        .into_iter()
        .filter(|n| *n >= 1 && *n <= pages)
        .collect();
    shown.sort_unstable();
    shown.dedup();
    let mut items = Vec::new();
    let mut last = 0;
    for n in shown {
        if n > last + 1 {
            items.push(None);
        }
        items.push(Some(n));
        last = n;
    }
    items
}

/// The address of one page of a list, keeping its filters (`(name, value)` pairs with
/// empty values left out, so addresses stay short).
pub fn page_href(path: &str, filters: &[(&str, String)], page: i64) -> String {
    let mut query: Vec<String> = filters
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, value)| format!("{name}={}", encode_query_value(value)))
        .collect();
    if page > 1 {
        query.push(format!("page={page}"));
    }
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

/// "Showing 26 to 50 of 312 briefs", for the top of a list.
pub fn showing(total: i64, page: i64, per_page: i64, noun_plural: &str) -> String {
    if total == 0 {
        return format!("No {noun_plural}");
    }
    let first = (page - 1) * per_page + 1;
    let last = (page * per_page).min(total);
    if first > total {
        return format!("There are {total} {noun_plural}; this page is past the end");
    }
    format!("Showing {first} to {last} of {total} {noun_plural}")
}

/// "Showing 26 to 50 of 312 briefs" above a list, when it fills more than one page.
pub fn showing_line<T>(list: &Paged<T>, noun_plural: &'static str) -> Option<impl IntoView> {
    (list.pages() > 1).then(|| view! { <p class="hint">{showing(list.total, list.page, list.per_page, noun_plural)}</p> })
}

/// Numbered page links under a list. Shows nothing when the list fits on one page.
#[component]
pub fn Pagination(
    /// The current page, from 1.
    page: i64,
    /// How many pages there are.
    pages: i64,
    /// The list's address without `page`, e.g. `/briefs`.
    #[prop(into)]
    path: String,
    /// The list's filters, kept on every link.
    #[prop(optional)]
    filters: Vec<(&'static str, String)>,
) -> impl IntoView {
    if pages <= 1 {
        return ().into_any();
    }
    let href = move |n: i64| page_href(&path, &filters, n);
    let previous = (page > 1).then(|| {
        let link = href(page - 1);
        view! {
            <div class="pagination-prev">
                <a href=link rel="prev">"Previous"<span class="visually-hidden">" page"</span></a>
            </div>
        }
    });
    let next = (page < pages).then(|| {
        let link = href(page + 1);
        view! {
            <div class="pagination-next">
                <a href=link rel="next">"Next"<span class="visually-hidden">" page"</span></a>
            </div>
        }
    });
    let items = page_items(page, pages)
        .into_iter()
        .map(|item| match item {
            None => view! { <li class="pagination-gap" aria-hidden="true">"⋯"</li> }.into_any(),
            Some(n) if n == page => view! {
                <li class="pagination-current">
                    <a href=href(n) aria-label=format!("Page {n}") aria-current="page">{n}</a>
                </li>
            }
            .into_any(),
            Some(n) => view! {
                <li><a href=href(n) aria-label=format!("Page {n}")>{n}</a></li>
            }
            .into_any(),
        })
        .collect_view();
    view! {
        <nav class="pagination" aria-label="Pages">
            {previous}
            <ul>{items}</ul>
            {next}
        </nav>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_show_ends_and_neighbours() {
        assert_eq!(page_items(1, 1), vec![Some(1)]);
        assert_eq!(page_items(1, 3), vec![Some(1), Some(2), Some(3)]);
        assert_eq!(page_items(5, 10), vec![Some(1), None, Some(4), Some(5), Some(6), None, Some(10)]);
        assert_eq!(page_items(10, 10), vec![Some(1), None, Some(9), Some(10)]);
        assert_eq!(page_items(2, 10), vec![Some(1), Some(2), Some(3), None, Some(10)]);
    }

    #[test]
    fn a_typed_page_number_is_read_safely() {
        assert_eq!(PageNumber::parse(None), PageNumber(1));
        assert_eq!(PageNumber::parse(Some("3")), PageNumber(3));
        assert_eq!(PageNumber::parse(Some("0")), PageNumber(1));
        assert_eq!(PageNumber::parse(Some("-2")), PageNumber(1));
        assert_eq!(PageNumber::parse(Some("lots")), PageNumber(1));
        assert_eq!(PageNumber(3).offset(), 50);
    }

    #[test]
    fn links_keep_the_filters() {
        let filters = vec![("status", "open".to_string()), ("about", "older people".to_string()), ("closing_before", String::new())];
        assert_eq!(page_href("/briefs", &filters, 2), "/briefs?status=open&about=older%20people&page=2");
        assert_eq!(page_href("/briefs", &filters, 1), "/briefs?status=open&about=older%20people");
        assert_eq!(page_href("/briefs", &[], 1), "/briefs");
    }

    #[test]
    fn counts_read_naturally() {
        assert_eq!(pages_for(0, 25), 1);
        assert_eq!(pages_for(25, 25), 1);
        assert_eq!(pages_for(26, 25), 2);
        assert_eq!(showing(60, 3, 25, "briefs"), "Showing 51 to 60 of 60 briefs");
        assert_eq!(showing(0, 1, 25, "briefs"), "No briefs");
    }
}
