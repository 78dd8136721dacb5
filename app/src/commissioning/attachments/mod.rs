//! Files a group attaches to its response: checked for size and type, kept in the
//! database, uploaded and downloaded through plain HTTP routes (a multipart form works
//! without JavaScript), and seen only by people who may see the response.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
mod routes;
#[cfg(feature = "ssr")]
pub mod service;

#[cfg(feature = "ssr")]
pub use routes::routes;

use serde::{Deserialize, Serialize};

/// The largest file accepted: 5 MB.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// At most this many files on one response.
pub const MAX_FILES: i64 = 10;

/// The kinds of file accepted, by name ending, with the type they are served as.
pub const ALLOWED: &[(&str, &str)] = &[
    ("pdf", "application/pdf"),
    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("odt", "application/vnd.oasis.opendocument.text"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("txt", "text/plain; charset=utf-8"),
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
];

/// A file attached to a response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentView {
    pub id: i64,
    pub file_name: String,
    pub size: String,
}

/// What to tell someone whose upload was refused (the code comes back in the address).
pub fn upload_problem_text(code: &str) -> &'static str {
    match code {
        "missing" => "Choose a file to attach.",
        "empty" => "That file is empty. Choose another file.",
        "too-big" => "That file is too large. Files must be 5 MB or smaller.",
        "type" => "That kind of file cannot be attached, or the file is not what its name says. Use a PDF, Word (.docx), OpenDocument (.odt), Excel (.xlsx), text, PNG or JPEG file.",
        "too-many" => "A response can have at most 10 files. Remove one first.",
        "not-draft" => "Files can only be added while the response is a draft.",
        _ => "The file could not be attached. Please try again.",
    }
}

/// Why an upload was refused, as a short code for the address and words for the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadProblem {
    Missing,
    Empty,
    TooBig,
    Type,
    TooMany,
    NotDraft,
}

impl UploadProblem {
    pub const ALL: [UploadProblem; 6] = [
        UploadProblem::Missing,
        UploadProblem::Empty,
        UploadProblem::TooBig,
        UploadProblem::Type,
        UploadProblem::TooMany,
        UploadProblem::NotDraft,
    ];

    pub fn code(self) -> &'static str {
        match self {
            UploadProblem::Missing => "missing",
            UploadProblem::Empty => "empty",
            UploadProblem::TooBig => "too-big",
            UploadProblem::Type => "type",
            UploadProblem::TooMany => "too-many",
            UploadProblem::NotDraft => "not-draft",
        }
    }
}

/// A clean file name (no folders, no odd characters) and its type, or why not.
pub fn check_file(name: &str, size: usize) -> Result<(String, &'static str), UploadProblem> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    if base.is_empty() {
        return Err(UploadProblem::Missing);
    }
    if size == 0 {
        return Err(UploadProblem::Empty);
    }
    if size > MAX_BYTES {
        return Err(UploadProblem::TooBig);
    }
    let extension = base.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let content_type = ALLOWED.iter().find(|(e, _)| *e == extension).map(|(_, t)| *t).ok_or(UploadProblem::Type)?;
    let clean: String = base
        .chars()
        .map(|c| if c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ' | '(' | ')') { c } else { '_' })
        .take(120)
        .collect();
    Ok((clean, content_type))
}

/// Whether a file's content is what its name says, by its first bytes ("magic numbers"):
/// a program renamed `plan.pdf` is refused. Text must be UTF-8 without control bytes.
pub fn content_matches(clean_name: &str, bytes: &[u8]) -> bool {
    let extension = clean_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let zip = bytes.starts_with(b"PK\x03\x04");
    let holds = |marker: &[u8]| bytes.windows(marker.len()).any(|w| w == marker);
    match extension.as_str() {
        "pdf" => bytes.starts_with(b"%PDF-"),
        "png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "jpg" | "jpeg" => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
        "docx" => zip && holds(b"word/"),
        "xlsx" => zip && holds(b"xl/"),
        "odt" => zip && holds(b"application/vnd.oasis.opendocument.text"),
        "txt" => std::str::from_utf8(bytes)
            .is_ok_and(|text| !text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))),
        _ => false,
    }
}

pub fn size_text(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_checked_by_size_and_type() {
        assert_eq!(check_file("report.PDF", 10), Ok(("report.PDF".into(), "application/pdf")));
        assert_eq!(check_file("C:\\Users\\m\\plan v2.docx", 10).unwrap().0, "plan v2.docx");
        assert_eq!(check_file("../../etc/pass<wd>.txt", 10).unwrap().0, "pass_wd_.txt");
        assert_eq!(check_file("virus.exe", 10), Err(UploadProblem::Type));
        assert_eq!(check_file("page.html", 10), Err(UploadProblem::Type), "nothing a browser would run");
        assert_eq!(check_file("noextension", 10), Err(UploadProblem::Type));
        assert_eq!(check_file("big.pdf", MAX_BYTES + 1), Err(UploadProblem::TooBig));
        assert_eq!(check_file("empty.pdf", 0), Err(UploadProblem::Empty));
        assert_eq!(check_file("", 10), Err(UploadProblem::Missing));
        assert_eq!(size_text(2_000), "2 KB");
    }

    #[test]
    fn files_are_checked_by_content_too() {
        assert!(content_matches("plan.pdf", b"%PDF-1.7 ..."));
        assert!(!content_matches("plan.pdf", b"MZ\x90\x00\x03 a Windows program"), "a renamed executable");
        assert!(!content_matches("plan.pdf", b"\x7fELF\x02\x01"), "a renamed Linux program");
        assert!(content_matches("photo.PNG", b"\x89PNG\r\n\x1a\n...."));
        assert!(!content_matches("photo.png", &[0xFF, 0xD8, 0xFF, 0xE0]), "a JPEG named .png");
        assert!(content_matches("photo.jpg", &[0xFF, 0xD8, 0xFF, 0xE0]));
        assert!(content_matches("notes.txt", "Meeting notes\r\n– café\tok".as_bytes()));
        assert!(!content_matches("notes.txt", b"MZ\x90\x00"), "binary is not text");
        assert!(content_matches("plan.docx", b"PK\x03\x04....[Content_Types].xml....word/document.xml"));
        assert!(!content_matches("plan.docx", b"PK\x03\x04....xl/workbook.xml"), "a spreadsheet named .docx");
        assert!(content_matches("sums.xlsx", b"PK\x03\x04....xl/workbook.xml"));
        assert!(content_matches("plan.odt", b"PK\x03\x04....mimetypeapplication/vnd.oasis.opendocument.text"));
        assert_eq!(size_text(3 * 1024 * 1024), "3.0 MB");
    }
}
