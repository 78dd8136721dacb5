//! The differences between two saved versions: a line diff (longest common subsequence)
//! for the lay summary and for each section, sections matched by title.

use serde::{Deserialize, Serialize};

/// A section as frozen in a version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrozenSection {
    pub title: String,
    pub body: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineKind {
    Same,
    Removed,
    Added,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffLine {
    pub kind: LineKind,
    pub text: String,
}

/// One section's differences; `change` in words ("Changed", "Added", "Removed", "No change").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionDiff {
    pub title: String,
    pub change: String,
    pub lines: Vec<DiffLine>,
}

/// Beyond this many line pairs the diff gives up matching and shows old then new.
const MAX_CELLS: usize = 4_000_000;

fn line(kind: LineKind, text: &str) -> DiffLine {
    DiffLine { kind, text: text.to_string() }
}

/// The lines of `old` and `new`, each marked same, removed or added, in reading order.
pub fn lines(old: &str, new: &str) -> Vec<DiffLine> {
    let a: Vec<&str> = if old.is_empty() { Vec::new() } else { old.lines().collect() };
    let b: Vec<&str> = if new.is_empty() { Vec::new() } else { new.lines().collect() };
    let (n, m) = (a.len(), b.len());
    if n.saturating_mul(m) > MAX_CELLS {
        return a.iter().map(|t| line(LineKind::Removed, t)).chain(b.iter().map(|t| line(LineKind::Added, t))).collect();
    }
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(n.max(m));
    while i < n && j < m {
        if a[i] == b[j] {
            out.push(line(LineKind::Same, a[i]));
            i += 1;
            j += 1;
        } else if lcs[i + 1][j] >= lcs[i][j + 1] {
            out.push(line(LineKind::Removed, a[i]));
            i += 1;
        } else {
            out.push(line(LineKind::Added, b[j]));
            j += 1;
        }
    }
    out.extend(a[i..].iter().map(|t| line(LineKind::Removed, t)));
    out.extend(b[j..].iter().map(|t| line(LineKind::Added, t)));
    out
}

fn change_of(lines: &[DiffLine]) -> &'static str {
    if lines.iter().all(|l| l.kind == LineKind::Same) {
        "No change"
    } else {
        "Changed"
    }
}

/// The lay summary first, then each section of the newer version (matched to the older
/// one by title), then the sections the newer version no longer has.
pub fn versions(old_summary: &str, old: &[FrozenSection], new_summary: &str, new: &[FrozenSection]) -> Vec<SectionDiff> {
    let summary = lines(old_summary, new_summary);
    let mut out = vec![SectionDiff { title: "Lay summary".into(), change: change_of(&summary).into(), lines: summary }];
    for s in new {
        match old.iter().find(|o| o.title == s.title) {
            Some(o) => {
                let l = lines(&o.body, &s.body);
                out.push(SectionDiff { title: s.title.clone(), change: change_of(&l).into(), lines: l });
            }
            None => out.push(SectionDiff { title: s.title.clone(), change: "Added".into(), lines: lines("", &s.body) }),
        }
    }
    for o in old.iter().filter(|o| !new.iter().any(|s| s.title == o.title)) {
        out.push(SectionDiff { title: o.title.clone(), change: "Removed".into(), lines: lines(&o.body, "") });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::LineKind::*;
    use super::*;

    fn kinds(d: &[DiffLine]) -> Vec<(LineKind, &str)> {
        d.iter().map(|l| (l.kind, l.text.as_str())).collect()
    }

    #[test]
    fn a_changed_line_is_removed_then_added_and_the_rest_kept() {
        let d = lines("one\ntwo\nthree", "one\n2\nthree\nfour");
        assert_eq!(kinds(&d), vec![(Same, "one"), (Removed, "two"), (Added, "2"), (Same, "three"), (Added, "four")]);
    }

    #[test]
    fn empty_texts_give_all_added_or_all_removed() {
        assert_eq!(kinds(&lines("", "a\nb")), vec![(Added, "a"), (Added, "b")]);
        assert_eq!(kinds(&lines("a", "")), vec![(Removed, "a")]);
        assert!(lines("", "").is_empty());
    }

    #[test]
    fn sections_are_matched_by_title() {
        let s = |t: &str, b: &str| FrozenSection { title: t.into(), body: b.into() };
        let old = vec![s("Findings", "Friendship mattered."), s("Methods", "We talked to people.")];
        let new = vec![s("Findings", "Friendship mattered.\nA hot meal mattered."), s("Recommendations", "1. Peer-led groups.")];
        let d = versions("Short.", &old, "Short.", &new);
        let changes: Vec<(&str, &str)> = d.iter().map(|s| (s.title.as_str(), s.change.as_str())).collect();
        assert_eq!(changes, vec![("Lay summary", "No change"), ("Findings", "Changed"), ("Recommendations", "Added"), ("Methods", "Removed")]);
        assert_eq!(kinds(&d[1].lines), vec![(Same, "Friendship mattered."), (Added, "A hot meal mattered.")]);
    }
}
