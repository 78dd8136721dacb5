//! Who gets the summary for participants, and how: pure rules over facts the service loads.
//!
//! Only participants who agreed to be contacted again on their newest consent record, and
//! have not withdrawn, get it; by e-mail when they have an address, otherwise by a letter.
//! Nobody gets the same revision twice: someone it has already gone to is not waiting for
//! it. When the summary's words change after it went to anyone, it becomes a new revision,
//! and those who had an earlier one are waiting again (by the same rules).

/// How the summary reaches someone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Email,
    Letter,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Letter => "letter",
        }
    }

    pub fn parse(value: &str) -> Option<Channel> {
        [Channel::Email, Channel::Letter].into_iter().find(|c| c.as_str() == value)
    }
}

/// What a participant has already had: how, and which revision of the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Had {
    pub channel: Channel,
    pub revision: i64,
}

/// What the rule needs to know about one participant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Facts {
    pub withdrawn: bool,
    /// Agreed to be contacted again, on their newest consent record (no record: no).
    pub agrees_recontact: bool,
    pub has_email: bool,
    /// The revision of the summary saved now (the first is 1).
    pub revision: i64,
    /// What has already gone to them, if anything.
    pub had: Option<Had>,
}

impl Facts {
    /// They have had the summary as it is saved now.
    pub fn has_current(&self) -> bool {
        self.had.is_some_and(|h| h.revision >= self.revision)
    }

    /// They have had an earlier revision, but not this one.
    pub fn had_earlier(&self) -> bool {
        self.had.is_some_and(|h| h.revision < self.revision)
    }
}

/// How this participant should get the summary at all, or `None` if they must not.
pub fn channel(f: &Facts) -> Option<Channel> {
    if f.withdrawn || !f.agrees_recontact {
        None
    } else if f.has_email {
        Some(Channel::Email)
    } else {
        Some(Channel::Letter)
    }
}

/// How the summary is still to reach them: `None` if they must not get it or already have
/// this revision.
pub fn waiting(f: &Facts) -> Option<Channel> {
    if f.has_current() {
        None
    } else {
        channel(f)
    }
}

/// Whether what goes to them now is an updated summary (they had an earlier one).
pub fn is_update(f: &Facts) -> bool {
    waiting(f).is_some() && f.had_earlier()
}

/// Where they stand, in plain words, for the researchers' list.
pub fn status(f: &Facts) -> &'static str {
    let current = f.had.filter(|_| f.has_current()).map(|h| h.channel);
    match (current, channel(f), f.had_earlier()) {
        (_, None, _) if f.withdrawn => "Withdrawn: not sent",
        (_, None, _) => "Did not agree to be contacted again: not sent",
        (Some(Channel::Email), _, _) => "Sent by e-mail",
        (Some(Channel::Letter), _, _) => "Letter posted",
        (None, Some(Channel::Email), true) => "Had an earlier version: will get the updated one by e-mail",
        (None, Some(Channel::Letter), true) => "Had an earlier version: updated letter to print",
        (None, Some(Channel::Email), false) => "Waiting: will get an e-mail",
        (None, Some(Channel::Letter), false) => "Waiting: letter to print",
    }
}

/// The opening words of the e-mail or letter that carries the summary: an updated summary
/// says so.
pub fn opening(title: &str, updated: bool) -> String {
    if updated {
        format!(
            "Thank you for taking part in our research, \"{title}\". We sent you a summary of what we found before. \
             We have changed it since, so here is the updated summary."
        )
    } else {
        format!("Thank you for taking part in our research, \"{title}\". You said we could contact you again, so here is a short summary of what we found.")
    }
}

