//! What an upload must be: its size, its name, and its content ("magic bytes"), so a
//! program renamed `recording.mp3` is refused; and the words for every refusal.

use crate::projects::consent::{covers, Activity, ConsentTerms};
use crate::projects::fieldwork::files::FileKind;

/// The largest recording accepted: 200 MB.
pub const MAX_RECORDING_BYTES: usize = 200 * 1024 * 1024;
/// The largest transcript file accepted: 2 MB.
pub const MAX_TRANSCRIPT_BYTES: usize = 2 * 1024 * 1024;
/// The most text a pasted transcript may hold. A form posts at most 1 MB; longer
/// transcripts are uploaded as a text file.
pub const MAX_PASTED_CHARS: usize = 300_000;

/// Recordings by name ending, with the type they are served as.
pub const RECORDING_TYPES: &[(&str, &str)] = &[
    ("mp3", "audio/mpeg"),
    ("wav", "audio/wav"),
    ("m4a", "audio/mp4"),
    ("mp4", "audio/mp4"),
    ("ogg", "audio/ogg"),
    ("oga", "audio/ogg"),
    ("opus", "audio/ogg"),
    ("flac", "audio/flac"),
    ("webm", "audio/webm"),
];

/// Transcripts are plain text.
pub const TRANSCRIPT_TYPE: &str = "text/plain; charset=utf-8";

/// Why an upload was refused, as a short code for the address and words for the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadProblem {
    Missing,
    Empty,
    TooBigRecording,
    TooBigTranscript,
    RecordingType,
    TranscriptType,
    NotText,
    Kind,
    Participant,
    Session,
    Retention,
    Clearance,
    NoConsent,
    NoAudioConsent,
    Withdrawn,
}

impl UploadProblem {
    pub const ALL: [UploadProblem; 15] = [
        UploadProblem::Missing,
        UploadProblem::Empty,
        UploadProblem::TooBigRecording,
        UploadProblem::TooBigTranscript,
        UploadProblem::RecordingType,
        UploadProblem::TranscriptType,
        UploadProblem::NotText,
        UploadProblem::Kind,
        UploadProblem::Participant,
        UploadProblem::Session,
        UploadProblem::Retention,
        UploadProblem::Clearance,
        UploadProblem::NoConsent,
        UploadProblem::NoAudioConsent,
        UploadProblem::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            UploadProblem::Missing => "missing",
            UploadProblem::Empty => "empty",
            UploadProblem::TooBigRecording => "too-big-recording",
            UploadProblem::TooBigTranscript => "too-big-transcript",
            UploadProblem::RecordingType => "recording-type",
            UploadProblem::TranscriptType => "transcript-type",
            UploadProblem::NotText => "not-text",
            UploadProblem::Kind => "kind",
            UploadProblem::Participant => "participant",
            UploadProblem::Session => "session",
            UploadProblem::Retention => "retention",
            UploadProblem::Clearance => "clearance",
            UploadProblem::NoConsent => "no-consent",
            UploadProblem::NoAudioConsent => "no-audio-consent",
            UploadProblem::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(code: &str) -> Option<UploadProblem> {
        UploadProblem::ALL.into_iter().find(|p| p.code() == code)
    }

    /// Which field of the upload form the message goes beside.
    pub fn field(self) -> &'static str {
        match self {
            UploadProblem::Kind => "kind",
            UploadProblem::Participant | UploadProblem::NoConsent | UploadProblem::NoAudioConsent | UploadProblem::Withdrawn => {
                "participant_id"
            }
            UploadProblem::Session => "session_id",
            UploadProblem::Retention => "retain_until",
            _ => "file",
        }
    }

