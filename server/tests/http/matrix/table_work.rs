//! The matrix for a project's later work, and the plain routes: consent and participants,
//! fieldwork sessions and debriefs, data files, lone working and analysis on SE-SURG's
//! recovery college evaluation (`S`, `{r}`: Priya leads it and coordinates SE-SURG); impact,
//! outputs, the report and the findings on WhyNot!'s Tendring study (`W`, `{t}`: Margaret
//! leads it and coordinates WhyNot!).
//!
//! The rules: participants, consent, fieldwork, files, lone working, analysis and findings
//! are the researchers' on the team (the lead among them); a debrief is its author's and
//! their named supporter's; impact, outputs and the report's overview are seen by whoever
//! sees the project; the commissioning body's commissioners answer recommendations and sign
//! off the report (none of the seven: the commissioner here is another body's).

use super::Side::{SeSurg as S, WhyNot as W};
use super::Then::*;
use super::*;

pub const SERVER_FUNCTIONS: &[Entry] = &[
    // Participants and consent (DoFieldwork); online consent behind a one-time link.
    f("project-participants", S, "project_id={r}&page=1", COORD, Reads),
    f("project-add-participant", S, "project_id={r}&full_name=&phone=&email=&address=&contact_notes=&joined_on=", COORD, Invalid),
    f("project-update-identity", S, "project_id={r}&participant_id={participant}&full_name=&phone=&email=&address=&contact_notes=", COORD, Invalid),
    f("project-participant", S, "project_id={r}&participant_id={participant}", COORD, Reads),
    f("project-record-consent", S, "project_id={r}&participant_id={participant}&document_id={consent_document}&consented_on=&taken_by=", COORD, Invalid),
    f("project-withdraw-participant", S, "project_id={r}&participant_id={participant}&withdrawn_on=&reason=", COORD, Invalid),
    f("project-undo-withdrawal", S, "project_id={r}&participant_id={withdrawn_participant}&undo_reason=", COORD, Invalid),
    f("project-consent-record", S, "project_id={r}&participant_id={participant}&consent_id={consent_record}", COORD, Reads),
    f("project-online-consent", S, "project_id={r}&participant_id={participant_with_email}", COORD, Reads),
    f("project-send-consent-link", S, "project_id={r}&participant_id={participant_with_email}", COORD, Fresh),
    f("online-consent-form", S, "token=made-up-token", NOBODY, Link),
    f("online-consent-give", S, "token=made-up-token&document_id={consent_document}&full_name=A%20Person", NOBODY, Link),
    // Fieldwork sessions (DoFieldwork) and debriefs (WriteDebrief, ReadDebrief: Priya's own).
    f("fieldwork-sessions", S, "project_id={r}&page=1", COORD, Reads),
    f("fieldwork-plan-session", S, "project_id={r}&held_on=&starts_at=&venue=", COORD, Invalid),
    f("fieldwork-session", S, "project_id={r}&session_id={held_session}", COORD, Reads),
    f("fieldwork-add-participant", S, "project_id={r}&session_id={planned_session}&participant_id=", COORD, Invalid),
    f("fieldwork-remove-participant", S, "project_id={r}&session_id={held_session}&participant_id={participant}", COORD, Fresh),
    f("fieldwork-mark-held", S, "project_id={r}&session_id={planned_session}&duration_minutes=lots&notes=", COORD, Invalid),
    f("fieldwork-correct-notes", S, "project_id={r}&session_id={held_session}&duration_minutes=lots&notes=", COORD, Invalid),
    f("fieldwork-cancel-session", S, "project_id={r}&session_id={planned_session}", COORD, Fresh),
    f("fieldwork-save-debrief", S, "project_id={r}&session_id={priya_debrief_session}&upsetting=", COORD, Invalid),
    f("fieldwork-debrief", S, "project_id={r}&session_id={priya_debrief_session}&debrief_id={priya_debrief}", COORD, Reads),
    f("fieldwork-pack", S, "project_id={r}&session_id={planned_session}", COORD, Reads),
    // Data files (DoFieldwork).
    f("project-data", S, "project_id={r}&page=1", COORD, Reads),
    f("project-data-file", S, "project_id={r}&file_id={transcript}", COORD, Reads),
    f("project-participant-files", S, "project_id={r}&participant_id={participant}", COORD, Reads),
    f("project-paste-transcript", S, "project_id={r}&participant_id=&retain_until=&transcript=", COORD, Invalid),
    f("project-data-retention", S, "project_id={r}&file_id={transcript}&retain_until=never", COORD, Invalid),
    f("project-data-delete", S, "project_id={r}&file_id={transcript}", COORD, Invalid),
    // Lone working (DoFieldwork; the summary also for managers).
    f("project-lone-working", S, "project_id={r}", COORD, Reads),
    // The panel on the project page: `null` (no panel) for people who see the project but
    // have no part in its lone working; a refusal for people who do not see the project.
    f("project-lone-working-summary", S, "project_id={r}", COORD, Null),
    f("project-lone-working-check-in", S, "project_id={r}&place=&phone=&back_on=&back_at=", COORD, Invalid),
    // Only the researcher who checked in checks out (Tom here, not one of the seven).
    f("project-lone-working-check-out", S, "project_id={r}&check_in_id={check_in}", NOBODY, Fresh),
    // Analysis (authz::analysis: the researchers on the team).
    f("analysis-home", S, "project_id={r}", COORD, Reads),
    f("analysis-code", S, "project_id={r}&code_id={code}", COORD, Reads),
    f("analysis-add-code", S, "project_id={r}&name=&description=", COORD, Invalid),
    f("analysis-change-code", S, "project_id={r}&code_id={code}&name=&description=", COORD, Invalid),
    f("analysis-remove-code", S, "project_id={r}&code_id={code}", COORD, Invalid),
    f("analysis-transcript", S, "project_id={r}&file_id={transcript}", COORD, Reads),
    f("analysis-code-passage", S, "project_id={r}&file_id={transcript}", COORD, Invalid),
    f("analysis-remove-highlight", S, "project_id={r}&highlight_id={highlight}", COORD, Fresh),
    f("analysis-compare", S, "project_id={r}", COORD, Reads),
    f("analysis-themes", S, "project_id={r}", COORD, Reads),
    f("analysis-theme", S, "project_id={r}&theme_id={theme}", COORD, Reads),
    f("analysis-add-theme", S, "project_id={r}&name=&description=", COORD, Invalid),
    f("analysis-change-theme", S, "project_id={r}&theme_id={theme}&name=&description=", COORD, Invalid),
    f("analysis-remove-theme", S, "project_id={r}&theme_id={theme}", COORD, Invalid),
    f("analysis-add-quote", S, "project_id={r}&theme_id={quote_theme}&highlight_id={highlight}", COORD, Fresh),
    f("analysis-remove-quote", S, "project_id={r}&theme_id={quote_theme}&highlight_id={quote_highlight}", COORD, Fresh),
    // Impact (authz::impact).
    f("impact-page", W, "project_id={t}", COORD, Reads),
    f("impact-recommendation", W, "project_id={t}&recommendation_id={recommendation}", COORD, Reads),
    f("impact-add-recommendation", W, "project_id={t}&body=", COORD, Invalid),
    f("impact-reword-recommendation", W, "project_id={t}&recommendation_id={recommendation}&body=", COORD, Invalid),
    f("impact-take-from-report", W, "project_id={t}&version=0&section=", COORD, Invalid),
    f(
        "impact-answer-recommendation",
        W,
        "project_id={t}&recommendation_id={recommendation}&response=&action=&owner=&due_on=&status=nonsense&evidence=&note=",
        NOBODY,
        Invalid,
    ),
    f("impact-add-record", W, "project_id={t}&kind=nonsense&summary=&evidence=&happened_on=&statement=&statement_by=&statement_role=", COORD, Invalid),
    f("impact-save-outcome", W, "project_id={t}&confidence=nonsense&skills=&roles=", COORD, Invalid),
    // Outputs and the public page (authz::outputs): Tendring's page is shown to everyone.
    f("project-outputs", W, "project_id={t}", COORD, Reads),
    f("public-project", W, "project_id={t}", EVERYONE, Reads),
    f("add-output", W, "project_id={t}&kind=nonsense&title=&audience=&produced_on=&link=", COORD, Invalid),
    f("remove-output", W, "project_id={t}&output_id={output}", COORD, Fresh),
    f("agree-public-page", W, "project_id={t}&side=group&agree=no", COORD, Fresh),
    // The report (authz::report): the commissioner's decisions and the supporter's review
    // are Essex County Council's and Nadia's; crediting is each peer researcher's own.
    f("report", W, "project_id={t}", COORD, Reads),
    f("report-lay-summary", W, "project_id={t}&lay_summary={too_long}", COORD, Invalid),
    f("report-add-section", W, "project_id={t}&title=&body=", COORD, Invalid),
    f("report-section", W, "project_id={t}&section_id={section}", COORD, Reads),
    f("report-change-section", W, "project_id={t}&section_id={section}&title=&body=", COORD, Invalid),
    f("report-move-section", W, "project_id={t}&section_id={section}&direction=up", COORD, Fresh),
    f("report-remove-section", W, "project_id={t}&section_id={section}", COORD, Invalid),
    f("report-credit", W, "project_id={t}&naming=nonsense", NOBODY, Invalid),
    f("report-save-version", W, "project_id={t}&number=1", COORD, Invalid),
    f("report-version", W, "project_id={t}&version_id={version_2}", COORD, Reads),
    f("report-compare", W, "project_id={t}&old={version_1}&new={version_2}", COORD, Reads),
    f("report-comment", W, "project_id={t}&version_id={version_2}&comment=", COORD, Invalid),
    f("report-review", W, "project_id={t}&version_id={version_2}&note=", NOBODY, Invalid),
    f("report-send", W, "project_id={t}&version_id={version_1}", COORD, Fresh),
    f("report-sign-off", W, "project_id={t}&version_id={version_2}", NOBODY, Fresh),
    f("report-ask-for-changes", W, "project_id={t}&version_id={version_2}&changes=", NOBODY, Invalid),
    f("report-print", W, "project_id={t}", COORD, Reads),
    // Findings checked with participants (authz::findings: the researchers).
    f("findings", W, "project_id={t}", COORD, Reads),
    f("findings-letters", W, "project_id={t}", COORD, Reads),
    f("findings-save-summary", W, "project_id={t}&summary=", COORD, Invalid),
    f("findings-send-summary", W, "project_id={t}", COORD, Fresh),
    f("findings-letters-posted", W, "project_id={t}", COORD, Fresh),
    f("findings-record-event", W, "project_id={t}&held_on=&attendance=&note=", COORD, Invalid),
    f("findings-no-event-reason", W, "project_id={t}&reason={too_long}", COORD, Invalid),
    f("findings-feedback-event", W, "project_id={t}&event_id={feedback_event}", COORD, Reads),
    f("findings-change-event", W, "project_id={t}&event_id={feedback_event}&held_on=&attendance=&note=", COORD, Invalid),
    f("findings-remove-event", W, "project_id={t}&event_id={feedback_event}", COORD, Invalid),
];

