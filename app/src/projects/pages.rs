//! Pages for projects: the list, and one project showing what was agreed.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Outlet, ParentRoute, Route};
use leptos_router::hooks::{use_params_map, use_query_map};
use leptos_router::{path, MatchNestedRoutes, SsrMode};

use crate::error::AppError;
use crate::projects::api::*;
use crate::projects::gates::pages::GateSection;
use crate::projects::plan::pages::PlanView;
use crate::projects::team::pages::TeamView;
use crate::projects::consent::pages::{ParticipantView, ParticipantsView};
use crate::projects::consent::print::ConsentPrintView;
use crate::projects::fieldwork::lonework::pages::{LoneWorkingNow, LoneWorkingView};
use crate::projects::fieldwork::files::pages::{DataFileView, DataView};
use crate::projects::fieldwork::sessions::pages as sessions;
use crate::projects::analysis;
use crate::projects::report;
use crate::projects::recruitment::pages::{RecruitmentOnProject, RecruitmentView};
use crate::projects::{money, stage_label, ProjectPage, ProjectSummary};
use crate::ui::pagination::{Paged, Pagination, showing_line};
use crate::ui::{with_data, Notice};

/// Every page under /projects, plugged into the app's routes.
#[component(transparent)]
pub fn ProjectRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/projects") view=Outlet ssr=SsrMode::Async>
            <Route path=path!("") view=ProjectsPage ssr=SsrMode::Async/>
            <Route path=path!(":id") view=ProjectView ssr=SsrMode::Async/>
            <Route path=path!(":id/team") view=TeamView ssr=SsrMode::Async/>
            <Route path=path!(":id/audit") view=crate::projects::audit::ProjectAuditView ssr=SsrMode::Async/>
            <Route path=path!(":id/plan") view=PlanView ssr=SsrMode::Async/>
            <Route path=path!(":id/recruitment") view=RecruitmentView ssr=SsrMode::Async/>
            <Route path=path!(":id/participants") view=ParticipantsView ssr=SsrMode::Async/>
            <Route path=path!(":id/participants/:pid") view=ParticipantView ssr=SsrMode::Async/>
            <Route path=path!(":id/participants/:pid/consent/:cid") view=ConsentPrintView ssr=SsrMode::Async/>
            <Route path=path!(":id/lone-working") view=LoneWorkingView ssr=SsrMode::Async/>
            <Route path=path!(":id/data") view=DataView ssr=SsrMode::Async/>
            <Route path=path!(":id/data/:fid") view=DataFileView ssr=SsrMode::Async/>
            <Route path=path!(":id/fieldwork") view=sessions::FieldworkView ssr=SsrMode::Async/>
            <Route path=path!(":id/fieldwork/:sid") view=sessions::SessionView ssr=SsrMode::Async/>
            <Route path=path!(":id/fieldwork/:sid/pack") view=sessions::PackView ssr=SsrMode::Async/>
            <Route path=path!(":id/fieldwork/:sid/debriefs/:did") view=sessions::DebriefPageView ssr=SsrMode::Async/>
            <Route path=path!(":id/analysis") view=analysis::codebook::pages::AnalysisView ssr=SsrMode::Async/>
            <Route path=path!(":id/analysis/codes/:cid") view=analysis::codebook::pages::CodeEditView ssr=SsrMode::Async/>
            <Route path=path!(":id/analysis/transcripts/:fid") view=analysis::coding::pages::TranscriptCodingView ssr=SsrMode::Async/>
            <Route path=path!(":id/analysis/compare") view=analysis::comparison::pages::ComparisonView ssr=SsrMode::Async/>
            <Route path=path!(":id/analysis/themes") view=analysis::themes::pages::ThemesView ssr=SsrMode::Async/>
            <Route path=path!(":id/analysis/themes/:tid") view=analysis::themes::pages::ThemeView ssr=SsrMode::Async/>
            <Route path=path!(":id/outputs") view=crate::projects::outputs::pages::OutputsView ssr=SsrMode::Async/>
            <Route path=path!(":id/impact") view=crate::projects::impact::pages::ImpactTrackerView ssr=SsrMode::Async/>
            <Route path=path!(":id/impact/:rid") view=crate::projects::impact::pages::RecommendationPageView ssr=SsrMode::Async/>
            <Route path=path!(":id/report") view=report::pages::ReportView ssr=SsrMode::Async/>
            <Route path=path!(":id/report/sections/:sid") view=report::pages::SectionEditView ssr=SsrMode::Async/>
            <Route path=path!(":id/report/versions/:vid") view=report::version_pages::VersionView ssr=SsrMode::Async/>
            <Route path=path!(":id/report/compare") view=report::version_pages::CompareView ssr=SsrMode::Async/>
            <Route path=path!(":id/report/print") view=report::print::ReportPrintView ssr=SsrMode::Async/>
            <Route path=path!(":id/findings") view=crate::projects::findings::pages::FindingsView ssr=SsrMode::Async/>
            <Route path=path!(":id/findings/letters") view=crate::projects::findings::pages::LettersView ssr=SsrMode::Async/>
            <Route path=path!(":id/findings/events/:eid") view=crate::projects::findings::event_pages::FeedbackEventView ssr=SsrMode::Async/>
        </ParentRoute>
    }
    .into_inner()
}

