//! The matrix's world: the demo data, a trainer of a second training provider, a few records
//! the demo lacks (a pending invitation, a clarification, an attachment, a spare session and
//! kept forms of the coordinator's), everyone signed in, and the demo ids the table names.

use std::collections::HashMap;

use test_support::http::*;

use super::{Persona, Side};

pub const OTHER_TRAINER: &str = "olive.trainer@colne-learning.example";

/// Who each persona is, for records of this side.
pub fn email(persona: Persona, side: Side) -> Option<&'static str> {
    let whynot = side == Side::WhyNot;
    Some(match persona {
        Persona::Anonymous => return None,
        Persona::Trainee => "frank@trainee.example",
        Persona::OtherMember if whynot => "tom@se-surg.example",
        Persona::OtherMember => "dennis@whynot.example",
        Persona::Coordinator if whynot => "margaret@whynot.example",
        Persona::Coordinator => "priya@se-surg.example",
        Persona::OtherCommissioner if whynot => "sam.okafor@msenhs.example",
        Persona::OtherCommissioner => "helen.carter@essex-council.example",
        Persona::OtherTrainer => OTHER_TRAINER,
        Persona::Administrator => "admin@coresearch.example",
    })
}

/// Ids the table names as `{name}`, each the one value the SQL finds.
const IDS: &[(&str, &str)] = &[
    ("whynot", "SELECT id FROM organisations WHERE slug = 'whynot'"),
    ("essex", "SELECT id FROM organisations WHERE slug = 'essex-county-council'"),
    ("aru", "SELECT id FROM organisations WHERE slug = 'anglia-ruskin-university'"),
    ("frank", "SELECT id FROM users WHERE email = 'frank@trainee.example'"),
    ("gwen", "SELECT id FROM users WHERE email = 'gwen@trainee.example'"),
    ("tom", "SELECT id FROM users WHERE email = 'tom@se-surg.example'"),
    ("nadia", "SELECT id FROM users WHERE email = 'nadia.bell@aru.example'"),
    ("other_trainer", "SELECT id FROM users WHERE email = 'olive.trainer@colne-learning.example'"),
    ("dennis_membership", "SELECT m.id FROM memberships m JOIN users u ON u.id = m.user_id JOIN organisations o ON o.id = m.organisation_id WHERE u.email = 'dennis@whynot.example' AND o.slug = 'whynot'"),
    ("sheila_membership", "SELECT m.id FROM memberships m JOIN users u ON u.id = m.user_id JOIN organisations o ON o.id = m.organisation_id WHERE u.email = 'sheila@whynot.example' AND o.slug = 'whynot'"),
    ("org_invitation", "SELECT MIN(id) FROM invitations WHERE email = 'new.member@example.org'"),
    // Commissioning: Essex County Council's briefs and WhyNot!'s draft response.
    ("loneliness", "SELECT id FROM briefs WHERE title = 'Loneliness among older people in rural Essex'"),
    ("carers", "SELECT id FROM briefs WHERE title = 'How carers of people with dementia find support'"),
    ("draft_brief", "SELECT b.id FROM briefs b JOIN organisations o ON o.id = b.organisation_id WHERE o.slug = 'essex-county-council' AND b.state = 'draft'"),
    ("brief_question", "SELECT MIN(q.id) FROM brief_questions q JOIN briefs b ON b.id = q.brief_id WHERE b.title = 'Loneliness among older people in rural Essex'"),
    ("response", "SELECT r.id FROM responses r JOIN briefs b ON b.id = r.brief_id JOIN organisations o ON o.id = r.organisation_id WHERE o.slug = 'whynot' AND b.title = 'Loneliness among older people in rural Essex'"),
    ("clarification", "SELECT MIN(id) FROM response_clarifications WHERE question = 'Who will do the interviews in each village?'"),
    // Training: Anglia Ruskin University's course and its Chelmsford cohort, where Frank studies.
    ("course", "SELECT c.id FROM courses c JOIN organisations o ON o.id = c.organisation_id WHERE o.slug = 'anglia-ruskin-university'"),
    ("module", "SELECT m.id FROM course_modules m JOIN courses c ON c.id = m.course_id JOIN organisations o ON o.id = c.organisation_id WHERE o.slug = 'anglia-ruskin-university' AND m.position = 1"),
    ("module_question", "SELECT MIN(q.id) FROM module_questions q JOIN course_modules m ON m.id = q.module_id JOIN courses c ON c.id = m.course_id JOIN organisations o ON o.id = c.organisation_id WHERE o.slug = 'anglia-ruskin-university' AND m.position = 1"),
    ("cohort", "SELECT id FROM cohorts WHERE name = 'Chelmsford, autumn'"),
    ("colchester", "SELECT id FROM cohorts WHERE name = 'Colchester, spring'"),
    ("past_cohort_session", "SELECT MIN(s.id) FROM cohort_sessions s JOIN cohorts c ON c.id = s.cohort_id WHERE c.name = 'Chelmsford, autumn'"),
    ("next_cohort_session", "SELECT MAX(s.id) FROM cohort_sessions s JOIN cohorts c ON c.id = s.cohort_id WHERE c.name = 'Chelmsford, autumn'"),
    ("certificate", "SELECT id FROM certificates WHERE code = 'CR-DEMO-2026'"),
    ("cohort_invitation", "SELECT MIN(id) FROM cohort_invitations WHERE email = 'new.trainee@example.org'"),
    ("frank_reflection", "SELECT MIN(r.id) FROM reflections r JOIN users u ON u.id = r.user_id WHERE u.email = 'frank@trainee.example'"),
    // Projects: WhyNot!'s finished Tendring study and its assistive technology project (in
    // ethics), both for Essex County Council; SE-SURG's recovery college evaluation (in
    // fieldwork) for the NHS trust.
    ("t", "SELECT id FROM projects WHERE title LIKE 'Day services for older people in Tendring%'"),
    ("a", "SELECT id FROM projects WHERE title LIKE 'Assistive technology at home%'"),
    ("r", "SELECT id FROM projects WHERE title LIKE 'Evaluation of the recovery college%'"),
    ("feedback_event", "SELECT MIN(e.id) FROM findings_feedback_events e JOIN projects p ON p.id = e.project_id WHERE p.title LIKE 'Day services for older people in Tendring%'"),
    ("question_version", "SELECT MAX(v.id) FROM project_question_versions v JOIN projects p ON p.id = v.project_id WHERE p.title LIKE 'Evaluation of the recovery college%'"),
    ("sampling_target", "SELECT MIN(s.id) FROM project_sampling_targets s JOIN projects p ON p.id = s.project_id WHERE p.title LIKE 'Evaluation of the recovery college%'"),
    ("milestone", "SELECT MIN(m.id) FROM project_milestones m JOIN projects p ON p.id = m.project_id WHERE p.title LIKE 'Evaluation of the recovery college%' AND m.completed_at IS NULL"),
    ("plan_comment", "SELECT MIN(c.id) FROM project_plan_comments c JOIN projects p ON p.id = c.project_id WHERE p.title LIKE 'Evaluation of the recovery college%' AND c.reply_to IS NULL"),
    ("advisor", "SELECT MIN(a.id) FROM project_advisors a JOIN projects p ON p.id = a.project_id WHERE p.title LIKE 'Evaluation of the recovery college%'"),
    ("meeting", "SELECT MIN(m.id) FROM project_advisory_meetings m JOIN projects p ON p.id = m.project_id WHERE p.title LIKE 'Evaluation of the recovery college%'"),
    ("ethics_a", "SELECT MIN(e.id) FROM ethics_applications e JOIN projects p ON p.id = e.project_id WHERE p.title LIKE 'Assistive technology at home%'"),
    ("condition_r", "SELECT MIN(c.id) FROM ethics_conditions c JOIN ethics_applications e ON e.id = c.application_id JOIN projects p ON p.id = e.project_id WHERE p.title LIKE 'Evaluation of the recovery college%'"),
    ("participant", "SELECT pa.id FROM participants pa JOIN projects p ON p.id = pa.project_id WHERE p.title LIKE 'Evaluation of the recovery college%' AND pa.code = 'P-01'"),
    ("participant_with_email", "SELECT pa.id FROM participants pa JOIN projects p ON p.id = pa.project_id WHERE p.title LIKE 'Evaluation of the recovery college%' AND pa.code = 'P-05'"),
    ("withdrawn_participant", "SELECT pa.id FROM participants pa JOIN projects p ON p.id = pa.project_id WHERE p.title LIKE 'Evaluation of the recovery college%' AND pa.code = 'P-09'"),
    ("consent_record", "SELECT MAX(c.id) FROM consent_records c JOIN participants pa ON pa.id = c.participant_id JOIN projects p ON p.id = pa.project_id WHERE p.title LIKE 'Evaluation of the recovery college%' AND pa.code = 'P-01'"),
    ("consent_document", "SELECT MAX(c.document_id) FROM consent_records c JOIN participants pa ON pa.id = c.participant_id JOIN projects p ON p.id = pa.project_id WHERE p.title LIKE 'Evaluation of the recovery college%' AND pa.code = 'P-01'"),
    ("held_session", "SELECT MIN(s.id) FROM fieldwork_sessions s JOIN projects p ON p.id = s.project_id WHERE p.title LIKE 'Evaluation of the recovery college%' AND s.status = 'held'"),
    ("planned_session", "SELECT MIN(s.id) FROM fieldwork_sessions s JOIN projects p ON p.id = s.project_id WHERE p.title LIKE 'Evaluation of the recovery college%' AND s.status = 'planned'"),
    ("priya_debrief", "SELECT MIN(d.id) FROM fieldwork_debriefs d JOIN fieldwork_sessions s ON s.id = d.session_id JOIN projects p ON p.id = s.project_id JOIN users u ON u.id = d.user_id WHERE p.title LIKE 'Evaluation of the recovery college%' AND u.email = 'priya@se-surg.example'"),
    ("priya_debrief_session", "SELECT d.session_id FROM fieldwork_debriefs d WHERE d.id = (SELECT MIN(d2.id) FROM fieldwork_debriefs d2 JOIN fieldwork_sessions s ON s.id = d2.session_id JOIN projects p ON p.id = s.project_id JOIN users u ON u.id = d2.user_id WHERE p.title LIKE 'Evaluation of the recovery college%' AND u.email = 'priya@se-surg.example')"),
    ("transcript", "SELECT MIN(f.id) FROM fieldwork_files f JOIN projects p ON p.id = f.project_id WHERE p.title LIKE 'Evaluation of the recovery college%' AND f.kind = 'transcript' AND f.deleted_at IS NULL"),
    ("check_in", "SELECT MIN(c.id) FROM lone_working_check_ins c JOIN projects p ON p.id = c.project_id WHERE p.title LIKE 'Evaluation of the recovery college%'"),
    ("code", "SELECT MIN(c.id) FROM analysis_codes c JOIN projects p ON p.id = c.project_id WHERE p.title LIKE 'Evaluation of the recovery college%'"),
    ("highlight", "SELECT MIN(h.id) FROM analysis_highlights h JOIN projects p ON p.id = h.project_id WHERE p.title LIKE 'Evaluation of the recovery college%'"),
    ("theme", "SELECT MIN(t.id) FROM analysis_themes t JOIN projects p ON p.id = t.project_id WHERE p.title LIKE 'Evaluation of the recovery college%'"),
    ("quote_theme", "SELECT MIN(q.theme_id) FROM analysis_theme_quotes q JOIN analysis_themes t ON t.id = q.theme_id JOIN projects p ON p.id = t.project_id WHERE p.title LIKE 'Evaluation of the recovery college%'"),
    ("quote_highlight", "SELECT MIN(q.highlight_id) FROM analysis_theme_quotes q WHERE q.theme_id = (SELECT MIN(q2.theme_id) FROM analysis_theme_quotes q2 JOIN analysis_themes t ON t.id = q2.theme_id JOIN projects p ON p.id = t.project_id WHERE p.title LIKE 'Evaluation of the recovery college%')"),
    ("recommendation", "SELECT MIN(r.id) FROM project_recommendations r JOIN projects p ON p.id = r.project_id WHERE p.title LIKE 'Day services for older people in Tendring%'"),
    ("output", "SELECT MIN(o.id) FROM project_outputs o JOIN projects p ON p.id = o.project_id WHERE p.title LIKE 'Day services for older people in Tendring%'"),
    ("section", "SELECT MIN(s.id) FROM report_sections s JOIN projects p ON p.id = s.project_id WHERE p.title LIKE 'Day services for older people in Tendring%'"),
    ("version_1", "SELECT v.id FROM report_versions v JOIN projects p ON p.id = v.project_id WHERE p.title LIKE 'Day services for older people in Tendring%' AND v.number = 1"),
    ("version_2", "SELECT v.id FROM report_versions v JOIN projects p ON p.id = v.project_id WHERE p.title LIKE 'Day services for older people in Tendring%' AND v.number = 2"),
];