/// Plain routes: downloads (GET) and file uploads (POST, multipart with a small text file).
/// An anonymous visitor is sent to sign in.
pub const ROUTES: &[RouteEntry] = &[
    r("GET", "/healthz", "/healthz", "", W, EVERYONE, Reads),
    r("GET", "/account/my-data.json", "/account/my-data.json", "", W, SIGNED_IN, Reads),
    r("GET", "/organisations/{slug}/activity.csv", "/organisations/whynot/activity.csv", "", W, COORD, Reads),
    r("GET", "/training/cohorts/{id}/export.csv", "/training/cohorts/{cohort}/export.csv", "", W, NOBODY, Reads),
    r("POST", "/brief-files/responses/{response_id}", "/brief-files/responses/{response}", "", W, COORD, Fresh),
    r("GET", "/brief-files/{attachment_id}", "/brief-files/{attachment}", "", W, COORD, Reads),
    r("GET", "/projects/{id}/calendar.ics", "/projects/{t}/calendar.ics", "", W, COORD, Reads),
    r("GET", "/projects/{id}/fieldwork/{sid}/session.ics", "/projects/{r}/fieldwork/{planned_session}/session.ics", "", S, COORD, Reads),
    r(
        "POST",
        "/project-data/{project_id}/upload",
        "/project-data/{r}/upload",
        "kind=transcript&participant_id={participant}&session_id=&retain_until=2030-01-31",
        S,
        COORD,
        Fresh,
    ),
    r("GET", "/project-data/files/{file_id}", "/project-data/files/{transcript}", "", S, COORD, Reads),
    r("GET", "/project-analysis/{project_id}/codebook.csv", "/project-analysis/{r}/codebook.csv", "", S, COORD, Reads),
    r("GET", "/project-analysis/{project_id}/codebook.qdc", "/project-analysis/{r}/codebook.qdc", "", S, COORD, Reads),
    r("GET", "/project-analysis/{project_id}/extracts-by-code.csv", "/project-analysis/{r}/extracts-by-code.csv", "", S, COORD, Reads),
    r("GET", "/project-analysis/{project_id}/extracts-by-theme.csv", "/project-analysis/{r}/extracts-by-theme.csv", "", S, COORD, Reads),
    r("GET", "/project-analysis/{project_id}/themes.html", "/project-analysis/{r}/themes.html", "", S, COORD, Reads),
];
