//! The people writing while the server is killed, each on a thread of their own with a
//! session of their own: trainees writing learning-log entries, a commissioner drafting
//! briefs, and commissioners taking briefs all the way to an award (draft, publish, two
//! groups respond, award: the award is the write of many rows that must never be half-done).
//! Every write the server acknowledged is recorded, to be looked for after the restart.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::wire::{self, ids_in};

/// A write the server acknowledged: it answered with the redirect that follows a save.
#[derive(Debug, Clone)]
pub enum Write {
    Reflection { email: String, body: String },
    BriefDrafted { brief_id: i64, title: String },
    BriefPublished { brief_id: i64 },
    ResponseStarted { response_id: i64, brief_id: i64, group_id: i64 },
    ResponseSaved { response_id: i64, approach: String },
    ResponseSubmitted { response_id: i64 },
    Awarded { project_id: i64, brief_id: i64, response_id: i64, declined_id: i64, feedback: String },
}

/// What the clients have done so far, for the moment of the kill; and the word to stop.
#[derive(Default)]
pub struct Progress {
    pub writes: AtomicUsize,
    pub awards: AtomicUsize,
    /// Awards sent and not yet answered: the moment to aim the kill at.
    pub awarding: AtomicUsize,
    pub stop: AtomicBool,
}

/// A group answering briefs: its coordinator's session and the group's id.
#[derive(Clone)]
pub struct Group {
    pub cookie: String,
    pub group_id: i64,
}

/// A commissioner's session, the body the briefs are for, and the contact on them.
#[derive(Clone)]
pub struct Commissioner {
    pub cookie: String,
    pub organisation_id: i64,
    pub name: &'static str,
    pub email: &'static str,
}

#[derive(Clone)]
pub enum Client {
    LearningLog { email: &'static str, cookie: String, cohort_id: i64, module_id: i64 },
    Drafts(Commissioner),
    Awards { commissioner: Commissioner, winner: Group, other: Group },
}

/// What one client did: the writes acknowledged, and the refusals (none are expected
/// before the kill; they are shown to help find out why a run went wrong).
pub struct Outcome {
    pub name: String,
    pub acked: Vec<Write>,
    pub refused: Vec<String>,
}

/// Why a client's run of writes broke off: a refusal, or the server stopped answering.
enum Cut {
    Refused,
    Gone,
}

struct Writer<'a> {
    port: u16,
    progress: &'a Progress,
    outcome: Outcome,
}

