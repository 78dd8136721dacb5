//! The gate rules, as pure functions over facts the service loads: what each gate asks for
//! (its checklist, in plain words), who must sign it, and what is still missing.

use crate::projects::gates::Signer;
use crate::projects::Stage;

/// What the gate rules need to know about a project. The service loads it in a few queries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GateFacts {
    pub leads: i64,
    pub peer_researchers: i64,
    pub has_supporter: bool,
    pub involvement_chosen: bool,
    pub agreed_questions: bool,
    pub methods_written: bool,
    pub inclusion_written: bool,
    pub exclusion_written: bool,
    pub targets: i64,
    pub milestones: i64,
    pub risk_plan_written: bool,
    /// What is collected, where it is kept and who may see it are all written.
    pub data_plan_written: bool,
    pub retention_date_set: bool,
    /// An academic supporter on the team has signed off the plan as it is now.
    pub plan_signed_off: bool,
    /// Milestones per stage: (stage, how many, how many completed).
    pub milestones_by_stage: Vec<(Stage, i64, i64)>,
    /// The ethics clearance's missing lines (only read for the ethics gate).
    pub clearance_missing: Vec<String>,
    /// The report's lay summary is written (only read for the reporting gate).
    pub lay_summary_written: bool,
    /// The commissioner has signed off the latest version of the report, and the draft has
    /// not changed since (only read for the reporting gate).
    pub report_signed_off: bool,
    /// A feedback event with participants is recorded, or why there was none (findings).
    pub feedback_checked: bool,
    /// What a signature is given on besides the checklist: the team and its roles, the
    /// level of involvement and the plan's revision, in one line.
    pub content: String,
}

impl GateFacts {
    fn milestones_for(&self, stage: Stage) -> (i64, i64) {
        self.milestones_by_stage.iter().find(|(s, ..)| *s == stage).map(|(_, n, done)| (*n, *done)).unwrap_or((0, 0))
    }
}

/// One line of a gate's checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criterion {
    pub text: String,
    pub met: bool,
}

fn item(text: impl Into<String>, met: bool) -> Criterion {
    Criterion { text: text.into(), met }
}

/// The checklist of the gate that leads out of `from`.
pub fn criteria(from: Stage, f: &GateFacts) -> Vec<Criterion> {
    match from {
        Stage::Agreed => vec![
            item("The team has a project lead", f.leads == 1),
            item("The team has at least one peer researcher", f.peer_researchers > 0),
            item("The team has chosen its level of involvement", f.involvement_chosen),
        ],
        Stage::Planning => {
            let mut list = vec![
                item("The team has agreed a version of the research questions", f.agreed_questions),
                item("The methods are written", f.methods_written),
                item("The sampling plan says who can take part (inclusion criteria)", f.inclusion_written),
                item("The sampling plan says who cannot take part (exclusion criteria)", f.exclusion_written),
                item("The sampling plan has at least one target number", f.targets > 0),
                item("At least one milestone is set", f.milestones > 0),
                item("The risk and lone-working plan is written", f.risk_plan_written),
                item("The data management plan says what is collected, where it is kept and who may see it", f.data_plan_written),
                item("The data management plan has a date to delete the data by", f.retention_date_set),
            ];
            if f.has_supporter {
                list.push(item("The academic supporter has signed off the plan after peer review", f.plan_signed_off));
            }
            list
        }
        Stage::Ethics => {
            if f.clearance_missing.is_empty() {
                vec![item("Every ethics application is approved and every condition is closed", true)]
            } else {
                f.clearance_missing.iter().map(|line| item(format!("Still needed: {line}"), false)).collect()
            }
        }
        Stage::Closed => Vec::new(),
        later => {
            let mut list = Vec::new();
            let (n, done) = f.milestones_for(later);
            list.push(item(format!("Every milestone for {} is complete ({done} of {n})", later.name().to_lowercase()), n == done));
            if later == Stage::Analysis {
                list.push(item(crate::projects::findings::GATE_LINE, f.feedback_checked));
            }
            match later.next() {
                Some(Stage::Closed) | None => {
                    let all: i64 = f.milestones_by_stage.iter().map(|(_, n, _)| n).sum();
                    let all_done: i64 = f.milestones_by_stage.iter().map(|(_, _, d)| d).sum();
                    list.push(item("Every milestone of the project is complete", all == all_done));
                }
                Some(next) => {
                    let (n, _) = f.milestones_for(next);
                    list.push(item(format!("At least one milestone for {} is set", next.name().to_lowercase()), n > 0));
                }
            }
            if later == Stage::Reporting {
                list.push(item("The lay summary is written", f.lay_summary_written));
                list.push(item("The commissioner has signed off the latest version of the report", f.report_signed_off));
            }
            list
        }
    }
}

/// Who must sign the gate that leads out of `from`: the project lead always; the academic
/// supporter for the plan's gate when one is on the team; the commissioner where they
/// confirm the start, and at the last gates.
pub fn signers(from: Stage, has_supporter: bool) -> Vec<Signer> {
    let mut list = vec![Signer::Lead];
    match from {
        Stage::Planning if has_supporter => list.push(Signer::Supporter),
        Stage::Agreed | Stage::Reporting | Stage::ImpactFollowUp => list.push(Signer::Commissioner),
        _ => {}
    }
    list
}