    pub fn text(self) -> &'static str {
        match self {
            UploadProblem::Missing => "Choose a file to upload.",
            UploadProblem::Empty => "That file is empty. Choose another file.",
            UploadProblem::TooBigRecording => "That recording is too large. Recordings must be 200 MB or smaller. Split a long recording into parts.",
            UploadProblem::TooBigTranscript => "That transcript is too large. Transcript files must be 2 MB or smaller. Split it into parts.",
            UploadProblem::RecordingType => "That file is not a recording we can keep, or it is not what its name says. Use an MP3, WAV, M4A, OGG, FLAC or WebM audio file.",
            UploadProblem::TranscriptType => "A transcript must be a plain text file (.txt). Save it as plain text first, or paste the text below.",
            UploadProblem::NotText => "That file is not plain text. Save the transcript as plain text (UTF-8) first, or paste the text below.",
            UploadProblem::Kind => "Choose whether it is a recording or a transcript.",
            UploadProblem::Participant => "Choose the participant it belongs to.",
            UploadProblem::Session => "Choose one of this project's sessions, or none.",
            UploadProblem::Retention => "Enter the date to delete it by, today or later, for example 14/03/2028.",
            UploadProblem::Clearance => "Nothing can be uploaded until ethics approval is complete. What is still needed is listed on this page.",
            UploadProblem::NoConsent => "That participant has no consent record, so nothing of theirs can be kept. Record their consent first.",
            UploadProblem::NoAudioConsent => "That participant did not agree to audio recording, so a recording of them cannot be kept. A transcript of notes may still be added.",
            UploadProblem::Withdrawn => "That participant has withdrawn, so nothing more of theirs may be kept.",
        }
    }
}

/// What the participant's consent allows for this kind of file.
pub fn activity_for(kind: FileKind) -> Activity {
    match kind {
        FileKind::Recording => Activity::AudioRecording,
        FileKind::Transcript => Activity::Interview,
    }
}

/// The coverage rule ([`covers`]) as an upload problem: `None` when the consent covers it.
pub fn coverage_problem(terms: Option<ConsentTerms>, kind: FileKind) -> Option<UploadProblem> {
    covers(terms, activity_for(kind)).err()?;
    Some(match terms {
        None => UploadProblem::NoConsent,
        Some(t) if t.withdrawn => UploadProblem::Withdrawn,
        Some(_) => UploadProblem::NoAudioConsent,
    })
}

/// The name without folders or odd characters, at most 120 characters.
pub fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    base.chars()
        .map(|c| if c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ' | '(' | ')') { c } else { '_' })
        .take(120)
        .collect()
}

fn extension(name: &str) -> String {
    name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default()
}

/// Whether the bytes are the audio format the name ending says.
pub fn is_audio(extension: &str, bytes: &[u8]) -> bool {
    match extension {
        // An ID3 tag, or straight into an MPEG audio frame (11 sync bits set).
        "mp3" => bytes.starts_with(b"ID3") || (bytes.len() >= 2 && bytes[0] == 0xFF && bytes[1] & 0xE0 == 0xE0),
        "wav" => bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WAVE",
        "m4a" | "mp4" => bytes.len() >= 8 && &bytes[4..8] == b"ftyp",
        "ogg" | "oga" | "opus" => bytes.starts_with(b"OggS"),
        "flac" => bytes.starts_with(b"fLaC"),
        "webm" => bytes.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]),
        _ => false,
    }
}

/// Plain text: UTF-8 (a byte-order mark is dropped), no NUL or other control characters
/// but line breaks, tabs and page breaks. The text, or `None`.
pub fn as_text(bytes: &[u8]) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).ok()?;
    (!text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))).then(|| text.to_string())
}

/// A checked upload: the clean name, the type it is served as, and a transcript's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedFile {
    pub name: String,
    pub content_type: &'static str,
    pub text: Option<String>,
}

/// Too large for its kind?
pub fn size_problem(kind: FileKind, size: usize) -> Option<UploadProblem> {
    match kind {
        FileKind::Recording => (size > MAX_RECORDING_BYTES).then_some(UploadProblem::TooBigRecording),
        FileKind::Transcript => (size > MAX_TRANSCRIPT_BYTES).then_some(UploadProblem::TooBigTranscript),
    }
}

