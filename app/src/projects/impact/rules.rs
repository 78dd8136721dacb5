//! The words and rules of the tracker, as pure functions: the answers a commissioner may
//! give, how the work is going, the kinds of impact, and what an answer must say.

/// The commissioner's answer to a recommendation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Response {
    Awaiting,
    Accepted,
    Partly,
    NotAccepted,
}

impl Response {
    pub const ALL: [Response; 4] = [Response::Awaiting, Response::Accepted, Response::Partly, Response::NotAccepted];

    pub fn as_str(self) -> &'static str {
        match self {
            Response::Awaiting => "awaiting",
            Response::Accepted => "accepted",
            Response::Partly => "partly",
            Response::NotAccepted => "not_accepted",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Response::Awaiting => "Waiting for an answer",
            Response::Accepted => "Accepted",
            Response::Partly => "Partly accepted",
            Response::NotAccepted => "Not accepted",
        }
    }

    pub fn parse(value: &str) -> Option<Response> {
        Response::ALL.into_iter().find(|r| r.as_str() == value)
    }
}

/// How the work on a recommendation is going.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    NotStarted,
    UnderWay,
    Done,
    NotGoingAhead,
}

impl Progress {
    pub const ALL: [Progress; 4] = [Progress::NotStarted, Progress::UnderWay, Progress::Done, Progress::NotGoingAhead];

    pub fn as_str(self) -> &'static str {
        match self {
            Progress::NotStarted => "not_started",
            Progress::UnderWay => "under_way",
            Progress::Done => "done",
            Progress::NotGoingAhead => "not_going_ahead",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Progress::NotStarted => "Not started",
            Progress::UnderWay => "Under way",
            Progress::Done => "Done: we did it",
            Progress::NotGoingAhead => "Not going ahead",
        }
    }

    pub fn parse(value: &str) -> Option<Progress> {
        Progress::ALL.into_iter().find(|p| p.as_str() == value)
    }
}

/// The kinds of impact the groups' own reports use.
pub const IMPACT_KINDS: [(&str, &str); 5] = [
    ("service", "A service changed"),
    ("policy", "A policy or strategy changed"),
    ("practice", "Practice or training changed"),
    ("civic", "Civic: people took part in decisions"),
    ("personal", "Personal: people's own lives changed"),
];

pub fn impact_kind_label(kind: &str) -> &'static str {
    IMPACT_KINDS.iter().find(|(k, _)| *k == kind).map(|(_, l)| *l).unwrap_or("Other")
}

/// How a peer researcher's confidence changed (they may leave it unsaid).
pub const CONFIDENCE: [(&str, &str); 5] = [
    ("", "I would rather not say"),
    ("much_more", "Much more confident"),
    ("more", "A bit more confident"),
    ("same", "About the same"),
    ("less", "Less confident"),
];

pub fn confidence_label(value: &str) -> &'static str {
    CONFIDENCE.iter().find(|(k, _)| *k == value).map(|(_, l)| *l).unwrap_or("")
}

/// What an answer to a recommendation says, already trimmed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answer<'a> {
    pub response: &'a str,
    pub status: &'a str,
    pub action: &'a str,
    pub evidence: &'a str,
    pub note: &'a str,
}

/// The field messages an answer needs before it can be saved: an answer chosen; an action
/// for anything accepted; a reason when not accepted; what was done when it is marked done.
/// Each message is for the field it names.
pub fn answer_problems(a: &Answer) -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    let response = Response::parse(a.response);
    match response {
        None | Some(Response::Awaiting) => out.push(("response", "Choose your answer: accepted, partly accepted or not accepted")),
        Some(Response::Accepted | Response::Partly) if a.action.is_empty() => {
            out.push(("action", "Say what will be done about it"));
        }
        Some(Response::NotAccepted) if a.note.is_empty() => out.push(("note", "Say why it is not accepted")),
        _ => {}
    }
    match Progress::parse(a.status) {
        None => out.push(("status", "Choose how the work is going")),
        Some(Progress::Done) if a.evidence.is_empty() => {
            out.push(("evidence", "Say what was done, or where to see it, before marking it done"));
        }
        Some(Progress::Done | Progress::UnderWay) if response == Some(Response::NotAccepted) => {
            out.push(("status", "A recommendation that is not accepted cannot be under way or done"));
        }
        _ => {}
    }
    out
}