/// Everything still missing before the gate may be passed: unmet criteria, then missing
/// signatures. Empty means the gate may be passed.
pub fn missing(criteria: &[Criterion], required: &[Signer], signed: &[Signer]) -> Vec<String> {
    let mut out: Vec<String> = criteria.iter().filter(|c| !c.met).map(|c| c.text.clone()).collect();
    for signer in required {
        if !signed.contains(signer) {
            out.push(format!("The signature of {}", signer.who()));
        }
    }
    out
}

/// What a signature is given on, kept beside it: the project's content line, then each
/// checklist item done at the time.
pub fn snapshot(content: &str, criteria: &[Criterion]) -> String {
    let mut out = content.to_string();
    for c in criteria.iter().filter(|c| c.met) {
        out.push('\n');
        out.push_str(&c.text);
    }
    out
}

/// Whether a signature still stands: the team, involvement and plan are as they were when
/// it was given, and nothing done then has been undone. Items done since do not matter, so
/// a lead may sign before the supporter signs off. A signature from before snapshots were
/// kept (`None`) stands.
pub fn still_stands(signed_on: Option<&str>, content: &str, criteria: &[Criterion]) -> bool {
    let Some(signed_on) = signed_on else { return true };
    let mut lines = signed_on.split('\n');
    if lines.next() != Some(content) {
        return false;
    }
    lines.all(|done| criteria.iter().any(|c| c.met && c.text == done))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ready_plan() -> GateFacts {
        GateFacts {
            leads: 1,
            peer_researchers: 1,
            involvement_chosen: true,
            agreed_questions: true,
            methods_written: true,
            inclusion_written: true,
            exclusion_written: true,
            targets: 1,
            milestones: 2,
            risk_plan_written: true,
            data_plan_written: true,
            retention_date_set: true,
            ..GateFacts::default()
        }
    }

    #[test]
    fn a_signature_stands_until_the_content_changes_or_something_done_is_undone() {
        let half = GateFacts { leads: 1, content: "team 1:lead|involvement|plan 1".into(), ..GateFacts::default() };
        let signed = snapshot(&half.content, &criteria(Stage::Agreed, &half));
        assert!(still_stands(Some(&signed), &half.content, &criteria(Stage::Agreed, &half)));
        // More done since: it stands.
        let done = GateFacts { peer_researchers: 1, involvement_chosen: true, ..half.clone() };
        assert!(still_stands(Some(&signed), &half.content, &criteria(Stage::Agreed, &done)));
        // Something done then is undone: it no longer stands.
        let no_lead = GateFacts { leads: 0, ..done.clone() };
        assert!(!still_stands(Some(&signed), &half.content, &criteria(Stage::Agreed, &no_lead)));
        // The team or the plan changed: it no longer stands, even with the same checklist.
        assert!(!still_stands(Some(&signed), "team 1:lead,2:peer_researcher|involvement|plan 1", &criteria(Stage::Agreed, &done)));
        // A milestone added changes the line that counted them.
        let ms = |n, d| GateFacts { milestones_by_stage: vec![(Stage::Fieldwork, n, d), (Stage::Analysis, 1, 0)], ..GateFacts::default() };
        let signed = snapshot("c", &criteria(Stage::Fieldwork, &ms(2, 2)));
        assert!(still_stands(Some(&signed), "c", &criteria(Stage::Fieldwork, &ms(2, 2))));
        assert!(!still_stands(Some(&signed), "c", &criteria(Stage::Fieldwork, &ms(3, 2))));
        // Signatures from before snapshots were kept stand.
        assert!(still_stands(None, "anything", &[]));
    }

    fn unmet(from: Stage, f: &GateFacts) -> Vec<String> {
        criteria(from, f).into_iter().filter(|c| !c.met).map(|c| c.text).collect()
    }

    #[test]
    fn the_first_gate_needs_a_lead_a_peer_researcher_and_an_involvement_level() {
        let none = GateFacts::default();
        assert_eq!(unmet(Stage::Agreed, &none).len(), 3);
        let f = GateFacts { leads: 1, peer_researchers: 2, involvement_chosen: true, ..GateFacts::default() };
        assert!(unmet(Stage::Agreed, &f).is_empty());
        let no_peer = GateFacts { peer_researchers: 0, ..f };
        assert_eq!(unmet(Stage::Agreed, &no_peer), vec!["The team has at least one peer researcher".to_string()]);
    }

    #[test]
    fn the_plan_gate_checks_every_part_of_the_plan() {
        assert!(unmet(Stage::Planning, &ready_plan()).is_empty());
        let empty = unmet(Stage::Planning, &GateFacts::default());
        assert_eq!(empty.len(), 9, "{empty:?}");
        let no_date = GateFacts { retention_date_set: false, ..ready_plan() };
        assert_eq!(unmet(Stage::Planning, &no_date), vec!["The data management plan has a date to delete the data by".to_string()]);
    }

    #[test]
    fn a_supporter_on_the_team_must_sign_off_the_plan() {
        let with_supporter = GateFacts { has_supporter: true, ..ready_plan() };
        assert_eq!(unmet(Stage::Planning, &with_supporter).len(), 1);
        let signed = GateFacts { plan_signed_off: true, ..with_supporter };
        assert!(unmet(Stage::Planning, &signed).is_empty());
        assert_eq!(signers(Stage::Planning, true), vec![Signer::Lead, Signer::Supporter]);
        assert_eq!(signers(Stage::Planning, false), vec![Signer::Lead]);
    }

    #[test]
    fn the_ethics_gate_lists_what_clearance_is_missing() {
        let clear = GateFacts::default();
        let list = criteria(Stage::Ethics, &clear);
        assert!(list.len() == 1 && list[0].met);
        let blocked = GateFacts { clearance_missing: vec!["a".into(), "b".into()], ..GateFacts::default() };
        assert_eq!(unmet(Stage::Ethics, &blocked), vec!["Still needed: a".to_string(), "Still needed: b".to_string()]);
    }

    #[test]
    fn later_gates_look_at_milestones() {
        let mut f = GateFacts { milestones_by_stage: vec![(Stage::Fieldwork, 2, 1)], ..GateFacts::default() };
        let open = unmet(Stage::Fieldwork, &f);
        assert_eq!(open.len(), 2, "{open:?}");
        assert!(open[0].contains("1 of 2"));
        assert!(open[1].contains("milestone for analysis"));
        f.milestones_by_stage = vec![(Stage::Fieldwork, 2, 2), (Stage::Analysis, 1, 0)];
        assert!(unmet(Stage::Fieldwork, &f).is_empty());
        let last = GateFacts { milestones_by_stage: vec![(Stage::ImpactFollowUp, 1, 1), (Stage::Analysis, 1, 0)], ..GateFacts::default() };
        assert_eq!(unmet(Stage::ImpactFollowUp, &last), vec!["Every milestone of the project is complete".to_string()]);
        assert!(criteria(Stage::Closed, &f).is_empty());
    }

    #[test]
    fn the_reporting_gate_needs_a_lay_summary_and_the_latest_version_signed_off() {
        let milestones = vec![(Stage::Reporting, 1, 1), (Stage::Dissemination, 1, 0)];
        let f = GateFacts { milestones_by_stage: milestones, ..GateFacts::default() };
        assert_eq!(
            unmet(Stage::Reporting, &f),
            vec!["The lay summary is written".to_string(), "The commissioner has signed off the latest version of the report".to_string()]
        );
        let written = GateFacts { lay_summary_written: true, ..f.clone() };
        assert_eq!(unmet(Stage::Reporting, &written).len(), 1);
        let done = GateFacts { report_signed_off: true, ..written };
        assert!(unmet(Stage::Reporting, &done).is_empty());
        assert!(unmet(Stage::Dissemination, &GateFacts { milestones_by_stage: vec![(Stage::ImpactFollowUp, 1, 0)], ..GateFacts::default() }).is_empty());
    }

    #[test]
    fn the_gate_out_of_analysis_needs_a_feedback_event_or_a_reason() {
        let milestones = vec![(Stage::Analysis, 1, 1), (Stage::Reporting, 1, 0)];
        let without = GateFacts { milestones_by_stage: milestones.clone(), ..GateFacts::default() };
        assert_eq!(unmet(Stage::Analysis, &without), vec![crate::projects::findings::GATE_LINE.to_string()]);
        let with = GateFacts { feedback_checked: true, milestones_by_stage: milestones, ..GateFacts::default() };
        assert!(unmet(Stage::Analysis, &with).is_empty());
        // Only that gate asks for it.
        for stage in [Stage::Fieldwork, Stage::Reporting] {
            assert!(criteria(stage, &without).iter().all(|c| c.text != crate::projects::findings::GATE_LINE), "{stage:?}");
        }
    }

    #[test]
    fn commissioners_sign_the_start_and_the_last_gates() {
        for stage in Stage::ALL {
            let needs = signers(stage, false).contains(&Signer::Commissioner);
            assert_eq!(needs, matches!(stage, Stage::Agreed | Stage::Reporting | Stage::ImpactFollowUp), "{stage:?}");
            assert_eq!(signers(stage, true)[0], Signer::Lead);
        }
    }

    #[test]
    fn missing_lists_unmet_criteria_then_signatures() {
        let list = criteria(Stage::Agreed, &GateFacts { leads: 1, ..GateFacts::default() });
        let required = signers(Stage::Agreed, false);
        let out = missing(&list, &required, &[Signer::Lead]);
        assert_eq!(out.len(), 3, "{out:?}");
        assert!(out[2].contains("commissioner"));
        let ready = criteria(Stage::Agreed, &GateFacts { leads: 1, peer_researchers: 1, involvement_chosen: true, ..GateFacts::default() });
        assert!(missing(&ready, &required, &[Signer::Commissioner, Signer::Lead]).is_empty());
    }
}