#[component]
fn ProjectsPage() -> impl IntoView {
    let page = crate::ui::pagination::page_asked();
    let data = Resource::new(move || page.get(), list_projects);
    view! {
        <Title text="Projects"/>
        <h1>"Projects"</h1>
        <p class="lead">"Research your groups have been commissioned to do, or that your commissioning body has commissioned."</p>
        {with_data(data, |list: Paged<ProjectSummary>| {
            if list.total == 0 {
                view! { <p class="empty-state">"No projects yet. A project starts when a commissioner awards a brief to a group's response."</p> }.into_any()
            } else {
                let pages = list.pages();
                view! {
                    {showing_line(&list, "projects")}
                    <ul class="card-list">
                        {list.items.into_iter().map(|p| view! {
                            <li class="card">
                                <h2><a href=format!("/projects/{}", p.id)>{p.title.clone()}</a></h2>
                                <p>{p.group_name.clone()} " for " {p.commissioner.clone()}</p>
                                <p class="hint">{stage_label(&p.stage)} ". Since " {p.started.clone()}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                    <Pagination page=list.page pages path="/projects"/>
                }.into_any()
            }
        })}
    }
}

fn paragraphs(text: &str) -> impl IntoView {
    text.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| view! { <p class="pre-line">{p.trim().to_string()}</p> })
        .collect_view()
}

#[component]
fn ProjectView() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok())));
    let query = use_query_map();
    let awarded = move || query.with(|q| q.get("done").as_deref() == Some("awarded"));
    let data = Resource::new(move || id.get(), |id| async move {
        match id {
            Some(id) => project(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        {move || awarded().then(|| view! { <Notice><p>"The brief is awarded and this project is set up. Every group that responded has been told."</p></Notice> })}
        {with_data(data, |p: ProjectPage| {
            let c = p.response.costs;
            view! {
                <Title text=p.title.clone()/>
                <p class="brief-meta">"Project"</p>
                <h1>{p.title.clone()}</h1>
                <p><span class="badge badge-awarded">{stage_label(&p.stage)}</span></p>
                <dl class="facts">
                    <dt>"Research group"</dt><dd><a href=format!("/organisations/{}", p.group_slug)>{p.group_name.clone()}</a></dd>
                    <dt>"Commissioned by"</dt><dd>{p.commissioner.clone()}</dd>
                    <dt>"Agreed on"</dt><dd>{p.agreed_on.clone()}</dd>
                    <dt>"Lead (group coordinator)"</dt><dd>{p.lead_name.clone()}</dd>
                    <dt>"Commissioner contact"</dt><dd>{p.contact_name.clone()} " (" <a href=format!("mailto:{}", p.contact_email)>{p.contact_email.clone()}</a> ")"</dd>
                    <dt>"Expected start"</dt><dd>{p.start_date.clone()}</dd>
                    <dt>"Report due by"</dt><dd>{p.report_due.clone()}</dd>
                    <dt>"Agreed cost"</dt><dd>{money(p.total_pence)}</dd>
                </dl>
                {p.sees_work.then(|| view! {
                    <nav aria-label="Parts of the project">
                        <ul class="inline-list">
                            <li><a href=format!("/projects/{}/team", p.id)>"Team"</a></li>
                            <li><a href=format!("/projects/{}/plan", p.id)>"Plan"</a></li>
                            <li><a href=format!("/projects/{}/ethics", p.id)>"Ethics approval"</a></li>
                            {p.manages.then(|| view! { <li><a href=format!("/projects/{}/audit", p.id)>"Audit trail"</a></li> })}
                            <li><a href=format!("/projects/{}/data", p.id)>"Recordings and transcripts"</a></li>
                            <li><a href=format!("/projects/{}/fieldwork", p.id)>"Fieldwork"</a></li>
                            <li><a href=format!("/projects/{}/analysis", p.id)>"Analysis"</a></li>
                            <li><a href=format!("/projects/{}/findings", p.id)>"Check findings with participants"</a></li>
                            <li><a href=format!("/projects/{}/report", p.id)>"Report"</a></li>
                        </ul>
                    </nav>
                })}
                <p><a href=format!("/projects/{}/outputs", p.id)>"Outputs and the public page"</a></p>
                <p><a href=format!("/projects/{}/impact", p.id)>"You said, we did: recommendations and impact"</a></p>
                {(!p.sees_work).then(|| view! {
                    <p><a href=format!("/projects/{}/report", p.id)>"Report"</a>" — the versions of the report sent to you for sign-off"</p>
                })}
                <GateSection project_id=p.id/>
                <RecruitmentOnProject project_id=p.id/>
                <LoneWorkingNow project_id=p.id/>
                <section aria-labelledby="brief-heading">
                    <h2 id="brief-heading">"The brief"</h2>
                    <p>{p.brief_summary.clone()}</p>
                    <h3>"Questions to answer"</h3>
                    {paragraphs(&p.brief_questions)}
                    <h3>"Expected outputs"</h3>
                    {paragraphs(&p.brief_outputs)}
                    <p><a href=format!("/briefs/{}", p.brief_id)>"Read the whole brief"</a></p>
                </section>
                <section aria-labelledby="response-heading">
                    <h2 id="response-heading">"The winning response"</h2>
                    <h3>"Approach and methods"</h3>
                    {paragraphs(&p.response.approach)}
                    <h3>"How people with lived experience lead and take part"</h3>
                    {paragraphs(&p.response.lived_experience)}
                    <h3>"Team"</h3>
                    {paragraphs(&p.response.team)}
                    <h3>"Timeline"</h3>
                    {paragraphs(&p.response.timeline)}
                    <h3>"Ethics route"</h3>
                    {paragraphs(&p.response.ethics_route)}
                    <h3>"Costs"</h3>
                    <p>{c.peer_hours} " peer researcher hours at " {money(c.peer_rate_pence)} " an hour; expenses " {money(c.expenses_pence)}
                       "; academic support " {money(c.academic_pence)} "; other " {money(c.other_pence)} ". Total " <strong>{money(p.total_pence)}</strong> "."</p>
                    <p><a href=format!("/briefs/{}/responses/{}", p.brief_id, p.response_id)>"Open the response"</a></p>
                </section>
            }
        })}
    }
}

/// This feature's part of each person's dashboard.
#[component]
pub fn ProjectsOnDashboard() -> impl IntoView {
    let data = Resource::new(|| (), |_| list_projects(1));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                data.await.ok().filter(|p| !p.items.is_empty()).map(|projects| view! {
                    <section aria-labelledby="projects-dash-heading">
                        <h2 id="projects-dash-heading">"Projects"</h2>
                        <ul>
                            {projects.items.into_iter().take(5).map(|p| view! {
                                <li><a href=format!("/projects/{}", p.id)>{p.title.clone()}</a> " (" {p.group_name.clone()} ")"</li>
                            }).collect_view()}
                        </ul>
                    </section>
                })
            })}
        </Suspense>
    }
}
