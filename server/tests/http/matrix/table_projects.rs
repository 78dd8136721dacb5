//! The matrix for projects: the list and overview, team, gates, plan, ethics and
//! recruitment. `S` is SE-SURG's recovery college evaluation for the NHS trust, `{r}`
//! (coordinator Priya, who leads it; other group's member Dennis; other body's commissioner
//! Helen). `W` is WhyNot!'s records for Essex County Council: the Tendring study `{t}` and the
//! assistive technology project `{a}` (coordinator Margaret, who leads both; Tom; Sam).
//!
//! The rules (`authz::projects`, `authz::ethics`): the group and the team see the overview
//! and the working material; the group's coordinators and the project lead manage; the
//! researchers on the team do fieldwork; academic supporters review the plan; the
//! commissioning body's commissioners see the overview and sign their gates.
//! Administrators, trainees, trainers and other groups and bodies get nothing here.

use super::Side::{SeSurg as S, WhyNot as W};
use super::Then::*;
use super::*;

pub const SERVER_FUNCTIONS: &[Entry] = &[
    // BrowseProjects: members of a research group, a commissioner or a training provider.
    f("projects", W, "page=1", MEMBER | COORD | COMM | TRAINER, Reads),
    f("project", W, "project_id={t}", COORD, Reads),
    f("project-audit", S, "project_id={r}&page=1", COORD, Reads),
    // Team (ViewWork to see it, ManageProject to change it).
    f("project-team", S, "project_id={r}", COORD, Reads),
    f("add-team-member", S, "project_id={r}&user_id=&role=peer_researcher", COORD, Invalid),
    f("change-team-role", S, "project_id={r}&user_id={tom}&role=nonsense", COORD, Invalid),
    f("remove-team-member", S, "project_id={r}&user_id={tom}", COORD, Fresh),
    f("save-supporter", S, "project_id={r}&supporter_id={nadia}&agreement=&review_on=", COORD, Invalid),
    f("set-involvement", S, "project_id={r}&involvement=nonsense", COORD, Invalid),
    f("add-advisor", S, "project_id={r}&advisor_name=&affiliation=", COORD, Invalid),
    f("remove-advisor", S, "project_id={r}&advisor_id={advisor}", COORD, Fresh),
    f("add-advisory-meeting", S, "project_id={r}&meets_on=&meeting_note=", COORD, Invalid),
    f("remove-advisory-meeting", S, "project_id={r}&meeting_id={meeting}", COORD, Fresh),
    // Gates: the lead signs as lead and the managers pass; supporters and the commissioning
    // body's commissioners sign as such.
    f("project-gates", S, "project_id={r}", COORD, Reads),
    f("sign-gate", S, "project_id={r}&from_stage=fieldwork&signed_as=nonsense", COORD, Invalid),
    f("pass-gate", S, "project_id={r}&from_stage=fieldwork&note=", COORD, Invalid),
    // Plan (ManageProject; comments and sign-off are the academic supporter's, Nadia: none of the seven).
    f("project-plan", S, "project_id={r}", COORD, Reads),
    f("save-questions", S, "project_id={r}&questions=", COORD, Invalid),
    f("agree-questions", S, "project_id={r}&version_id={question_version}", COORD, Quiet),
    f("save-methods", S, "project_id={r}&methods={too_long}&inclusion=&exclusion=", COORD, Invalid),
    f("add-sampling-target", S, "project_id={r}&site=&target=lots", COORD, Invalid),
    f("remove-sampling-target", S, "project_id={r}&target_id={sampling_target}", COORD, Fresh),
    f("save-risk-plan", S, "project_id={r}&risk_plan={too_long}", COORD, Invalid),
    f("save-data-plan", S, "project_id={r}&data_collected=&data_kept_where=&data_who_sees=&retain_until=never", COORD, Invalid),
    f("add-milestone", S, "project_id={r}&milestone_title=&due_on=&milestone_stage=fieldwork", COORD, Invalid),
    f("update-milestone", S, "project_id={r}&milestone_id={milestone}&milestone_title=&due_on=&milestone_stage=fieldwork", COORD, Invalid),
    f("complete-milestone", S, "project_id={r}&milestone_id={milestone}", COORD, Fresh),
    f("remove-milestone", S, "project_id={r}&milestone_id={milestone}", COORD, Fresh),
    f("comment-on-plan", S, "project_id={r}&comment=", NOBODY, Invalid),
    f("reply-on-plan", S, "project_id={r}&comment_id={plan_comment}&reply=", COORD, Invalid),
    f("sign-off-plan", S, "project_id={r}", NOBODY, Fresh),
    // Ethics (authz::ethics): read with the working material, managed by the managers; the
    // committee's word recorded by the outside reviewer (not one of the seven) or a manager.
    f("ethics-overview", W, "project_id={a}", COORD, Reads),
    f("ethics-application", W, "project_id={a}&application_id={ethics_a}", COORD, Reads),
    f("ethics-start", W, "project_id={a}&title=&summary=", COORD, Invalid),
    f("ethics-save-draft", W, "application_id={ethics_a}&title=&summary=&protocol=&information_sheet=&consent_form=&topic_guide=", COORD, Invalid),
    f("ethics-submit", W, "application_id={ethics_a}", COORD, Fresh),
    f("ethics-withdraw", W, "application_id={ethics_a}&withdraw_reason={too_long}", COORD, Invalid),
    f("ethics-answer", W, "application_id={ethics_a}&answer=&protocol=&information_sheet=&consent_form=&topic_guide=", COORD, Invalid),
    f("ethics-amend", W, "application_id={ethics_a}&amendment=&protocol=&information_sheet=&consent_form=&topic_guide=", COORD, Invalid),
    f("ethics-fix-document", W, "application_id={ethics_a}&fix_body=&fix_note=", COORD, Invalid),
    f("ethics-request-information", W, "application_id={ethics_a}&request=", COORD, Invalid),
    f(
        "ethics-decide",
        W,
        "application_id={ethics_a}&reference=&approved_on=&expires_on=&letter=&condition_1=&owner_1=&condition_2=&owner_2=&condition_3=&owner_3=",
        COORD,
        Invalid,
    ),
    f("ethics-add-condition", W, "application_id={ethics_a}&condition_1=&owner_1=", COORD, Invalid),
    f("ethics-close-condition", S, "condition_id={condition_r}&closing_note=", COORD, Invalid),
    f("ethics-invite-reviewer", W, "application_id={ethics_a}&reviewer_email=", COORD, Invalid),
    f("ethics-review-invitation", W, "token=made-up-token", NOBODY, Link),
    f("ethics-accept-review", W, "token=made-up-token&name=New%20Person&password=a%20long%20enough%20password", NOBODY, Link),
    f("ethics-my-reviews", W, "page=1", SIGNED_IN, Reads),
    // Recruitment: counts with the working material; recorded by managers and researchers.
    f("project-recruitment", S, "project_id={r}&page=1", COORD, Reads),
    f("project-recruitment-summary", S, "project_id={r}", COORD, Reads),
    f("project-add-site", S, "project_id={r}&name=&place_kind=&approached_on=&people_reached=&notes=", COORD, Invalid),
    f("project-record-tally", S, "project_id={r}&people=lots&note=&recorded_on=", COORD, Invalid),
];