/// The revision of the summary after a save: a new one when its words change after the
/// current revision went to anyone; otherwise the same (a first revision is 1).
pub fn revision_after_save(current: i64, words_changed: bool, current_was_sent: bool) -> i64 {
    let current = current.max(1);
    if words_changed && current_was_sent {
        current + 1
    } else {
        current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agreed(has_email: bool) -> Facts {
        Facts { agrees_recontact: true, has_email, revision: 1, ..Facts::default() }
    }

    fn had(channel: Channel, revision: i64) -> Option<Had> {
        Some(Had { channel, revision })
    }

    #[test]
    fn only_people_who_agreed_to_be_contacted_again_get_the_summary() {
        assert_eq!(channel(&agreed(true)), Some(Channel::Email));
        assert_eq!(channel(&agreed(false)), Some(Channel::Letter));
        assert_eq!(channel(&Facts { has_email: true, ..Facts::default() }), None, "no recontact agreed");
        assert_eq!(status(&Facts { has_email: true, ..Facts::default() }), "Did not agree to be contacted again: not sent");
    }

    #[test]
    fn a_withdrawn_participant_never_gets_it_even_after_agreeing() {
        for email in [true, false] {
            let f = Facts { withdrawn: true, ..agreed(email) };
            assert_eq!(channel(&f), None);
            assert_eq!(waiting(&f), None);
            assert_eq!(status(&f), "Withdrawn: not sent");
        }
        // Withdrawing after it was sent: not waiting, shown as withdrawn.
        let sent_then_withdrew = Facts { withdrawn: true, had: had(Channel::Email, 1), ..agreed(true) };
        assert_eq!(waiting(&sent_then_withdrew), None);
        assert_eq!(status(&sent_then_withdrew), "Withdrawn: not sent");
    }

    #[test]
    fn nobody_gets_it_twice() {
        let emailed = Facts { had: had(Channel::Email, 1), ..agreed(true) };
        assert_eq!(waiting(&emailed), None);
        assert_eq!(status(&emailed), "Sent by e-mail");
        let posted = Facts { had: had(Channel::Letter, 1), ..agreed(false) };
        assert_eq!(waiting(&posted), None);
        assert_eq!(status(&posted), "Letter posted");
        // Someone who gave an e-mail address after their letter went is still not sent it again.
        assert_eq!(waiting(&Facts { had: had(Channel::Letter, 1), ..agreed(true) }), None);
        assert_eq!(waiting(&agreed(false)), Some(Channel::Letter));
        assert_eq!(status(&agreed(false)), "Waiting: letter to print");
    }

    #[test]
    fn a_revised_summary_goes_once_to_those_who_had_an_earlier_one() {
        // Revision 2 is saved: Ann had 1 by e-mail, Bert had 1 by letter, Cy has had 2.
        let ann = Facts { revision: 2, had: had(Channel::Email, 1), ..agreed(true) };
        assert_eq!(waiting(&ann), Some(Channel::Email));
        assert!(is_update(&ann));
        assert_eq!(status(&ann), "Had an earlier version: will get the updated one by e-mail");
        let bert = Facts { revision: 2, had: had(Channel::Letter, 1), ..agreed(false) };
        assert_eq!(waiting(&bert), Some(Channel::Letter));
        assert_eq!(status(&bert), "Had an earlier version: updated letter to print");
        // The same channel rules: a letter last time, an address now: an e-mail this time.
        assert_eq!(waiting(&Facts { revision: 2, had: had(Channel::Letter, 1), ..agreed(true) }), Some(Channel::Email));
        let cy = Facts { revision: 2, had: had(Channel::Email, 2), ..agreed(true) };
        assert_eq!(waiting(&cy), None, "never the same revision twice");
        assert!(!is_update(&cy));
        assert_eq!(status(&cy), "Sent by e-mail");
        // Someone new gets revision 2 as their first: not an update for them.
        let new = Facts { revision: 2, ..agreed(true) };
        assert_eq!(waiting(&new), Some(Channel::Email));
        assert!(!is_update(&new));
        assert_eq!(status(&new), "Waiting: will get an e-mail");
        assert!(opening("Recovery stories", true).contains("here is the updated summary"));
        assert!(!opening("Recovery stories", false).contains("updated"));
    }

    #[test]
    fn a_revised_summary_never_reaches_the_withdrawn_or_those_who_said_no_since() {
        for email in [true, false] {
            let withdrew = Facts { withdrawn: true, revision: 3, had: had(Channel::Email, 2), ..agreed(email) };
            assert_eq!(waiting(&withdrew), None);
            assert!(!is_update(&withdrew));
            assert_eq!(status(&withdrew), "Withdrawn: not sent");
            let said_no = Facts { agrees_recontact: false, revision: 3, had: had(Channel::Letter, 1), ..agreed(email) };
            assert_eq!(waiting(&said_no), None);
            assert_eq!(status(&said_no), "Did not agree to be contacted again: not sent");
        }
    }

    #[test]
    fn the_revision_goes_up_only_when_the_words_change_after_a_send() {
        assert_eq!(revision_after_save(1, true, false), 1, "changed before anyone had it");
        assert_eq!(revision_after_save(1, false, true), 1, "saved again unchanged after a send");
        assert_eq!(revision_after_save(1, true, true), 2);
        assert_eq!(revision_after_save(2, true, true), 3);
        assert_eq!(revision_after_save(3, true, false), 3, "revision 3 went to nobody yet");
        assert_eq!(revision_after_save(0, false, false), 1, "a first revision is 1");
    }
}
