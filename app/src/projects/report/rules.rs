//! The report's sign-off rules, as pure functions: when a version may be sent to the
//! commissioner, when the commissioner may sign it off or ask for changes, and whether the
//! report counts as signed off for the gate out of reporting.

use serde::{Deserialize, Serialize};

/// What the commissioner decided about a version sent to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    SignedOff,
    ChangesAsked,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::SignedOff => "signed_off",
            Decision::ChangesAsked => "changes_asked",
        }
    }

    pub fn parse(word: &str) -> Option<Self> {
        match word {
            "signed_off" => Some(Decision::SignedOff),
            "changes_asked" => Some(Decision::ChangesAsked),
            _ => None,
        }
    }
}

/// One saved version as the rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VersionState {
    pub number: i64,
    pub sent: bool,
    pub decision: Option<Decision>,
}

/// Why something may not be done, and the form field the message belongs beside (if any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub field: Option<&'static str>,
    pub message: String,
}

fn refuse(message: impl Into<String>) -> Refusal {
    Refusal { field: None, message: message.into() }
}

fn newer(v: &VersionState, latest: i64) -> Option<Refusal> {
    (v.number < latest).then(|| {
        refuse(format!(
            "Version {} is no longer the latest: version {latest} was saved after it. Only the latest version can be sent or signed off.",
            v.number
        ))
    })
}

/// Sending a version for sign-off: it must be the latest, not sent already, and carry a
/// lay summary.
pub fn check_send(v: &VersionState, latest: i64, lay_summary: &str) -> Result<(), Refusal> {
    if let Some(r) = newer(v, latest) {
        return Err(r);
    }
    if v.sent {
        return Err(refuse(format!("Version {} has already been sent for sign-off.", v.number)));
    }
    if lay_summary.trim().is_empty() {
        return Err(Refusal {
            field: Some("lay_summary"),
            message: "This version has no lay summary. Write the lay summary on the report page, save a new version, then send that one".into(),
        });
    }
    Ok(())
}

/// The commissioner signing off a version: it must have been sent to them, not decided
/// already, and still be the latest.
pub fn check_sign_off(v: &VersionState, latest: i64) -> Result<(), Refusal> {
    if !v.sent {
        return Err(refuse(format!("Version {} has not been sent for sign-off.", v.number)));
    }
    if let Some(d) = v.decision {
        return Err(refuse(match d {
            Decision::SignedOff => format!("Version {} is already signed off.", v.number),
            Decision::ChangesAsked => format!("You have asked for changes to version {}. Sign off the new version when the team sends it.", v.number),
        }));
    }
    if v.number < latest {
        return Err(refuse(format!(
            "Version {} cannot be signed off because it is no longer the latest: the team has saved version {latest} since. \
             Sign off the latest version once it is sent to you.",
            v.number
        )));
    }
    Ok(())
}

/// Asking for changes: the version was sent and is not decided yet.
pub fn check_ask_for_changes(v: &VersionState) -> Result<(), Refusal> {
    if !v.sent {
        return Err(refuse(format!("Version {} has not been sent for sign-off.", v.number)));
    }
    if v.decision.is_some() {
        return Err(refuse(format!("A decision on version {} has already been made.", v.number)));
    }
    Ok(())
}

/// Whether the report counts as signed off: the latest version is signed off and the draft
/// has not been changed since it was saved (an edit after sign-off needs a new version and
/// a new sign-off).
pub fn signed_off(latest: Option<(VersionState, i64)>, draft_revision: i64) -> bool {
    latest.is_some_and(|(v, saved_at_revision)| v.decision == Some(Decision::SignedOff) && saved_at_revision == draft_revision)
}

/// The version's state in plain words.
pub fn status_words(v: &VersionState, latest: i64) -> String {
    let state = match (v.sent, v.decision) {
        (_, Some(Decision::SignedOff)) => "Signed off by the commissioner",
        (_, Some(Decision::ChangesAsked)) => "The commissioner asked for changes",
        (true, None) => "Sent for sign-off, waiting for the commissioner",
        (false, None) => "Saved, not sent",
    };
    if v.number < latest {
        format!("{state} (a newer version has been saved)")
    } else {
        state.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(number: i64, sent: bool, decision: Option<Decision>) -> VersionState {
        VersionState { number, sent, decision }
    }

    #[test]
    fn a_version_is_sent_only_when_latest_unsent_and_with_a_lay_summary() {
        assert!(check_send(&v(2, false, None), 2, "What we found").is_ok());
        let no_summary = check_send(&v(2, false, None), 2, "  ").unwrap_err();
        assert_eq!(no_summary.field, Some("lay_summary"));
        assert!(no_summary.message.contains("lay summary"));
        assert!(check_send(&v(1, false, None), 2, "x").unwrap_err().message.contains("no longer the latest"));
        assert!(check_send(&v(2, true, None), 2, "x").unwrap_err().message.contains("already been sent"));
    }

    #[test]
    fn only_the_latest_sent_undecided_version_is_signed_off() {
        assert!(check_sign_off(&v(2, true, None), 2).is_ok());
        let stale = check_sign_off(&v(1, true, None), 2).unwrap_err();
        assert!(stale.message.contains("no longer the latest") && stale.message.contains("version 2"), "{stale:?}");
        assert!(check_sign_off(&v(2, false, None), 2).unwrap_err().message.contains("not been sent"));
        assert!(check_sign_off(&v(2, true, Some(Decision::SignedOff)), 2).unwrap_err().message.contains("already signed off"));
        assert!(check_sign_off(&v(2, true, Some(Decision::ChangesAsked)), 2).is_err());
    }

    #[test]
    fn changes_are_asked_for_on_a_sent_undecided_version() {
        assert!(check_ask_for_changes(&v(1, true, None)).is_ok());
        assert!(check_ask_for_changes(&v(1, false, None)).is_err());
        assert!(check_ask_for_changes(&v(1, true, Some(Decision::SignedOff))).is_err());
    }

    #[test]
    fn the_report_is_signed_off_only_while_the_latest_version_is_and_the_draft_is_unchanged() {
        assert!(!signed_off(None, 0));
        assert!(signed_off(Some((v(2, true, Some(Decision::SignedOff)), 7)), 7));
        assert!(!signed_off(Some((v(2, true, Some(Decision::SignedOff)), 7)), 8), "an edit after sign-off");
        assert!(!signed_off(Some((v(3, false, None), 8)), 8), "a new version not yet signed off");
        assert!(!signed_off(Some((v(2, true, Some(Decision::ChangesAsked)), 7)), 7));
    }

    #[test]
    fn status_words_say_when_a_version_is_out_of_date() {
        assert_eq!(status_words(&v(1, false, None), 1), "Saved, not sent");
        assert!(status_words(&v(1, true, None), 2).ends_with("(a newer version has been saved)"));
    }
}
