//! Pages for training: the training home, a course and its module editor, a cohort (as
//! its trainers or a trainee sees it), a module with its knowledge check and learning
//! log, attendance, a learning-log entry, accepting a place, and certificates.
//! Every form is an `ActionForm` whose server function redirects, so all of it works
//! without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Outlet, ParentRoute, Route};
use leptos_router::hooks::{use_params_map, use_query_map};
use leptos_router::{path, MatchNestedRoutes, SsrMode};

use crate::error::AppError;
use crate::training::api::*;
use crate::training::*;
use crate::ui::{error_of, field_id, with_data, Checkbox, ErrorSummary, Notice, TextArea, TextField};
use crate::validate::readable_date;

/// Every page under /training and /certificates, plugged into the app's routes.
#[component(transparent)]
pub fn TrainingRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/training") view=Outlet ssr=SsrMode::Async>
            <Route path=path!("") view=Home ssr=SsrMode::Async/>
            <Route path=path!("courses/:course_id") view=CourseView ssr=SsrMode::Async/>
            <Route path=path!("modules/:module_id/edit") view=ModuleEditView ssr=SsrMode::Async/>
            <Route path=path!("cohorts/:cohort_id") view=CohortView ssr=SsrMode::Async/>
            <Route path=path!("cohorts/:cohort_id/modules/:module_id") view=ModuleView ssr=SsrMode::Async/>
            <Route path=path!("sessions/:session_id") view=SessionView ssr=SsrMode::Async/>
            <Route path=path!("reflections/:reflection_id") view=ReflectionPageView ssr=SsrMode::Async/>
            <Route path=path!("join/:token") view=JoinView ssr=SsrMode::Async/>
            <Route path=path!("graduates") view=GraduatesView ssr=SsrMode::Async/>
        </ParentRoute>
        <ParentRoute path=path!("/certificates") view=Outlet ssr=SsrMode::Async>
            <Route path=path!("verify") view=VerifyView ssr=SsrMode::Async/>
            <Route path=path!(":code") view=CertificatePageView ssr=SsrMode::Async/>
        </ParentRoute>
    }
    .into_inner()
}

fn id_param(name: &'static str) -> Memo<i64> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get(name).and_then(|v| v.parse().ok()).unwrap_or(0)))
}