/// "3 recommendations: 1 done, 1 under way, 1 waiting for an answer", from the stored
/// (response, status) of each.
pub fn tally(items: &[(&str, &str)]) -> String {
    if items.is_empty() {
        return "No recommendations yet.".into();
    }
    let count = |f: &dyn Fn(&(&str, &str)) -> bool| items.iter().filter(|i| f(i)).count();
    let awaiting = count(&|(r, _)| *r == "awaiting");
    let done = count(&|(r, s)| *r != "awaiting" && *s == "done");
    let under_way = count(&|(r, s)| *r != "awaiting" && *s == "under_way");
    let not_ahead = count(&|(r, s)| *r != "awaiting" && (*r == "not_accepted" || *s == "not_going_ahead"));
    let not_started = items.len() - awaiting - done - under_way - not_ahead;
    let mut parts = Vec::new();
    for (n, words) in [
        (done, "done"),
        (under_way, "under way"),
        (not_started, "accepted but not started"),
        (not_ahead, "not going ahead"),
        (awaiting, "waiting for an answer"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {words}"));
        }
    }
    let noun = if items.len() == 1 { "recommendation" } else { "recommendations" };
    format!("{} {noun}: {}.", items.len(), parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer<'a>(response: &'a str, status: &'a str) -> Answer<'a> {
        Answer { response, status, ..Answer::default() }
    }

    #[test]
    fn words_and_stored_values_round_trip() {
        for r in Response::ALL {
            assert_eq!(Response::parse(r.as_str()), Some(r));
        }
        for p in Progress::ALL {
            assert_eq!(Progress::parse(p.as_str()), Some(p));
        }
        assert_eq!(Response::parse("maybe"), None);
        assert_eq!(impact_kind_label("service"), "A service changed");
        assert_eq!(confidence_label("much_more"), "Much more confident");
    }

    #[test]
    fn an_answer_must_be_chosen_and_accepted_work_needs_an_action() {
        let fields = |a: &Answer| answer_problems(a).into_iter().map(|(f, _)| f).collect::<Vec<_>>();
        assert_eq!(fields(&answer("awaiting", "not_started")), vec!["response"]);
        assert_eq!(fields(&answer("", "")), vec!["response", "status"]);
        assert_eq!(fields(&answer("accepted", "not_started")), vec!["action"]);
        assert_eq!(fields(&answer("partly", "under_way")), vec!["action"]);
        let ok = Answer { action: "Fund four lunch clubs", ..answer("accepted", "under_way") };
        assert!(answer_problems(&ok).is_empty());
    }

    #[test]
    fn not_accepted_needs_a_reason_and_cannot_be_done() {
        let fields = |a: &Answer| answer_problems(a).into_iter().map(|(f, _)| f).collect::<Vec<_>>();
        assert_eq!(fields(&answer("not_accepted", "not_going_ahead")), vec!["note"]);
        let with_reason = Answer { note: "No budget this year", ..answer("not_accepted", "not_going_ahead") };
        assert!(answer_problems(&with_reason).is_empty());
        let under_way = Answer { note: "No budget", ..answer("not_accepted", "under_way") };
        assert_eq!(fields(&under_way), vec!["status"]);
    }

    #[test]
    fn done_needs_evidence_of_what_was_done() {
        let done = Answer { action: "Open lunch clubs", ..answer("accepted", "done") };
        assert_eq!(answer_problems(&done), vec![("evidence", "Say what was done, or where to see it, before marking it done")]);
        let with_evidence = Answer { evidence: "Four clubs opened in May", ..done };
        assert!(answer_problems(&with_evidence).is_empty());
    }

    #[test]
    fn the_tally_counts_each_state_once() {
        assert_eq!(tally(&[]), "No recommendations yet.");
        let items = [
            ("accepted", "done"),
            ("partly", "under_way"),
            ("awaiting", "not_started"),
            ("accepted", "not_started"),
            ("not_accepted", "not_going_ahead"),
        ];
        assert_eq!(
            tally(&items),
            "5 recommendations: 1 done, 1 under way, 1 accepted but not started, 1 not going ahead, 1 waiting for an answer."
        );
        assert_eq!(tally(&[("accepted", "done")]), "1 recommendation: 1 done.");
    }
}