pub struct World {
    values: HashMap<String, String>,
    cookies: HashMap<&'static str, String>,
}

/// Everyone the matrix signs in as.
const PEOPLE: &[&str] = &[
    "frank@trainee.example",
    "tom@se-surg.example",
    "dennis@whynot.example",
    "margaret@whynot.example",
    "priya@se-surg.example",
    "sam.okafor@msenhs.example",
    "helen.carter@essex-council.example",
    OTHER_TRAINER,
    "admin@coresearch.example",
];

impl World {
    pub async fn build(app: &TestApp) -> World {
        let db = &app.state.db;
        // A trainer (and lead) of a second training provider.
        let provider = worlds::organisation(db, "Colne Valley Learning", "training_provider").await;
        let olive = worlds::person(db, "Olive Trainer", OTHER_TRAINER).await;
        worlds::add_member(db, provider, olive.id, "trainer", true).await;

        let mut world = World { values: HashMap::new(), cookies: HashMap::new() };
        // Longer than any text field takes: optional fields fail validation with it.
        world.values.insert("too_long".into(), "x".repeat(100_000));
        world.sign_in_again(app).await;
        let margaret = world.cookies["margaret@whynot.example"].clone();
        let margaret_id = worlds::user_id(db, "margaret@whynot.example").await;

        // A spare session of Margaret's, whose id another session could name.
        let spare = app.sign_in("margaret@whynot.example").await;
        let spare_hash = app::platform::crypto::hash_token(spare.split_once('=').unwrap().1);
        let (public_id,): (String,) =
            sqlx::query_as("SELECT public_id FROM sessions WHERE id_hash = $1").bind(&spare_hash).fetch_one(db).await.expect("the spare session");
        world.values.insert("spare_session".into(), public_id);
        // Two forms of Margaret's, kept after her session ended.
        for name in ["kept_a", "kept_b"] {
            let kept = app::accounts::kept_forms::store::keep(db, margaret_id, "/api/update-name", "name=Margaret", "/account", app::platform::time::now())
                .await
                .unwrap();
            world.values.insert(format!("{name}_hash"), app::platform::crypto::hash_token(&kept));
            world.values.insert(name.into(), kept);
        }
        // A pending invitation into WhyNot!, sent as Margaret sends it.
        let whynot = worlds::organisation_id(db, "whynot").await.to_string();
        let invited = app
            .post_form("/api/invite-member", &[("organisation_id", &whynot), ("email", "new.member@example.org"), ("role", "member")], Some(&margaret), "/organisations/whynot")
            .await;
        assert!(!invited.location().contains("__form="), "the invitation is sent: {}", invited.location());
        // A place on the Chelmsford cohort offered and not yet taken.
        let at = app::platform::time::now();
        sqlx::query(
            "INSERT INTO cohort_invitations (cohort_id, email, token_hash, invited_by, created_at, expires_at) VALUES \
             ((SELECT id FROM cohorts WHERE name = 'Chelmsford, autumn'), 'new.trainee@example.org', 'matrix-made-up-hash', \
              (SELECT id FROM users WHERE email = 'ruth.palmer@aru.example'), $1, $2)",
        )
        .bind(at)
        .bind(at + 7 * 86_400)
        .execute(db)
        .await
        .unwrap();
        // Essex County Council's question about WhyNot!'s response, not yet answered.
        sqlx::query(
            "INSERT INTO response_clarifications (response_id, asked_by, question, created_at) VALUES \
             ((SELECT r.id FROM responses r JOIN briefs b ON b.id = r.brief_id JOIN organisations o ON o.id = r.organisation_id \
               WHERE o.slug = 'whynot' AND b.title = 'Loneliness among older people in rural Essex'), \
              (SELECT id FROM users WHERE email = 'helen.carter@essex-council.example'), 'Who will do the interviews in each village?', $1)",
        )
        .bind(at)
        .execute(db)
        .await
        .unwrap();
        for (name, sql) in IDS {
            let value: Option<(Option<i64>,)> = sqlx::query_as(sql).fetch_optional(db).await.unwrap_or_else(|e| panic!("{name}: {sql}: {e}"));
            let value = value.and_then(|(v,)| v).unwrap_or_else(|| panic!("the matrix's {{{name}}} was not found: {sql}"));
            world.values.insert((*name).into(), value.to_string());
        }
        // A file attached to WhyNot!'s response, as Margaret attaches it.
        let attached = app.send(super::route_request("POST", &world.fill("/brief-files/responses/{response}"), "", Some(&margaret))).await;
        assert!(attached.status.is_redirection(), "the file is attached: {} {}", attached.status, attached.body);
        let (attachment,): (i64,) = sqlx::query_as("SELECT MAX(id) FROM response_attachments").fetch_one(db).await.unwrap();
        world.values.insert("attachment".into(), attachment.to_string());
        world
    }

    /// Signs everyone in afresh (signing out everywhere ends the matrix's own sessions).
    pub async fn sign_in_again(&mut self, app: &TestApp) {
        for email in PEOPLE {
            self.cookies.insert(email, app.sign_in(email).await);
        }
    }

    pub fn email(&self, persona: Persona, side: Side) -> Option<&'static str> {
        email(persona, side)
    }

    pub fn cookie(&self, persona: Persona, side: Side) -> Option<&str> {
        email(persona, side).map(|email| self.cookies[email].as_str())
    }

    /// The template with each `{name}` replaced by its value.
    pub fn fill(&self, template: &str) -> String {
        let mut out = String::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let close = rest[open..].find('}').map(|c| open + c).unwrap_or_else(|| panic!("an unclosed {{ in {template}"));
            out.push_str(&rest[..open]);
            let name = &rest[open + 1..close];
            let value = self.values.get(name).unwrap_or_else(|| panic!("the matrix names {{{name}}}, which the world does not have ({template})"));
            out.push_str(value);
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        out
    }
}
