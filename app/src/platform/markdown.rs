//! Markdown written by trainers and commissioners becomes HTML here, and only here:
//! pulldown-cmark renders it and ammonia removes anything that could run or embed
//! (scripts, iframes, event handlers, javascript: links).

use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};

/// Safe HTML for Markdown text written by a person.
pub fn to_safe_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION;
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options));
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&unsafe_html)
        .to_string()
}

/// The plain text of each item of the lists at the top level of some Markdown (numbered
/// or not), in order: "1. Try peer-led groups" gives "Try peer-led groups". Emphasis and
/// links keep their words; nested lists and line breaks within an item become spaces.
pub fn top_level_list_items(markdown: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut lists = 0usize;
    let mut current: Option<String> = None;
    for event in Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(Tag::List(_)) => lists += 1,
            Event::End(TagEnd::List(_)) => lists = lists.saturating_sub(1),
            Event::Start(Tag::Item) if lists == 1 => current = Some(String::new()),
            Event::End(TagEnd::Item) if lists == 1 => {
                let words = current.take().unwrap_or_default();
                let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
                if !words.is_empty() {
                    items.push(words);
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = current.as_mut() {
                    c.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) | Event::Start(Tag::Item) => {
                if let Some(c) = current.as_mut() {
                    c.push(' ');
                }
            }
            _ => {}
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::{to_safe_html, top_level_list_items};

    #[test]
    fn list_items_come_out_as_plain_words() {
        let md = "Our three recommendations:\n\n1. Try **peer-led** groups\n   in three villages.\n2. Sort out [transport](https://example.org) first.\n\n\
                  Some closing words.\n\n- A bullet, with `code`\n  - and a nested point\n- \n";
        assert_eq!(
            top_level_list_items(md),
            vec![
                "Try peer-led groups in three villages.".to_string(),
                "Sort out transport first.".to_string(),
                "A bullet, with code and a nested point".to_string(),
            ]
        );
        assert!(top_level_list_items("Just a paragraph, no list.").is_empty());
    }

    #[test]
    fn renders_ordinary_markdown() {
        let html = to_safe_html("## Consent\n\nAsk **every** person.\n\n- one\n- two");
        assert!(html.contains("<h2>Consent</h2>"));
        assert!(html.contains("<strong>every</strong>"));
        assert!(html.contains("<li>one</li>"));
    }

    #[test]
    fn removes_anything_that_could_run() {
        let nasty = "<script>alert(1)</script>\n\n<iframe src=\"https://evil.example\"></iframe>\n\n\
                     <img src=x onerror=\"alert(2)\">\n\n[click](javascript:alert(3))\n\n<a href=\"#\" onclick=\"alert(4)\">x</a>";
        let html = to_safe_html(nasty);
        for bad in ["<script", "<iframe", "onerror", "javascript:", "onclick", "alert(1)"] {
            assert!(!html.contains(bad), "{bad} survived in {html}");
        }
    }

    #[test]
    fn links_do_not_leak_the_page() {
        let html = to_safe_html("[Age UK](https://www.ageuk.org.uk)");
        assert!(html.contains("rel=\"noopener noreferrer nofollow\""));
    }
}