impl Writer<'_> {
    /// Posts a form and returns where the server sent the browser, if that is `expected`.
    fn post(&mut self, path: &str, form: &[(&str, &str)], cookie: &str, referer: &str, expected: &str) -> Result<String, Cut> {
        match wire::send(self.port, path, Some(form), Some(cookie), referer) {
            Err(_) => Err(Cut::Gone),
            Ok(reply) if reply.saved() && reply.location().starts_with(expected) => Ok(reply.location().to_string()),
            Ok(reply) => {
                let first_line = reply.body.lines().next().unwrap_or_default().to_string();
                self.outcome.refused.push(format!("{path}: {} to {:?} {first_line}", reply.status, reply.location()));
                Err(Cut::Refused)
            }
        }
    }

    fn record(&mut self, write: Write) {
        if matches!(write, Write::Awarded { .. }) {
            self.progress.awards.fetch_add(1, Ordering::SeqCst);
        }
        self.progress.writes.fetch_add(1, Ordering::SeqCst);
        self.outcome.acked.push(write);
    }

    /// The ids in a redirect the server just gave, which must have `count` of them.
    fn ids(&mut self, location: &str, count: usize) -> Result<Vec<i64>, Cut> {
        let ids = ids_in(location.split('?').next().unwrap_or_default());
        if ids.len() == count {
            Ok(ids)
        } else {
            self.outcome.refused.push(format!("unexpected redirect {location:?}"));
            Err(Cut::Refused)
        }
    }

    fn reflect(&mut self, n: usize, email: &str, cookie: &str, cohort_id: i64, module_id: i64) -> Result<(), Cut> {
        let body = format!("Fault test note {n} by {email} ({}): what I learned today.", self.outcome.name);
        let (cohort, module) = (cohort_id.to_string(), module_id.to_string());
        let page = format!("/training/cohorts/{cohort}/modules/{module}");
        self.post("/api/training-reflect", &[("cohort_id", &cohort), ("module_id", &module), ("body", &body)], cookie, &page, &page)?;
        self.record(Write::Reflection { email: email.to_string(), body });
        Ok(())
    }

    fn draft(&mut self, title: &str, by: &Commissioner) -> Result<i64, Cut> {
        let organisation = by.organisation_id.to_string();
        let form = [
            ("organisation_id", organisation.as_str()),
            ("title", title),
            ("summary", "What happens to people's work when the server stops suddenly."),
            ("background", ""),
            ("questions", "Is everything that was saved still there?"),
            ("about_whom", "older_people"),
            ("methods", ""),
            ("outputs", "A report."),
            ("budget_min", "2000"),
            ("budget_max", "3000"),
            ("responses_due", "01/03/2099"),
            ("start_date", "01/04/2099"),
            ("report_due", "01/10/2099"),
            ("contact_name", by.name),
            ("contact_email", by.email),
        ];
        let location = self.post("/api/create-brief", &form, &by.cookie, "/briefs/new", "/briefs/")?;
        let brief_id = self.ids(&location, 1)?[0];
        self.record(Write::BriefDrafted { brief_id, title: title.to_string() });
        Ok(brief_id)
    }

    /// A group starts, fills in and sends its response to the brief; returns its id.
    fn respond(&mut self, brief_id: i64, group: &Group) -> Result<i64, Cut> {
        let (brief, group_id) = (brief_id.to_string(), group.group_id.to_string());
        let expected = format!("/briefs/{brief_id}/responses/");
        let location =
            self.post("/api/start-response", &[("brief_id", &brief), ("group_id", &group_id)], &group.cookie, &format!("/briefs/{brief}"), &expected)?;
        let response_id = self.ids(&location, 2)?[1];
        self.record(Write::ResponseStarted { response_id, brief_id, group_id: group.group_id });

        let response = response_id.to_string();
        let page = format!("{expected}{response}");
        let approach = format!("Peer interviews, response {response}.");
        let form = [
            ("response_id", response.as_str()),
            ("approach", approach.as_str()),
            ("lived_experience", "Members lead."),
            ("team", "Two peer researchers."),
            ("timeline", "Six months."),
            ("ethics_route", "University committee."),
            ("peer_hours", "10"),
            ("peer_rate", "15"),
            ("expenses", "100"),
            ("academic", ""),
            ("other", ""),
            ("other_note", ""),
        ];
        self.post("/api/save-response", &form, &group.cookie, &page, &page)?;
        self.record(Write::ResponseSaved { response_id, approach });
        self.post("/api/submit-response", &[("response_id", &response)], &group.cookie, &page, &page)?;
        self.record(Write::ResponseSubmitted { response_id });
        Ok(response_id)
    }

    /// One brief from draft to award.
    fn commission(&mut self, n: usize, commissioner: &Commissioner, winner: &Group, other: &Group) -> Result<(), Cut> {
        let brief_id = self.draft(&format!("Fault test brief {n} from {}", self.outcome.name), commissioner)?;
        let page = format!("/briefs/{brief_id}");
        self.post("/api/publish-brief", &[("brief_id", &brief_id.to_string())], &commissioner.cookie, &page, &page)?;
        self.record(Write::BriefPublished { brief_id });
        let response_id = self.respond(brief_id, winner)?;
        let declined_id = self.respond(brief_id, other)?;
        let feedback = format!("Thank you. Another group was chosen for brief {brief_id}.");
        let form = [("response_id", response_id.to_string()), ("feedback", feedback.clone())];
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.progress.awarding.fetch_add(1, Ordering::SeqCst);
        let awarded = self.post("/api/award-brief", &form, &commissioner.cookie, &format!("{page}/decisions"), "/projects/");
        self.progress.awarding.fetch_sub(1, Ordering::SeqCst);
        let location = awarded?;
        let project_id = self.ids(&location, 1)?[0];
        self.record(Write::Awarded { project_id, brief_id, response_id, declined_id, feedback });
        Ok(())
    }
}

impl Client {
    /// Writes until told to stop or the server stops answering.
    pub fn run(&self, name: String, port: u16, progress: &Progress) -> Outcome {
        let mut writer = Writer { port, progress, outcome: Outcome { name, acked: Vec::new(), refused: Vec::new() } };
        let mut n = 0;
        while !progress.stop.load(Ordering::SeqCst) {
            n += 1;
            let done = match self {
                Client::LearningLog { email, cookie, cohort_id, module_id } => writer.reflect(n, email, cookie, *cohort_id, *module_id),
                Client::Drafts(commissioner) => {
                    let title = format!("Fault test draft {n} from {}", writer.outcome.name);
                    writer.draft(&title, commissioner).map(|_| ())
                }
                Client::Awards { commissioner, winner, other } => writer.commission(n, commissioner, winner, other),
            };
            match done {
                Ok(()) | Err(Cut::Refused) => {}
                Err(Cut::Gone) => break,
            }
        }
        writer.outcome
    }
}

/// Signs in as a person would and returns the session cookie.
pub fn sign_in(port: u16, email: &str) -> String {
    let form = [("email", email), ("password", app::demo::DEMO_PASSWORD), ("next", "")];
    let reply = wire::send(port, "/api/sign-in", Some(&form), None, "/sign-in").expect("the server answers a sign-in");
    assert!(reply.saved(), "{email} could not sign in: {} {}", reply.status, reply.location());
    reply.session_cookie().unwrap_or_else(|| panic!("no session cookie for {email}"))
}
