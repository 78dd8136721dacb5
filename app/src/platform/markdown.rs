//! Markdown written by trainers and commissioners becomes HTML here, and only here:
//! pulldown-cmark renders it and ammonia removes anything that could run or embed
//! (scripts, iframes, event handlers, javascript: links).

use pulldown_cmark::{html, Options, Parser};

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

#[cfg(test)]
mod tests {
    use super::to_safe_html;

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