/// Checks an uploaded file of this kind by size, name and content.
pub fn check_upload(kind: FileKind, name: &str, bytes: &[u8]) -> Result<CheckedFile, UploadProblem> {
    let name = clean_name(name);
    if name.is_empty() {
        return Err(UploadProblem::Missing);
    }
    if bytes.is_empty() {
        return Err(UploadProblem::Empty);
    }
    if let Some(problem) = size_problem(kind, bytes.len()) {
        return Err(problem);
    }
    let ext = extension(&name);
    match kind {
        FileKind::Recording => {
            let content_type = RECORDING_TYPES.iter().find(|(e, _)| *e == ext).map(|(_, t)| *t).ok_or(UploadProblem::RecordingType)?;
            if !is_audio(&ext, bytes) {
                return Err(UploadProblem::RecordingType);
            }
            Ok(CheckedFile { name, content_type, text: None })
        }
        FileKind::Transcript => {
            if ext != "txt" {
                return Err(UploadProblem::TranscriptType);
            }
            let text = as_text(bytes).ok_or(UploadProblem::NotText)?;
            if text.trim().is_empty() {
                return Err(UploadProblem::Empty);
            }
            Ok(CheckedFile { name, content_type: TRANSCRIPT_TYPE, text: Some(text) })
        }
    }
}

/// A pasted transcript's text, or the message for its field.
pub fn check_pasted(raw: &str) -> Result<String, String> {
    let text = raw.trim();
    if text.is_empty() {
        return Err("Paste or type the transcript".into());
    }
    if text.chars().count() > MAX_PASTED_CHARS {
        return Err(format!(
            "The transcript must be {MAX_PASTED_CHARS} characters or fewer when pasted. Upload a longer one as a text file instead"
        ));
    }
    as_text(text.as_bytes()).ok_or_else(|| "The transcript has characters that are not text. Paste it again as plain text".to_string())
}