fn query_value(name: &'static str) -> Memo<Option<String>> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| q.get(name)))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A labelled bar showing how far someone is through a course.
#[component]
fn ProgressBar(done: usize, total: usize, label: String) -> impl IntoView {
    let percent = percent(done, total).unwrap_or(0);
    view! {
        <div class="progress-wrap">
            <div class="progress" role="progressbar" aria-label=label aria-valuemin="0" aria-valuemax=total.to_string()
                aria-valuenow=done.to_string() aria-valuetext=format!("{done} of {total} modules complete")>
                <div class="progress-fill" style=format!("width: {percent}%")></div>
            </div>
            <p class="progress-text">{format!("{done} of {total} modules complete")}</p>
        </div>
    }
}

fn session_when(on_date: &str, at_time: &str) -> String {
    format!("{} at {}", readable_date(on_date), at_time)
}

fn session_where(place: &str, online: bool) -> String {
    match (place.is_empty(), online) {
        (true, true) => "Online".into(),
        (false, true) => format!("{place} (or join online)"),
        (_, false) => place.to_string(),
    }
}

// ---- Home ----

#[component]
fn Home() -> impl IntoView {
    let create = ServerAction::<CreateCourse>::new();
    let error = error_of(create);
    let data = Resource::new(|| (), |_| training_overview());
    view! {
        <Title text="Training"/>
        <h1>"Training"</h1>
        {with_data(data, move |home: TrainingHome| {
            let providers = home.providers.clone();
            let nothing = home.studying.is_empty() && home.running.is_empty() && home.courses.is_empty();
            view! {
                {nothing.then(|| view! {
                    <div class="empty-state">
                        <p>"You are not on a course yet."</p>
                        <p>"When a trainer offers you a place, you will get an e-mail with a link to accept it. "
                           "If you are expecting one, look in your junk or spam folder too."</p>
                    </div>
                })}
                {(!home.studying.is_empty()).then(|| view! {
                    <section aria-labelledby="studying-heading">
                        <h2 id="studying-heading">"Your courses"</h2>
                        <ul class="card-list">
                            {home.studying.iter().map(|c| view! {
                                <li class="card">
                                    <h3><a href=format!("/training/cohorts/{}", c.cohort_id)>{c.course_title.clone()}</a></h3>
                                    <p>{c.cohort_name.clone()}</p>
                                    <ProgressBar done=c.done total=c.total label=format!("Your progress in {}", c.cohort_name)/>
                                    {c.certificate_code.clone().map(|code| view! {
                                        <p><a href=format!("/certificates/{code}")>"Your certificate"</a></p>
                                    })}
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                })}
                {home.finds_graduates.then(|| view! {
                    <section aria-labelledby="graduates-link-heading">
                        <h2 id="graduates-link-heading">"Graduates looking for a group"</h2>
                        <p>"People who finished a course and would like to join a citizen research group. You can invite them into a group you coordinate."</p>
                        <p><a href="/training/graduates">"See graduates looking for a group"</a></p>
                    </section>
                })}
                {(!home.running.is_empty()).then(|| view! {
                    <section aria-labelledby="running-heading">
                        <h2 id="running-heading">"Cohorts you run"</h2>
                        <table class="table">
                            <thead><tr>
                                <th scope="col">"Cohort"</th><th scope="col">"Course"</th>
                                <th scope="col">"Dates"</th><th scope="col">"Places taken"</th>
                            </tr></thead>
                            <tbody>
                                {home.running.iter().map(|c| view! {
                                    <tr>
                                        <td><a href=format!("/training/cohorts/{}", c.id)>{c.name.clone()}</a></td>
                                        <td>{c.course_title.clone()}</td>
                                        <td>{readable_date(&c.starts_on)} " to " {readable_date(&c.ends_on)}</td>
                                        <td>{c.enrolled} " of " {c.capacity}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </section>
                })}
                {(!home.courses.is_empty()).then(|| view! {
                    <section aria-labelledby="courses-heading">
                        <h2 id="courses-heading">"Courses you teach"</h2>
                        <ul class="plain-list">
                            {home.courses.iter().map(|c| view! {
                                <li>
                                    <a href=format!("/training/courses/{}", c.id)>{c.title.clone()}</a>
                                    " (" {c.organisation_name.clone()} ", " {plural(c.modules as usize, "module", "modules")} ")"
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                })}
                {(!providers.is_empty()).then(|| {
                    let options: Vec<(String, String)> = providers.iter().map(|(id, name)| (id.to_string(), name.clone())).collect();
                    view! {
                        <details class="panel" open=move || error.with(Option::is_some)>
                            <summary>"Write a new course"</summary>
                            <ErrorSummary error/>
                            <ActionForm action=create attr:class="form" attr:novalidate=true>
                                <crate::ui::SelectField label="Training provider" name="organisation_id" options error/>
                                <TextField label="Title of the course" name="course_title" error/>
                                <TextArea label="Summary (optional)" name="course_summary" rows=3 error/>
                                <button type="submit" class="button">"Create course"</button>
                            </ActionForm>
                        </details>
                    }
                })}
            }
        })}
    }
}

// ---- A course, for its trainers ----

#[component]
fn CourseView() -> impl IntoView {
    let course_id = id_param("course_id");
    let done = query_value("done");
    let create = ServerAction::<CreateCohort>::new();
    let error = error_of(create);
    let add = ServerAction::<AddModule>::new();
    let add_error = error_of(add);
    let data = Resource::new(move || (course_id.get(), done.get()), |(id, _)| course(id));
    view! {
        {move || done.get().and_then(|what| match what.as_str() {
            "saved" => Some("The module is saved. Trainees see the new version straight away; their progress and answers are kept."),
            "created" => Some("The course is created. Add its first module below."),
            _ => None,
        }).map(|message| view! { <Notice><p>{message}</p></Notice> })}
        {with_data(data, move |course: CoursePage| { let course_id = course.id; view! {
            <Title text=course.title.clone()/>
            <p class="breadcrumbs"><a href="/training">"Training"</a></p>
            <h1>{course.title.clone()}</h1>
            <p class="lead">{course.summary.clone()}</p>
            <p>"Run by " {course.organisation_name.clone()} "."</p>
            <div class="module-content" inner_html=course.description_html.clone()></div>

            <section aria-labelledby="modules-heading">
                <h2 id="modules-heading">"Modules"</h2>
                <table class="table">
                    <thead><tr>
                        <th scope="col">"Module"</th><th scope="col">"Time"</th>
                        <th scope="col">"Questions"</th><th scope="col">"Change"</th>
                    </tr></thead>
                    <tbody>
                        {course.modules.iter().map(|m| view! {
                            <tr>
                                <td>{m.position} ". " {m.title.clone()}</td>
                                <td>{m.minutes} " minutes"</td>
                                <td>{m.questions}</td>
                                <td><a href=format!("/training/modules/{}/edit", m.id)>"Edit"<span class="visually-hidden">" " {m.title.clone()}</span></a></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <details class="panel" open=move || add_error.with(Option::is_some)>
                    <summary>"Add a module"</summary>
                    <ErrorSummary error=add_error/>
                    <ActionForm action=add attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="course_id" value=course_id/>
                        <TextField label="Title of the new module" name="module_title" error=add_error/>
                        <button type="submit" class="button">"Add module and write it"</button>
                    </ActionForm>
                </details>
            </section>

            {(!course.cohorts.is_empty()).then(|| view! {
                <section aria-labelledby="cohorts-heading">
                    <h2 id="cohorts-heading">"Cohorts of this course"</h2>
                    <ul class="plain-list">
                        {course.cohorts.iter().map(|c| view! {
                            <li>
                                <a href=format!("/training/cohorts/{}", c.id)>{c.name.clone()}</a>
                                ", from " {readable_date(&c.starts_on)} ", " {c.enrolled} " of " {c.capacity} " places taken"
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            })}

            <section aria-labelledby="new-cohort-heading" class="panel">
                <h2 id="new-cohort-heading">"Start a new cohort"</h2>
                <p>"A cohort is one run of this course, with its own dates, people and sessions. You will be its trainer."</p>
                <ErrorSummary error/>
                <ActionForm action=create attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="course_id" value=course_id/>
                    <TextField label="Name of the cohort" name="name" hint="For example: Chelmsford, spring 2027" error/>
                    <TextField label="First date" name="starts_on" input_type="date" hint="For example 14/03/2027" error/>
                    <TextField label="Last date" name="ends_on" input_type="date" error/>
                    <TextField label="Number of places" name="capacity" input_type="number" value="12".to_string() error/>
                    <TextField label="Where it meets (optional)" name="location" hint="For example: Chelmsford Library, meeting room 2" error/>
                    <TextField label="Minimum attendance for a certificate, in per cent" name="min_attendance" input_type="number"
                        value="75".to_string() error/>
                    <button type="submit" class="button">"Create cohort"</button>
                </ActionForm>
            </section>
        }})}
    }
}

// ---- Module editor ----

#[component]
fn ModuleEditView() -> impl IntoView {
    let module_id = id_param("module_id");
    let done = query_value("done");
    let save = ServerAction::<SaveModule>::new();
    let discard = ServerAction::<DiscardDraft>::new();
    let add_question = ServerAction::<AddQuestion>::new();
    let retire = ServerAction::<RetireQuestion>::new();
    let question_error = Signal::derive(move || error_of(add_question).get().or_else(|| error_of(retire).get()));
    let error = error_of(save);
    let data = Resource::new(
        move || (module_id.get(), save.version().get(), discard.version().get(), done.get(), add_question.version().get(), retire.version().get()),
        |(id, ..)| module_editor_page(id),
    );
    view! {
        {with_data(data, move |m: ModuleEditor| {
            let title = format!("Edit module {}: {}", m.position, m.title);
            let module_id = m.id;
            let (t, minutes, outcomes, body, prompt, pass) =
                (m.title.clone(), m.minutes.to_string(), m.outcomes.clone(), m.body.clone(), m.reflection_prompt.clone(), m.pass_mark.to_string());
            view! {
                <Title text=title.clone()/>
                <p class="breadcrumbs">
                    <a href="/training">"Training"</a> " › "
                    <a href=format!("/training/courses/{}", m.course_id)>{m.course_title.clone()}</a>
                </p>
                <h1>{title}</h1>
                {move || done.get().and_then(|what| match what.as_str() {
                    "discarded" => Some("Your draft is thrown away."),
                    "added" => Some("The module is added. Write its content, then save it."),
                    "question" => Some("The question is added to the knowledge check."),
                    "retired" => Some("The question is taken out of the check. Answers already given to it are kept."),
                    _ => None,
                }).map(|message| view! { <Notice><p>{message}</p></Notice> })}
                {m.is_draft.then(|| view! {
                    <Notice>
                        <p>"You are looking at your unsaved draft. Trainees still see the published version until you save."</p>
                    </Notice>
                    <ActionForm action=discard>
                        <input type="hidden" name="module_id" value=module_id/>
                        <button type="submit" class="button button-warning">"Throw away my draft"</button>
                    </ActionForm>
                })}
                <p>"Write in Markdown: ## for a heading, **bold**, - for a list. Choose Preview to see how it looks before you save."</p>
                <p class="hint">{format!(
                    "This module has {} knowledge-check questions. Saving changes the text only: the questions, and every trainee's \
                     reading, answers and progress, stay as they are. This is version {}.",
                    m.questions, m.version
                )}</p>
                <ErrorSummary error/>
                <ActionForm action=save attr:class="form form-wide" attr:novalidate=true>
                    <input type="hidden" name="module_id" value=module_id/>
                    <TextField label="Title" name="title" value=t error/>
                    <TextField label="Time it takes, in minutes" name="minutes" input_type="number" value=minutes error/>
                    <TextArea label="What trainees will learn" name="outcomes" rows=5 hint="One outcome on each line."
                        value=outcomes error/>
                    <TextArea label="Content" name="body" rows=20 value=body error/>
                    <TextArea label="Reflection prompt for the learning log" name="reflection_prompt" rows=3
                        value=prompt error/>
                    <TextField label="Pass mark for the knowledge check, in per cent" name="pass_mark" input_type="number"
                        value=pass error/>
                    <div class="actions">
                        <button type="submit" name="intent" value="preview" class="button button-secondary">"Preview"</button>
                        " "
                        <button type="submit" name="intent" value="save" class="button">"Save and publish"</button>
                    </div>
                </ActionForm>
                <section aria-labelledby="preview-heading" id="preview" class="preview">
                    <h2 id="preview-heading">{if m.is_draft { "Preview of your draft" } else { "How trainees see it now" }}</h2>
                    <div class="module-content" inner_html=m.preview_html.clone()></div>
                </section>
                <section aria-labelledby="check-heading" id="check">
                    <h2 id="check-heading">"Knowledge check"</h2>
                    <p>"Questions are never changed in place: to change one, add the new wording and take the old one out. "
                       "Trainees' earlier answers and passed checks are kept either way."</p>
                    <ErrorSummary error=question_error/>
                    {if m.check.is_empty() {
                        view! { <p>"This module has no knowledge check yet. Trainees complete it by reading it."</p> }.into_any()
                    } else {
                        view! {
                            <ol>
                                {m.check.clone().into_iter().map(|q| {
                                    let question_id = q.id;
                                    let short = q.text.chars().take(60).collect::<String>();
                                    view! {
                                        <li class="question-edit">
                                            <p><strong>{q.text.clone()}</strong></p>
                                            <ul>
                                                {q.options.iter().map(|(text, correct, feedback)| view! {
                                                    <li>{text.clone()} {correct.then_some(" (right answer)")}
                                                        {(!feedback.is_empty()).then(|| view! { <br/><span class="hint">"Feedback: " {feedback.clone()}</span> })}
                                                    </li>
                                                }).collect_view()}
                                            </ul>
                                            <ActionForm action=retire>
                                                <input type="hidden" name="question_id" value=question_id/>
                                                <button type="submit" class="button button-warning">
                                                    "Take this question out" <span class="visually-hidden">{format!(": {short}")}</span>
                                                </button>
                                            </ActionForm>
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                        }.into_any()
                    }}
                    <details class="panel" open=move || question_error.with(Option::is_some)>
                        <summary>"Add a question"</summary>
                        <ActionForm action=add_question attr:class="form" attr:novalidate=true>
                            <input type="hidden" name="module_id" value=module_id/>
                            <crate::ui::SelectField label="Kind of question" name="question_kind" error=question_error
                                options=vec![("multiple_choice".to_string(), "Multiple choice".to_string()), ("true_false".to_string(), "True or false".to_string())]/>
                            <TextArea label="The question" name="question_text" rows=2 error=question_error/>
                            <TextArea label="Answers" name="question_options" rows=5 error=question_error
                                hint="One answer on each line, then | and the feedback to show. Start the right answer with *. For example: * True | Yes, that is right"/>
                            <button type="submit" class="button">"Add question"</button>
                        </ActionForm>
                    </details>
                </section>
            }
        })}
    }
}

// ---- A cohort ----

#[component]
fn CohortView() -> impl IntoView {
    let cohort_id = id_param("cohort_id");
    let done = query_value("done");
    let count = query_value("n");
    let data = Resource::new(move || (cohort_id.get(), done.get(), count.get()), |(id, ..)| cohort(id));
    view! {
        {move || done.get().map(|what| {
            let n = count.get().unwrap_or_default();
            let message = match what.as_str() {
                "created" => "The cohort is created. Add its sessions and invite trainees below.".to_string(),
                "invited" => format!("Invitations sent: {n}. Each works for 21 days."),
                "withdrawn" => "The invitation is withdrawn. Its link no longer works.".to_string(),
                "session" => "The session is added.".to_string(),
                "rule" => "The completion rule is saved.".to_string(),
                "attendance" => "Attendance is saved.".to_string(),
                "apologies" => "Your apologies are sent to your trainer.".to_string(),
                "joined" => "Welcome: you have a place on this course.".to_string(),
                "issued" => "The certificate is issued.".to_string(),
                "revoked" => "The certificate is revoked. Its code no longer verifies.".to_string(),
                "graduate" => "The invitation to join the group is sent.".to_string(),
                "trainer" => "The trainer is added. They can now run this cohort with you.".to_string(),
                "founded" => "The new group is created and its founders are invited as coordinators.".to_string(),
                _ => "Saved.".to_string(),
            };
            view! { <Notice><p>{message}</p></Notice> }
        })}
        {with_data(data, |page: CohortPage| match page {
            CohortPage::Trainer(cohort) => view! { <TrainerCohortView cohort=*cohort/> }.into_any(),
            CohortPage::Trainee(cohort) => view! { <TraineeCohortView cohort=*cohort/> }.into_any(),
        })}
    }
}

#[component]
fn CohortHeader(cohort: CohortFacts) -> impl IntoView {
    view! {
        <Title text=format!("{}: {}", cohort.course_title, cohort.name)/>
        <p class="breadcrumbs"><a href="/training">"Training"</a></p>
        <h1>{cohort.course_title.clone()} <span class="subtitle">{cohort.name.clone()}</span></h1>
        <dl class="facts">
            <dt>"Dates"</dt><dd>{readable_date(&cohort.starts_on)} " to " {readable_date(&cohort.ends_on)}</dd>
            {(!cohort.location.is_empty()).then(|| view! { <dt>"Where"</dt><dd>{cohort.location.clone()}</dd> })}
            <dt>"Run by"</dt><dd>{cohort.organisation_name.clone()}</dd>
            <dt>"Trainers"</dt><dd>{cohort.trainers.join(", ")}</dd>
        </dl>
    }
}

#[component]
fn TrainerCohortView(cohort: TrainerCohort) -> impl IntoView {
    let invite = ServerAction::<InviteTrainees>::new();
    let withdraw = ServerAction::<WithdrawCohortInvitation>::new();
    let add = ServerAction::<AddSession>::new();
    let rule = ServerAction::<SetCompletionRule>::new();
    let issue = ServerAction::<IssueCertificate>::new();
    let revoke = ServerAction::<RevokeCertificate>::new();
    let graduate = ServerAction::<InviteGraduate>::new();
    let found = ServerAction::<FoundGroup>::new();
    let add_trainer = ServerAction::<AddCohortTrainer>::new();
    let trainer_error = error_of(add_trainer);
    let other_trainers: Vec<(String, String)> =
        cohort.other_trainers.iter().map(|(id, name)| (id.to_string(), name.clone())).collect();
    let found_error = error_of(found);
    let invite_error = error_of(invite);
    let add_error = error_of(add);
    let rule_error = error_of(rule);
    let cert_error = Signal::derive(move || error_of(issue).get().or_else(|| error_of(revoke).get()).or_else(|| error_of(graduate).get()));
    let id = cohort.cohort.id;
    let facts = cohort.cohort.clone();
    let places_left = facts.capacity - cohort.trainees.len() as i64;
    let modules = cohort.modules.clone();
    let modules_for_sessions = cohort.modules.clone();
    let modules_for_rule = cohort.modules.clone();
    let graduates: Vec<TraineeRow> =
        cohort.trainees.iter().filter(|t| t.certificate.as_ref().is_some_and(|c| !c.revoked)).cloned().collect();
    let groups = cohort.groups_led.clone();
    view! {
        <CohortHeader cohort=facts.clone()/>
        <p><a href=format!("/training/cohorts/{id}/export.csv") download="">"Download attendance and progress (CSV spreadsheet)"</a></p>
        {(!other_trainers.is_empty()).then(|| view! {
            <details class="panel" open=move || trainer_error.with(Option::is_some)>
                <summary>"Add a trainer to this cohort"</summary>
                <ErrorSummary error=trainer_error/>
                <ActionForm action=add_trainer attr:class="form">
                    <input type="hidden" name="cohort_id" value=id/>
                    <crate::ui::SelectField label="Trainer" name="trainer_id" options=other_trainers error=trainer_error/>
                    <button type="submit" class="button">"Add trainer"</button>
                </ActionForm>
            </details>
        })}

        <section aria-labelledby="progress-heading">
            <h2 id="progress-heading">"Progress"</h2>
            {if cohort.trainees.is_empty() {
                view! { <p class="empty-state">"Nobody has accepted a place yet."</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-label="Progress of each trainee, module by module">
                        <table class="table grid">
                            <thead><tr>
                                <th scope="col">"Trainee"</th>
                                {modules.iter().map(|m| view! {
                                    <th scope="col"><abbr title=m.title.clone()>{m.position}</abbr><span class="visually-hidden">{format!(". {}", m.title)}</span></th>
                                }).collect_view()}
                                <th scope="col">"Required modules"</th>
                                <th scope="col">"Attendance"</th>
                                <th scope="col">"Certificate"</th>
                            </tr></thead>
                            <tbody>
                                {cohort.trainees.iter().map(|t| {
                                    let required_total = modules.iter().filter(|m| m.required).count();
                                    view! {
                                        <tr>
                                            <th scope="row">{t.name.clone()}</th>
                                            {t.states.iter().map(|s| view! { <td class=s.class() title=s.label()>{s.short()}</td> }).collect_view()}
                                            <td>{t.required_done} " of " {required_total}</td>
                                            <td>{t.attendance_percent.map(|p| format!("{p}% ({} attended)", t.attended)).unwrap_or_else(|| "No sessions yet".into())}</td>
                                            <td>{match &t.certificate {
                                                Some(c) if !c.revoked => view! { <a href=format!("/certificates/{}", c.code)>{c.code.clone()}</a> }.into_any(),
                                                Some(_) => view! { "Revoked" }.into_any(),
                                                None if t.meets_rule => view! { "Due" }.into_any(),
                                                None => view! { "Not yet" }.into_any(),
                                            }}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <p class="hint">"Done: read and check passed. Read: the knowledge check is still to do. –: not started."</p>
                }.into_any()
            }}
        </section>

        <section aria-labelledby="feedback-heading">
            <h2 id="feedback-heading">"Learning log: waiting for your feedback"</h2>
            {if cohort.awaiting_feedback.is_empty() {
                view! { <p>"Nothing is waiting. Trainees' private entries are never shown here."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {cohort.awaiting_feedback.iter().map(|r| view! {
                            <li><a href=format!("/training/reflections/{}", r.id)>{r.author.clone()} " on " {r.module_title.clone()}</a>
                                ", written " {r.written_on.clone()}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {(!cohort.answered.is_empty()).then(|| view! {
                <details>
                    <summary>{format!("Shared entries you have answered ({})", cohort.answered.len())}</summary>
                    <ul class="plain-list">
                        {cohort.answered.iter().map(|r| view! {
                            <li><a href=format!("/training/reflections/{}", r.id)>{r.author.clone()} " on " {r.module_title.clone()}</a>
                                ", written " {r.written_on.clone()}</li>
                        }).collect_view()}
                    </ul>
                </details>
            })}
        </section>

        <section aria-labelledby="sessions-heading" id="sessions">
            <h2 id="sessions-heading">"Sessions"</h2>
            {if cohort.sessions.is_empty() {
                view! { <p>"No sessions yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {cohort.sessions.iter().map(|s| view! {
                            <li>
                                <strong>{session_when(&s.on_date, &s.at_time)}</strong> ", " {session_where(&s.place, s.online)}
                                {(!s.covers.is_empty()).then(|| view! {
                                    <br/> "Covers: " {s.covers.iter().map(|(_, t)| t.clone()).collect::<Vec<_>>().join("; ")}
                                })}
                                <br/>
                                <a href=format!("/training/sessions/{}", s.id)>
                                    "Mark attendance" <span class="visually-hidden">{format!(" for {}", session_when(&s.on_date, &s.at_time))}</span>
                                </a>
                                " (" {s.marked} " marked)"
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <details class="panel" open=move || add_error.with(Option::is_some)>
                <summary>"Add a session"</summary>
                <ErrorSummary error=add_error/>
                <ActionForm action=add attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="cohort_id" value=id/>
                    <TextField label="Date" name="on_date" input_type="date" error=add_error/>
                    <TextField label="Start time" name="at_time" hint="For example 10:30" error=add_error/>
                    <TextField label="Where" name="place" value=facts.location.clone() error=add_error/>
                    <Checkbox label="People can join online" name="online"/>
                    <fieldset>
                        <legend>"Modules this session covers"</legend>
                        {modules_for_sessions.iter().map(|m| {
                            let box_id = format!("covers-{}", m.id);
                            view! {
                                <div class="checkbox">
                                    <input type="checkbox" id=box_id.clone() name=format!("covers[m{}]", m.id) value="on"/>
                                    <label for=box_id>{m.position} ". " {m.title.clone()}</label>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                    <button type="submit" class="button">"Add session"</button>
                </ActionForm>
            </details>
        </section>

        <section aria-labelledby="people-heading" id="people" class="panel">
            <h2 id="people-heading">"Invite trainees"</h2>
            <p>{format!("{} of {} places taken, {} left.", cohort.trainees.len(), facts.capacity, places_left.max(0))}</p>
            <ErrorSummary error=invite_error/>
            <ActionForm action=invite attr:class="form" attr:novalidate=true>
                <input type="hidden" name="cohort_id" value=id/>
                <TextArea label="E-mail addresses" name="emails" rows=4
                    hint="One address, or paste a list: one on each line, or separated by commas." error=invite_error/>
                <button type="submit" class="button">"Send invitations"</button>
            </ActionForm>
            {(!cohort.pending_invitations.is_empty()).then(|| view! {
                <h3>"Invitations not yet accepted"</h3>
                <ul class="plain-list">
                    {cohort.pending_invitations.iter().cloned().map(|(inv_id, email, until)| view! {
                        <li>
                            {email.clone()} ", until " {until}
                            <ActionForm action=withdraw attr:class="inline-form">
                                <input type="hidden" name="invitation_id" value=inv_id/>
                                <button type="submit" class="button button-small button-secondary">
                                    "Withdraw" <span class="visually-hidden">{format!(" the invitation to {email}")}</span>
                                </button>
                            </ActionForm>
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </section>

        <section aria-labelledby="rule-heading" class="panel">
            <h2 id="rule-heading">"Completion rule"</h2>
            <p>"A trainee gets a certificate when they have completed every required module and attended at least the minimum share of sessions."</p>
            <ErrorSummary error=rule_error/>
            <ActionForm action=rule attr:class="form" attr:novalidate=true>
                <input type="hidden" name="cohort_id" value=id/>
                <TextField label="Minimum attendance, in per cent" name="min_attendance" input_type="number"
                    value=facts.min_attendance.to_string() error=rule_error/>
                <fieldset>
                    <legend>"Required modules"</legend>
                    {modules_for_rule.iter().map(|m| {
                        let box_id = format!("required-{}", m.id);
                        view! {
                            <div class="checkbox">
                                <input type="checkbox" id=box_id.clone() name=format!("required[m{}]", m.id) value="on" checked=m.required/>
                                <label for=box_id>{m.position} ". " {m.title.clone()}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <button type="submit" class="button">"Save the completion rule"</button>
            </ActionForm>
        </section>

        <section aria-labelledby="certificates-heading" id="certificates">
            <h2 id="certificates-heading">"Certificates"</h2>
            <p>"Certificates are issued by themselves when someone meets the rule. You can also issue or revoke one; say why, so there is a record."</p>
            <ErrorSummary error=cert_error/>
            <ul class="plain-list">
                {cohort.trainees.iter().map(|t| {
                    let reason_id = format!("reason-{}", t.user_id);
                    let name = t.name.clone();
                    let (name2, name3) = (t.name.clone(), t.name.clone());
                    let user_id = t.user_id;
                    match t.certificate.clone() {
                        Some(c) if !c.revoked => view! {
                            <li>
                                {name.clone()} ": certificate " <a href=format!("/certificates/{}", c.code)>{c.code.clone()}</a>
                                <details>
                                    <summary>"Revoke" <span class="visually-hidden">{format!(" the certificate of {name}")}</span></summary>
                                    <ActionForm action=revoke attr:class="form">
                                        <input type="hidden" name="certificate_id" value=c.id/>
                                        <label for=reason_id.clone()>"Why it is revoked"</label>
                                        <input class="input" id=reason_id name="reason" required=true/>
                                        <button type="submit" class="button button-small button-warning">{format!("Revoke the certificate of {name2}")}</button>
                                    </ActionForm>
                                </details>
                            </li>
                        }.into_any(),
                        _ => view! {
                            <li>
                                {name.clone()} ": no certificate"
                                <details>
                                    <summary>"Issue one" <span class="visually-hidden">{format!(" to {name}")}</span></summary>
                                    <ActionForm action=issue attr:class="form">
                                        <input type="hidden" name="cohort_id" value=id/>
                                        <input type="hidden" name="user_id" value=user_id/>
                                        <label for=reason_id.clone()>"Why it is issued"</label>
                                        <input class="input" id=reason_id name="reason" required=true/>
                                        <button type="submit" class="button button-small">{format!("Issue a certificate to {name3}")}</button>
                                    </ActionForm>
                                </details>
                            </li>
                        }.into_any(),
                    }
                }).collect_view()}
            </ul>
        </section>

        <section aria-labelledby="graduation-heading" id="graduation">
            <h2 id="graduation-heading">"Graduation"</h2>
            {if graduates.is_empty() {
                view! { <p>"When trainees have their certificates, you can invite them to join a citizen research group, or help them found a new one, here."</p> }.into_any()
            } else {
                let graduates_for_found = graduates.clone();
                view! {
                    {if groups.is_empty() {
                        view! {
                            <p>"You do not coordinate a research group, so you cannot invite graduates into one. "
                               "Ask the group's coordinator to invite them, or help them found a new group below."</p>
                        }.into_any()
                    } else {
                        view! {
                            <h3>"Invite a graduate into a group you coordinate"</h3>
                            <ul class="plain-list">
                                {graduates.iter().cloned().map(|g| {
                                    let select_id = format!("group-{}", g.user_id);
                                    let groups = groups.clone();
                                    view! {
                                        <li>
                                            <ActionForm action=graduate attr:class="inline-form">
                                                <input type="hidden" name="cohort_id" value=id/>
                                                <input type="hidden" name="user_id" value=g.user_id/>
                                                <label for=select_id.clone()>{format!("Invite {} to join", g.name)}</label>" "
                                                <select id=select_id name="organisation_id" class="select select-small">
                                                    {groups.iter().map(|(gid, gname)| view! { <option value=*gid>{gname.clone()}</option> }).collect_view()}
                                                </select>
                                                <button type="submit" class="button button-small">"Send invitation" <span class="visually-hidden">{format!(" to {}", g.name)}</span></button>
                                            </ActionForm>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    <details class="panel" open=move || found_error.with(Option::is_some)>
                        <summary>"Help graduates found a new research group"</summary>
                        <p>"The group is created and the graduates you choose are invited as its first coordinators. You do not join it."</p>
                        <ErrorSummary error=found_error/>
                        <ActionForm action=found attr:class="form" attr:novalidate=true>
                            <input type="hidden" name="cohort_id" value=id/>
                            <TextField label="Name of the new group" name="group_name" error=found_error/>
                            <TextArea label="What the group is about (optional)" name="group_description" rows=3 error=found_error/>
                            <fieldset id=field_id("founders")>
                                <legend>"Founders"</legend>
                                {graduates_for_found.iter().map(|g| {
                                    let box_id = format!("founder-{}", g.user_id);
                                    view! {
                                        <div class="checkbox">
                                            <input type="checkbox" id=box_id.clone() name=format!("founders[m{}]", g.user_id) value="on"/>
                                            <label for=box_id>{g.name.clone()}</label>
                                        </div>
                                    }
                                }).collect_view()}
                            </fieldset>
                            <button type="submit" class="button">"Create the group and invite its founders"</button>
                        </ActionForm>
                    </details>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn TraineeCohortView(cohort: TraineeCohort) -> impl IntoView {
    let apologies = ServerAction::<SendApologies>::new();
    let apologies_error = error_of(apologies);
    let id = cohort.cohort.id;
    let catch_up: Vec<TraineeSession> = cohort.catch_up().into_iter().cloned().collect();
    let total = cohort.modules.len();
    let sessions_total = cohort.sessions.len();
    view! {
        <CohortHeader cohort=cohort.cohort.clone()/>
        <p class="lead">{cohort.summary.clone()}</p>
        <ProgressBar done=cohort.done total label="Your progress".to_string()/>
        {cohort.certificate_code.clone().map(|code| view! {
            <div class="notice">
                <p><strong>"Well done: you have completed the course."</strong></p>
                <p><a href=format!("/certificates/{code}")>"See and print your certificate"</a></p>
            </div>
        })}

        {(!catch_up.is_empty()).then(|| view! {
            <section aria-labelledby="catch-up-heading" class="panel">
                <h2 id="catch-up-heading">"Catching up"</h2>
                <p>"You missed these sessions. Nothing is lost: work through what they covered at your own pace."</p>
                <ul class="plain-list">
                    {catch_up.iter().map(|s| view! {
                        <li>
                            <strong>{session_when(&s.on_date, &s.at_time)}</strong> " covered:"
                            <ul>
                                {s.covers.iter().map(|(mid, title, state)| view! {
                                    <li><a href=format!("/training/cohorts/{id}/modules/{mid}")>{title.clone()}</a> " (" {state.label()} ")"</li>
                                }).collect_view()}
                            </ul>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}

        <section aria-labelledby="modules-heading">
            <h2 id="modules-heading">"Modules"</h2>
            <ol class="module-list">
                {cohort.modules.iter().map(|m| view! {
                    <li class=format!("module-item {}", m.state.class())>
                        <a href=format!("/training/cohorts/{id}/modules/{}", m.id)>{m.title.clone()}</a>
                        <span class="module-meta">{format!(" about {} minutes", m.minutes)}{(!m.required).then_some(", optional")}</span>
                        <span class="state-label">{m.state.label()}</span>
                    </li>
                }).collect_view()}
            </ol>
            <p class="hint">{format!(
                "For your certificate: complete the {} required modules ({} done so far) and come to at least {}% of the sessions (you have come to {} of {}).",
                cohort.required_total, cohort.required_done, cohort.cohort.min_attendance, cohort.attended, sessions_total
            )}</p>
            <p class="hint">{format!("{} of {} modules complete in all.", cohort.done, total)}</p>
        </section>

        <section aria-labelledby="sessions-heading" id="sessions">
            <h2 id="sessions-heading">"Sessions"</h2>
            <ErrorSummary error=apologies_error/>
            {if cohort.sessions.is_empty() {
                view! { <p>"Your trainer has not added any sessions yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {cohort.sessions.iter().map(|s| {
                            let note_id = format!("note-{}", s.id);
                            let session_id = s.id;
                            let when = session_when(&s.on_date, &s.at_time);
                            view! {
                                <li>
                                    <strong>{when.clone()}</strong> ", " {session_where(&s.place, s.online)}
                                    {(!s.covers.is_empty()).then(|| view! {
                                        <br/> "Covers: " {s.covers.iter().map(|(_, t, _)| t.clone()).collect::<Vec<_>>().join("; ")}
                                    })}
                                    <br/>
                                    {match (s.status, s.past) {
                                        (Some(status), _) => view! { <span>"You: " {status.label()}</span> }.into_any(),
                                        (None, true) => view! { <span>"Not marked yet"</span> }.into_any(),
                                        (None, false) => view! {
                                            <details>
                                                <summary>"I cannot come" <span class="visually-hidden">{format!(" on {when}")}</span></summary>
                                                <ActionForm action=apologies attr:class="form">
                                                    <input type="hidden" name="session_id" value=session_id/>
                                                    <label for=note_id.clone()>"A note for your trainer (optional)"</label>
                                                    <input class="input" id=note_id name="note"/>
                                                    <button type="submit" class="button button-small">"Send my apologies"</button>
                                                </ActionForm>
                                            </details>
                                        }.into_any(),
                                    }}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

// ---- A module, for a trainee ----

#[component]
fn ModuleView() -> impl IntoView {
    let cohort_id = id_param("cohort_id");
    let module_id = id_param("module_id");
    let done = query_value("done");
    let read = ServerAction::<MarkRead>::new();
    let check = ServerAction::<SubmitCheck>::new();
    let reflect = ServerAction::<WriteReflection>::new();
    let data = Resource::new(
        move || (cohort_id.get(), module_id.get(), done.get(), read.version().get(), check.version().get(), reflect.version().get()),
        |(c, m, ..)| module(c, m),
    );
    view! {
        {with_data(data, move |m: ModulePage| view! { <ModuleBody m done read check reflect/> })}
    }
}

#[component]
fn ModuleBody(
    m: ModulePage,
    done: Memo<Option<String>>,
    read: ServerAction<MarkRead>,
    check: ServerAction<SubmitCheck>,
    reflect: ServerAction<WriteReflection>,
) -> impl IntoView {
    let check_error = error_of(check);
    let read_error = error_of(read);
    let reflect_error = error_of(reflect);
    let cohort = m.cohort_id;
    let heading = format!("Module {} of {}: {}", m.position, m.module_count, m.title);
    let has_check = !m.questions.is_empty();
    let questions = m.questions.clone();
    let quiz_questions = m.questions.clone();
    let attempt = m.last_attempt.clone();
    let retry = m.last_attempt.is_some();
    let module_id = m.id;
    view! {
        <Title text=m.title.clone()/>
        <p class="breadcrumbs">
            <a href="/training">"Training"</a> " › "
            <a href=format!("/training/cohorts/{cohort}")>{m.course_title.clone()}</a>
        </p>
        <h1>{heading}</h1>
        <p class="module-meta">{format!("About {} minutes. ", m.minutes)} <strong>{m.state.label()}</strong></p>
        {move || done.get().and_then(|what| match what.as_str() {
            "read" => Some("Marked as read."),
            "reflected" => Some("Your reflection is saved in your learning log."),
            _ => None,
        }).map(|message| view! { <Notice><p>{message}</p></Notice> })}
        {(!m.outcomes.is_empty()).then(|| view! {
            <section aria-labelledby="outcomes-heading" class="panel">
                <h2 id="outcomes-heading">"By the end you will be able to"</h2>
                <ul>{m.outcomes.iter().map(|o| view! { <li>{o.clone()}</li> }).collect_view()}</ul>
            </section>
        })}
        <div class="module-content" inner_html=m.body_html.clone()></div>

        <section aria-labelledby="read-heading" class="panel" id="read">
            <h2 id="read-heading">"Finished reading?"</h2>
            <ErrorSummary error=read_error/>
            {if m.read {
                view! { <p>"You have marked this module as read."</p> }.into_any()
            } else {
                view! {
                    <ActionForm action=read>
                        <input type="hidden" name="cohort_id" value=cohort/>
                        <input type="hidden" name="module_id" value=module_id/>
                        <button type="submit" class="button">"I have read this module"</button>
                    </ActionForm>
                }.into_any()
            }}
        </section>

        {has_check.then(|| view! {
            <section aria-labelledby="check-heading" id="check">
                <h2 id="check-heading">"Knowledge check"</h2>
                <p>{format!(
                    "{} questions. You pass with {}% or more. You can try as many times as you like; only you see your answers.",
                    questions.len(), m.pass_mark
                )}</p>
                {attempt.clone().map(|a| {
                    let questions = questions.clone();
                    view! {
                        <div id="result" class=if a.passed { "result result-pass" } else { "result result-fail" } role="status">
                            <h3>{if a.passed {
                                format!("You passed with {}%.", a.score)
                            } else {
                                format!("You scored {}%. You need {}% to pass: read the feedback and try again.", a.score, m.pass_mark)
                            }}</h3>
                            <ol>
                                {questions.iter().map(|q| {
                                    let answer = a.answers.iter().find(|x| x.question_id == q.id).cloned();
                                    let chosen = answer.as_ref().and_then(|x| q.options.iter().find(|o| o.0 == x.option_id)).map(|o| o.1.clone());
                                    view! {
                                        <li>
                                            <p>{q.text.clone()}</p>
                                            {answer.map(|x| view! {
                                                <p>"Your answer: " {chosen.unwrap_or_default()} " – "
                                                   <strong>{if x.correct { "right" } else { "not quite" }}</strong></p>
                                                <p class="feedback">{x.feedback.clone()}</p>
                                            })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                        </div>
                    }
                })}
                {(m.passed && !m.read).then(|| view! {
                    <p><strong>"You have passed the check. Mark the module as read above to complete it."</strong></p>
                })}
                <ErrorSummary error=check_error/>
                <ActionForm action=check attr:class="form quiz" attr:novalidate=true>
                    <input type="hidden" name="cohort_id" value=cohort/>
                    <input type="hidden" name="module_id" value=module_id/>
                    {quiz_questions.iter().enumerate().map(|(n, q)| {
                        let field = format!("q{}", q.id);
                        let field_for_message = field.clone();
                        let field_for_echo = field.clone();
                        let message = Signal::derive(move || check_error.with(|e| {
                            e.as_ref().and_then(AppError::form_errors).and_then(|f| f.message_for(&field_for_message)).map(str::to_string)
                        }));
                        let echo = Signal::derive(move || check_error.with(|e| {
                            e.as_ref().and_then(AppError::form_errors).and_then(|f| f.value_for(&field_for_echo)).map(str::to_string)
                        }));
                        let fieldset_id = field_id(&field);
                        view! {
                            <fieldset id=fieldset_id class="question" class:field-error=move || message.with(Option::is_some)>
                                <legend>{format!("{}. {}", n + 1, q.text)}</legend>
                                {move || message.get().map(|text| view! {
                                    <p class="error-message"><span class="visually-hidden">"Error: "</span>{text}</p>
                                })}
                                {q.options.iter().map(|(oid, text)| {
                                    let radio_id = format!("option-{oid}");
                                    let value = oid.to_string();
                                    let checked = {
                                        let value = value.clone();
                                        move || echo.with(|e| e.as_deref() == Some(value.as_str()))
                                    };
                                    view! {
                                        <div class="radio">
                                            <input type="radio" id=radio_id.clone() name=format!("answers[{field}]") value=value checked=checked/>
                                            <label for=radio_id>{text.clone()}</label>
                                        </div>
                                    }
                                }).collect_view()}
                            </fieldset>
                        }
                    }).collect_view()}
                    <button type="submit" class="button">{if retry { "Check my answers again" } else { "Check my answers" }}</button>
                </ActionForm>
            </section>
        })}

        <section aria-labelledby="log-heading" id="log" class="panel">
            <h2 id="log-heading">"Your learning log"</h2>
            {(!m.reflection_prompt.is_empty()).then(|| view! { <p class="prompt">{m.reflection_prompt.clone()}</p> })}
            <ErrorSummary error=reflect_error/>
            <ActionForm action=reflect attr:class="form" attr:novalidate=true>
                <input type="hidden" name="cohort_id" value=cohort/>
                <input type="hidden" name="module_id" value=module_id/>
                <TextArea label="Your reflection" name="body" rows=6
                    hint="Write as much or as little as you like. It is private unless you choose to share it." error=reflect_error/>
                <Checkbox label="Share this with my trainers" name="shared"
                    hint="Shared entries can be read and answered by your trainers. Nobody else on the course sees them."/>
                <button type="submit" class="button">"Save to my learning log"</button>
            </ActionForm>
            {m.reflections.iter().map(|r| view! { <ReflectionCard r=r.clone()/> }).collect_view()}
        </section>

        <nav aria-label="Modules" class="pager">
            {m.previous.map(|p| view! { <a href=format!("/training/cohorts/{cohort}/modules/{p}")>"‹ Previous module"</a> })}
            " "
            <a href=format!("/training/cohorts/{cohort}")>"All modules"</a>
            " "
            {m.next.map(|n| view! { <a href=format!("/training/cohorts/{cohort}/modules/{n}")>"Next module ›"</a> })}
        </nav>
    }
}

#[component]
fn ReflectionCard(r: ReflectionView) -> impl IntoView {
    view! {
        <article class="reflection">
            <p class="reflection-meta">
                {r.written_on.clone()} ", " {r.module_title.clone()} ": "
                <strong>{if r.shared { "shared with your trainers" } else { "private: only you can see this" }}</strong>
            </p>
            <div class="module-content" inner_html=r.body_html.clone()></div>
            {r.replies.iter().map(|reply| view! {
                <div class="reply">
                    <p class="reflection-meta">"Feedback from " {reply.author.clone()} ", " {reply.written_on.clone()}</p>
                    <div inner_html=reply.body_html.clone()></div>
                </div>
            }).collect_view()}
        </article>
    }
}

// ---- A learning-log entry, for a trainer ----

#[component]
fn ReflectionPageView() -> impl IntoView {
    let reflection_id = id_param("reflection_id");
    let done = query_value("done");
    let reply = ServerAction::<ReplyToReflection>::new();
    let error = error_of(reply);
    let data = Resource::new(move || (reflection_id.get(), done.get(), reply.version().get()), |(id, ..)| reflection(id));
    view! {
        {move || (done.get().as_deref() == Some("replied")).then(|| view! { <Notice><p>"Your feedback is sent."</p></Notice> })}
        {with_data(data, move |page: ReflectionPage| {
            let r = page.reflection.clone();
            let reflection_id = r.id;
            view! {
                <Title text=format!("Learning log: {}", r.author)/>
                <p class="breadcrumbs">
                    <a href="/training">"Training"</a> " › "
                    <a href=format!("/training/cohorts/{}", page.cohort_id)>{page.cohort_name.clone()}</a>
                </p>
                <h1>{format!("{} on {}", r.author, r.module_title)}</h1>
                <ReflectionCard r=r.clone()/>
                {page.can_reply.then(|| view! {
                    <section aria-labelledby="reply-heading" class="panel">
                        <h2 id="reply-heading">"Your feedback"</h2>
                        <ErrorSummary error/>
                        <ActionForm action=reply attr:class="form" attr:novalidate=true>
                            <input type="hidden" name="reflection_id" value=reflection_id/>
                            <TextArea label="Feedback" name="body" rows=5 error/>
                            <button type="submit" class="button">"Send feedback"</button>
                        </ActionForm>
                    </section>
                })}
            }
        })}
    }
}

// ---- Attendance for one session ----

#[component]
fn SessionView() -> impl IntoView {
    let session_id = id_param("session_id");
    let mark = ServerAction::<MarkAttendance>::new();
    let error = error_of(mark);
    let data = Resource::new(move || (session_id.get(), mark.version().get()), |(id, _)| attendance_sheet(id));
    view! {
        {with_data(data, move |page: SessionPage| {
            let when = session_when(&page.session.on_date, &page.session.at_time);
            let rows = page.rows.clone();
            let session_id = page.session.id;
            view! {
                <Title text=format!("Attendance: {when}")/>
                <p class="breadcrumbs">
                    <a href="/training">"Training"</a> " › "
                    <a href=format!("/training/cohorts/{}", page.cohort_id)>{page.cohort_name.clone()}</a>
                </p>
                <h1>"Attendance: " {when.clone()}</h1>
                <p>{session_where(&page.session.place, page.session.online)}</p>
                {(!page.session.covers.is_empty()).then(|| view! {
                    <p>"Covers: " {page.session.covers.iter().map(|(_, t)| t.clone()).collect::<Vec<_>>().join("; ")}</p>
                })}
                <ErrorSummary error/>
                {if page.rows.is_empty() {
                    view! { <p class="empty-state">"Nobody is enrolled yet."</p> }.into_any()
                } else {
                    view! {
                        <ActionForm action=mark attr:class="form form-wide">
                            <input type="hidden" name="session_id" value=session_id/>
                            <table class="table">
                                <thead><tr><th scope="col">"Trainee"</th><th scope="col">"Attendance"</th><th scope="col">"Their note"</th></tr></thead>
                                <tbody>
                                    {rows.iter().map(|row| {
                                        let select_id = format!("attendance-{}", row.user_id);
                                        let current = row.status;
                                        view! {
                                            <tr>
                                                <th scope="row"><label for=select_id.clone()>{row.name.clone()}</label></th>
                                                <td>
                                                    <select id=select_id name=format!("marks[a{}]", row.user_id) class="select select-small">
                                                        <option value="" selected=current.is_none()>"Not marked"</option>
                                                        {Attendance::ALL.iter().map(|a| view! {
                                                            <option value=a.as_str() selected={current == Some(*a)}>{a.label()}</option>
                                                        }).collect_view()}
                                                    </select>
                                                </td>
                                                <td>{row.note.clone()}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <button type="submit" class="button">"Save attendance"</button>
                        </ActionForm>
                    }.into_any()
                }}
            }
        })}
    }
}

// ---- Accepting a place ----

#[component]
fn JoinView() -> impl IntoView {
    let params = use_params_map();
    let token = Memo::new(move |_| params.with(|p| p.get("token").unwrap_or_default()));
    let accept = ServerAction::<AcceptPlace>::new();
    let error = error_of(accept);
    let data = Resource::new(move || token.get(), cohort_invitation);
    view! {
        <Title text="Your place on a course"/>
        <h1>"Your place on a course"</h1>
        <ErrorSummary error/>
        {with_data(data, move |view: CohortInvitationView| {
            let who = view.invited_by.clone().unwrap_or_else(|| "A trainer".into());
            let token = token.get_untracked();
            let intro = view! {
                <p class="lead">{who} " offered you a place on " <strong>{view.course_title.clone()}</strong>
                    " (" {view.cohort_name.clone()} "), run by " {view.organisation_name.clone()} "."</p>
                <p>"The invitation was sent to " {view.email.clone()} "."</p>
            };
            let action = if view.places_left == 0 {
                view! { <p>"Sorry: the course is full. Ask your trainer whether a place will come free."</p> }.into_any()
            } else {
                match (&view.signed_in_as, view.account_exists) {
                    (Some(me), _) if *me != view.email => view! {
                        <p>"You are signed in as " {me.clone()} ", but this invitation is for " {view.email.clone()}
                           ". Sign out, then open the link again."</p>
                    }.into_any(),
                    (Some(_), _) => view! {
                        <ActionForm action=accept attr:class="form">
                            <input type="hidden" name="token" value=token/>
                            <button type="submit" class="button">"Accept my place"</button>
                        </ActionForm>
                    }.into_any(),
                    (None, true) => view! {
                        <p>"You already have a CoResearch account with this address. Sign in to accept."</p>
                        <p><a class="button" href=format!("/sign-in?next=/training/join/{token}")>"Sign in to accept"</a></p>
                    }.into_any(),
                    (None, false) => view! {
                        <h2>"Create your account to accept"</h2>
                        <ActionForm action=accept attr:class="form" attr:novalidate=true>
                            <input type="hidden" name="token" value=token/>
                            <TextField label="Your name" name="name" autocomplete="name"
                                hint="The name your trainer and others on the course will see." error/>
                            <TextField label="Choose a password" name="password" input_type="password" autocomplete="new-password"
                                hint="At least 10 characters. Three or four ordinary words strung together work well." error/>
                            <button type="submit" class="button">"Create my account and accept"</button>
                        </ActionForm>
                    }.into_any(),
                }
            };
            view! { {intro} {action} }
        })}
    }
}

// ---- Certificates ----

#[component]
fn CertificatePageView() -> impl IntoView {
    let params = use_params_map();
    let code = Memo::new(move |_| params.with(|p| p.get("code").unwrap_or_default()));
    let done = query_value("done");
    let seek = ServerAction::<SeekGroup>::new();
    let seek_error = error_of(seek);
    let data = Resource::new(move || (code.get(), done.get()), |(code, _)| certificate(code));
    view! {
        {move || done.get().map(|what| {
            let message = if what == "seeking" {
                "Thank you. Coordinators of research groups can now see your name, course and when you finished, and invite you. You will get an e-mail if they do."
            } else {
                "You are no longer on the list. Coordinators of research groups cannot see you there."
            };
            view! { <div class="no-print"><Notice><p>{message}</p></Notice></div> }
        })}
        <ErrorSummary error=seek_error/>
        {with_data(data, move |c: CertificateView| {
            let verify = format!("/certificates/verify?code={}", c.code);
            let group_section = (c.is_holder && (!c.revoked || c.seeking_group)).then(|| {
                let code = c.code.clone();
                view! {
                    <section class="no-print" aria-labelledby="group-heading" id="group">
                        <h2 id="group-heading">"Joining a citizen research group"</h2>
                        {if c.seeking_group {
                            view! {
                                <p>"You said you would like to join a citizen research group. Coordinators of research groups can see your name, course and when you finished, and invite you. They cannot see your e-mail address."</p>
                                <ActionForm action=seek attr:class="form">
                                    <input type="hidden" name="code" value=code/>
                                    <input type="hidden" name="seeking" value="no"/>
                                    <button type="submit" class="button button-secondary">"Take me off the list"</button>
                                </ActionForm>
                            }.into_any()
                        } else {
                            view! {
                                <p>"If you say so, coordinators of research groups may see your name, course and when you finished, and invite you to join their group. They will not see your e-mail address. You can change your mind at any time."</p>
                                <ActionForm action=seek attr:class="form">
                                    <input type="hidden" name="code" value=code/>
                                    <input type="hidden" name="seeking" value="yes"/>
                                    <button type="submit" class="button">"I would like to join a citizen research group"</button>
                                </ActionForm>
                            }.into_any()
                        }}
                    </section>
                }
            });
            view! {
                <Title text=format!("Certificate: {}", c.holder)/>
                <p class="no-print breadcrumbs">
                    <a href="/training">"Training"</a> " › "
                    <a href=format!("/training/cohorts/{}", c.cohort_id)>{c.cohort_name.clone()}</a>
                </p>
                {c.revoked.then(|| view! {
                    <div class="error-summary" role="alert"><h2>"This certificate has been revoked"</h2></div>
                })}
                <p class="no-print">"To print it, use your browser's Print command (Ctrl and P together, or Cmd and P on a Mac). It fits one A4 page."</p>
                <article class="certificate" aria-labelledby="certificate-title">
                    <p class="certificate-org">{c.organisation_name.clone()}</p>
                    <h1 id="certificate-title">"Certificate of completion"</h1>
                    <p>"This is to certify that"</p>
                    <p class="certificate-name">{c.holder.clone()}</p>
                    <p>"has completed the course"</p>
                    <p class="certificate-course">{c.course_title.clone()}</p>
                    <p>{c.cohort_name.clone()}</p>
                    <p>"Issued on " {c.issued_on.clone()} " by " {c.organisation_name.clone()}</p>
                    <p class="certificate-code">"Verification code: " <strong>{c.code.clone()}</strong></p>
                    <p class="certificate-verify">"Check it at " <a href=verify.clone()>{verify.clone()}</a></p>
                </article>
                {group_section}
            }
        })}
    }
}

// ---- Graduates looking for a group ----

#[component]
fn GraduatesView() -> impl IntoView {
    let done = query_value("done");
    let invite = ServerAction::<InviteSeekingGraduate>::new();
    let invite_error = error_of(invite);
    let data = Resource::new(move || done.get(), |_| seeking_graduates_page());
    view! {
        {with_data(data, move |page: GraduatesPage| view! {
            <Title text="Graduates looking for a group"/>
            <p class="breadcrumbs"><a href="/training">"Training"</a></p>
            <h1>"Graduates looking for a group"</h1>
            {move || (done.get().as_deref() == Some("invited")).then(|| view! {
                <Notice><p>"The invitation is sent by e-mail. They will join your group when they accept it."</p></Notice>
            })}
            <ErrorSummary error=invite_error/>
            {graduates_table(page, invite)}
        })}
    }
}

fn graduates_table(page: GraduatesPage, invite: ServerAction<InviteSeekingGraduate>) -> AnyView {
    if page.graduates.is_empty() {
        return view! {
            <div class="empty-state">
                <p>"Nobody is looking for a group just now."</p>
                <p>"When someone finishes a course and says they would like to join a citizen research group, they appear here."</p>
            </div>
        }.into_any();
    }
    let groups = page.groups.clone();
    view! {
        <p>"These people finished a research skills course and said they would like to join a citizen research group. "
           "They chose to let coordinators see their name, course and when they finished. Invite them into a group you coordinate; "
           "they get an e-mail and decide for themselves."</p>
        <table class="table">
            <caption class="visually-hidden">"Graduates looking for a group"</caption>
            <thead><tr>
                <th scope="col">"Name"</th><th scope="col">"Course"</th><th scope="col">"Cohort"</th>
                <th scope="col">"Certificate"</th><th scope="col">"Invite"</th>
            </tr></thead>
            <tbody>
                {page.graduates.iter().map(|g| {
                    let groups = groups.clone();
                    let name = g.name.clone();
                    let user_id = g.user_id;
                    view! {
                        <tr>
                            <td>{g.name.clone()}</td>
                            <td>{g.course_title.clone()}</td>
                            <td>{g.cohort_name.clone()}</td>
                            <td>{g.certified_on.clone()}</td>
                            <td>
                                {groups.into_iter().map(|(group_id, group_name)| { let who = format!(": {name}"); view! {
                                    <ActionForm action=invite attr:class="inline-form">
                                        <input type="hidden" name="user_id" value=user_id/>
                                        <input type="hidden" name="organisation_id" value=group_id/>
                                        <button type="submit" class="button button-small">
                                            {format!("Invite to {group_name}")}
                                            <span class="visually-hidden">{who}</span>
                                        </button>
                                    </ActionForm>
                                }}).collect_view()}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }.into_any()
}

#[component]
fn VerifyView() -> impl IntoView {
    let code = query_value("code");
    let data = Resource::new(move || code.get(), |code| async move {
        match code {
            Some(code) if !code.trim().is_empty() => verify_certificate(code.clone()).await.map(|v| Some((code, v))),
            _ => Ok(None),
        }
    });
    view! {
        <Title text="Check a certificate"/>
        <h1>"Check a certificate"</h1>
        <p>"Type the verification code printed on a CoResearch certificate to check that it is genuine."</p>
        <form method="get" action="/certificates/verify" class="form">
            <div class="field">
                <label for="field-code">"Verification code"</label>
                <p class="hint" id="field-code-hint">"For example CR-AB12-CD34"</p>
                <input id="field-code" name="code" class="input" aria-describedby="field-code-hint"
                    value=move || code.get().unwrap_or_default()/>
            </div>
            <button type="submit" class="button">"Check"</button>
        </form>
        {with_data(data, |answer: Option<(String, Verification)>| answer.map(|(code, v)| {
            let (class, text) = match v {
                Verification::Valid => ("notice", format!("{code} is a valid CoResearch certificate.")),
                Verification::Revoked => ("error-summary", format!("{code} was issued but has been revoked. It is no longer valid.")),
                Verification::Unknown => ("error-summary", format!("We have no certificate with the code {code}. Check it was typed correctly.")),
            };
            view! { <div class=class role="status"><p><strong>{text}</strong></p></div> }
        }))}
    }
}

/// This feature's part of each person's dashboard: their courses and the cohorts they run.
#[component]
pub fn TrainingOnDashboard() -> impl IntoView {
    let data = Resource::new(|| (), |_| training_overview());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(home) = data.await else { return ().into_any() };
                if home.studying.is_empty() && home.running.is_empty() && !home.finds_graduates {
                    return ().into_any();
                }
                let finds_graduates = home.finds_graduates;
                view! {
                    <section aria-labelledby="training-dash-heading">
                        <h2 id="training-dash-heading">"Training"</h2>
                        <ul class="card-list">
                            {home.studying.into_iter().map(|c| view! {
                                <li class="card">
                                    <h3><a href=format!("/training/cohorts/{}", c.cohort_id)>{c.course_title.clone()}</a></h3>
                                    <ProgressBar done=c.done total=c.total label=format!("Your progress in {}", c.cohort_name)/>
                                </li>
                            }).collect_view()}
                            {home.running.into_iter().map(|c| view! {
                                <li class="card">
                                    <h3><a href=format!("/training/cohorts/{}", c.id)>{c.name.clone()}</a></h3>
                                    <p>"You run this cohort: " {c.enrolled} " of " {c.capacity} " places taken."</p>
                                </li>
                            }).collect_view()}
                        </ul>
                        {finds_graduates.then(|| view! {
                            <p><a href="/training/graduates">"Graduates looking for a group"</a></p>
                        })}
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}
