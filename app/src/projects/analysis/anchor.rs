//! A transcript as numbered paragraphs, and where a coded paragraph is now.
//!
//! Paragraphs are separated by blank lines; a transcript with no blank lines at all (one
//! speaker turn a line) has a paragraph for each line. Numbers start at 1, as people count.
//! A highlight keeps each paragraph's number and the text it had when coded, so if the
//! transcript is later changed or deleted, the highlight is kept and its passage flagged.

use serde::{Deserialize, Serialize};

/// The transcript's paragraphs, in order (the first is paragraph 1).
pub fn paragraphs(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.lines().collect();
    let has_blank_line = lines.iter().any(|l| l.trim().is_empty());
    if !has_blank_line {
        return lines.iter().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect();
    }
    let mut out = Vec::new();
    let mut block: Vec<&str> = Vec::new();
    for line in lines.into_iter().chain(std::iter::once("")) {
        if line.trim().is_empty() {
            if !block.is_empty() {
                out.push(block.join("\n"));
                block.clear();
            }
        } else {
            block.push(line.trim());
        }
    }
    out
}

/// Text compared without regard to spacing and line breaks.
fn same_text(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

/// Where a coded paragraph's text is in the transcript as it is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Anchor {
    /// Still at the paragraph it was coded at.
    Same,
    /// The same text is now at another paragraph (its number).
    Moved(usize),
    /// The text is no longer in the transcript (changed, or the transcript deleted).
    Gone,
}

impl Anchor {
    /// Finds a coded paragraph: `number` counts from 1; `current` is `None` once the
    /// transcript has been deleted.
    pub fn find(current: Option<&[String]>, number: usize, saved: &str) -> Anchor {
        let Some(paragraphs) = current else { return Anchor::Gone };
        if number >= 1 && paragraphs.get(number - 1).is_some_and(|p| same_text(p, saved)) {
            return Anchor::Same;
        }
        match paragraphs.iter().position(|p| same_text(p, saved)) {
            Some(at) => Anchor::Moved(at + 1),
            None => Anchor::Gone,
        }
    }

    /// What the page says about it, if anything.
    pub fn note(self) -> Option<String> {
        match self {
            Anchor::Same => None,
            Anchor::Moved(to) => Some(format!("The transcript has changed: this text is now paragraph {to}")),
            Anchor::Gone => Some("Text changed or gone: the transcript no longer has this text".to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_split_at_blank_lines_or_else_at_lines() {
        let text = "Interview with P-01.\r\n\r\nTB: Hello.\nHow are you?\n\n\n  P-01: Well.  \n";
        assert_eq!(paragraphs(text), vec!["Interview with P-01.", "TB: Hello.\nHow are you?", "P-01: Well."]);
        assert_eq!(paragraphs("TB: Hello.\nP-01: Hi.\n"), vec!["TB: Hello.", "P-01: Hi."]);
        assert!(paragraphs("").is_empty());
        assert!(paragraphs("\n\n  \n").is_empty());
    }

    #[test]
    fn a_coded_paragraph_is_found_where_it_was_where_it_moved_or_flagged_gone() {
        let now = paragraphs("A new first line.\n\nTB: Hello.\n\nP-01: The bus is two buses from me.");
        assert_eq!(Anchor::find(Some(now.as_slice()), 2, "TB: Hello."), Anchor::Same);
        assert_eq!(Anchor::find(Some(now.as_slice()), 2, "TB:  Hello.\n"), Anchor::Same, "spacing does not matter");
        assert_eq!(Anchor::find(Some(now.as_slice()), 2, "P-01: The bus is two buses from me."), Anchor::Moved(3));
        assert_eq!(Anchor::find(Some(now.as_slice()), 3, "P-01: The bus is one bus from me."), Anchor::Gone);
        assert_eq!(Anchor::find(Some(now.as_slice()), 9, "TB: Hello."), Anchor::Moved(2), "a number past the end");
        assert_eq!(Anchor::find(None, 2, "TB: Hello."), Anchor::Gone, "the transcript was deleted");
        assert_eq!(Anchor::Same.note(), None);
        assert!(Anchor::Gone.note().unwrap().contains("Text changed or gone"));
        assert!(Anchor::Moved(3).note().unwrap().contains("paragraph 3"));
    }
}