/// "2 KB", "3.0 MB".
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
    use crate::projects::consent::OptionalParts;

    fn wav() -> Vec<u8> {
        let mut bytes = b"RIFF\x24\x00\x00\x00WAVEfmt ".to_vec();
        bytes.extend_from_slice(&[0; 32]);
        bytes
    }

    #[test]
    fn recordings_are_checked_by_content_as_well_as_name() {
        assert!(check_upload(FileKind::Recording, "interview.wav", &wav()).is_ok());
        assert_eq!(check_upload(FileKind::Recording, "interview.WAV", &wav()).unwrap().content_type, "audio/wav");
        assert!(check_upload(FileKind::Recording, "a.mp3", b"ID3\x04\x00....").is_ok());
        assert!(check_upload(FileKind::Recording, "a.mp3", &[0xFF, 0xFB, 0x90, 0x64]).is_ok(), "an MP3 without a tag");
        assert!(check_upload(FileKind::Recording, "a.m4a", b"\x00\x00\x00\x20ftypM4A ").is_ok());
        assert!(check_upload(FileKind::Recording, "a.ogg", b"OggS\x00\x02").is_ok());
        assert!(check_upload(FileKind::Recording, "a.flac", b"fLaC\x00\x00").is_ok());
        assert!(check_upload(FileKind::Recording, "a.webm", &[0x1A, 0x45, 0xDF, 0xA3, 0x01]).is_ok());
        // Programs renamed to look like recordings.
        for program in [&b"MZ\x90\x00\x03\x00 This program cannot be run in DOS mode"[..], b"\x7fELF\x02\x01\x01"] {
            assert_eq!(check_upload(FileKind::Recording, "recording.mp3", program), Err(UploadProblem::RecordingType));
            assert_eq!(check_upload(FileKind::Recording, "recording.wav", program), Err(UploadProblem::RecordingType));
        }
        // A WAV named .mp3, and things that are not audio at all.
        assert_eq!(check_upload(FileKind::Recording, "interview.mp3", &wav()), Err(UploadProblem::RecordingType));
        assert_eq!(check_upload(FileKind::Recording, "interview.exe", b"MZ"), Err(UploadProblem::RecordingType));
        assert_eq!(check_upload(FileKind::Recording, "notes.txt", b"hello"), Err(UploadProblem::RecordingType));
        assert_eq!(check_upload(FileKind::Recording, "RIFF.wav", b"RIFF\x00\x00\x00\x00AVI LIST"), Err(UploadProblem::RecordingType));
    }

    #[test]
    fn sizes_and_names_are_checked() {
        assert_eq!(check_upload(FileKind::Recording, "", &wav()), Err(UploadProblem::Missing));
        assert_eq!(check_upload(FileKind::Recording, "a.wav", b""), Err(UploadProblem::Empty));
        assert_eq!(size_problem(FileKind::Recording, MAX_RECORDING_BYTES + 1), Some(UploadProblem::TooBigRecording));
        assert_eq!(size_problem(FileKind::Recording, MAX_RECORDING_BYTES), None, "200 MB exactly is fine");
        assert_eq!(size_problem(FileKind::Transcript, MAX_RECORDING_BYTES), Some(UploadProblem::TooBigTranscript));
        let long_text = vec![b'a'; MAX_TRANSCRIPT_BYTES + 1];
        assert_eq!(check_upload(FileKind::Transcript, "t.txt", &long_text), Err(UploadProblem::TooBigTranscript));
        assert_eq!(clean_name("C:\\Users\\m\\Interview 3.txt"), "Interview 3.txt");
        assert_eq!(clean_name("../../etc/pass<wd>.txt"), "pass_wd_.txt");
        assert_eq!(size_text(2_000), "2 KB");
        assert_eq!(size_text(3 * 1024 * 1024), "3.0 MB");
    }

    #[test]
    fn transcripts_are_plain_text() {
        let ok = check_upload(FileKind::Transcript, "P-01.txt", "\u{feff}Interviewer: Hello.\r\nP-01: Hiya – café\tok".as_bytes()).unwrap();
        assert_eq!(ok.text.as_deref(), Some("Interviewer: Hello.\r\nP-01: Hiya – café\tok"), "the byte-order mark is dropped");
        assert_eq!(ok.content_type, TRANSCRIPT_TYPE);
        assert_eq!(check_upload(FileKind::Transcript, "t.txt", b"Hello\x00world"), Err(UploadProblem::NotText), "no NUL");
        assert_eq!(check_upload(FileKind::Transcript, "t.txt", b"\xff\xfe\x00H"), Err(UploadProblem::NotText), "not UTF-8");
        assert_eq!(check_upload(FileKind::Transcript, "t.txt", b"MZ\x90\x00\x03"), Err(UploadProblem::NotText));
        assert_eq!(check_upload(FileKind::Transcript, "t.txt", b"  \n "), Err(UploadProblem::Empty));
        assert_eq!(check_upload(FileKind::Transcript, "t.docx", b"PK\x03\x04word/"), Err(UploadProblem::TranscriptType));
        assert_eq!(check_upload(FileKind::Transcript, "t.mp3", b"ID3"), Err(UploadProblem::TranscriptType));
        assert_eq!(check_pasted("  Interviewer: Hello.\n  "), Ok("Interviewer: Hello.".into()));
        assert!(check_pasted(" ").unwrap_err().contains("Paste or type"));
        assert!(check_pasted("a\u{0}b").is_err());
        assert!(check_pasted(&"a".repeat(MAX_PASTED_CHARS + 1)).unwrap_err().contains("text file"));
    }

    #[test]
    fn consent_decides_what_may_be_kept() {
        let terms = |audio: bool, withdrawn: bool| {
            Some(ConsentTerms { parts: OptionalParts { quotes: false, audio, recontact: false }, withdrawn })
        };
        assert_eq!(coverage_problem(terms(true, false), FileKind::Recording), None);
        assert_eq!(coverage_problem(terms(false, false), FileKind::Recording), Some(UploadProblem::NoAudioConsent));
        assert_eq!(coverage_problem(terms(false, false), FileKind::Transcript), None, "a transcript needs only consent to take part");
        assert_eq!(coverage_problem(terms(true, true), FileKind::Transcript), Some(UploadProblem::Withdrawn));
        assert_eq!(coverage_problem(terms(true, true), FileKind::Recording), Some(UploadProblem::Withdrawn));
        assert_eq!(coverage_problem(None, FileKind::Transcript), Some(UploadProblem::NoConsent));
    }

    #[test]
    fn every_problem_has_a_code_and_words() {
        for problem in UploadProblem::ALL {
            assert_eq!(UploadProblem::parse(problem.code()), Some(problem));
            assert!(problem.text().ends_with('.'));
        }
        assert_eq!(UploadProblem::parse("nonsense"), None);
    }
}
