//! Who gets the summary for participants, and how: pure rules over facts the service loads.
//!
//! Only participants who agreed to be contacted again on their newest consent record, and
//! have not withdrawn, get it; by e-mail when they have an address, otherwise by a letter.
//! Nobody gets it twice: someone it has already gone to is not waiting for it.

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

/// What the rule needs to know about one participant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Facts {
    pub withdrawn: bool,
    /// Agreed to be contacted again, on their newest consent record (no record: no).
    pub agrees_recontact: bool,
    pub has_email: bool,
    /// How it has already gone to them, if it has.
    pub already: Option<Channel>,
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

/// How the summary is still to reach them: `None` if they must not get it or already have.
pub fn waiting(f: &Facts) -> Option<Channel> {
    if f.already.is_some() {
        None
    } else {
        channel(f)
    }
}

/// Where they stand, in plain words, for the researchers' list.
pub fn status(f: &Facts) -> &'static str {
    match (f.already, channel(f)) {
        (_, None) if f.withdrawn => "Withdrawn: not sent",
        (_, None) => "Did not agree to be contacted again: not sent",
        (Some(Channel::Email), _) => "Sent by e-mail",
        (Some(Channel::Letter), _) => "Letter posted",
        (None, Some(Channel::Email)) => "Waiting: will get an e-mail",
        (None, Some(Channel::Letter)) => "Waiting: letter to print",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agreed(has_email: bool) -> Facts {
        Facts { agrees_recontact: true, has_email, ..Facts::default() }
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
        let sent_then_withdrew = Facts { withdrawn: true, already: Some(Channel::Email), ..agreed(true) };
        assert_eq!(waiting(&sent_then_withdrew), None);
        assert_eq!(status(&sent_then_withdrew), "Withdrawn: not sent");
    }

    #[test]
    fn nobody_gets_it_twice() {
        let emailed = Facts { already: Some(Channel::Email), ..agreed(true) };
        assert_eq!(waiting(&emailed), None);
        assert_eq!(status(&emailed), "Sent by e-mail");
        let posted = Facts { already: Some(Channel::Letter), ..agreed(false) };
        assert_eq!(waiting(&posted), None);
        assert_eq!(status(&posted), "Letter posted");
        // Someone who gave an e-mail address after their letter went is still not sent it again.
        assert_eq!(waiting(&Facts { already: Some(Channel::Letter), ..agreed(true) }), None);
        assert_eq!(waiting(&agreed(false)), Some(Channel::Letter));
        assert_eq!(status(&agreed(false)), "Waiting: letter to print");
    }
}
