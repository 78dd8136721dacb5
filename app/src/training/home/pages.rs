//! The pages for the training home: what someone studies, the cohorts they run, the courses they teach.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::training::*;
use crate::training::courses::api::CreateCourse;
use crate::training::pages::*;
use crate::ui::pagination::Pagination;
use crate::ui::{error_of, with_data, ErrorSummary, TextArea, TextField};
use crate::validate::readable_date;
use super::api::*;

#[component]
pub fn Home() -> impl IntoView {
    let create = ServerAction::<CreateCourse>::new();
    let error = error_of(create);
    let page = query_value("page");
    let data = Resource::new(move || page.get(), training_overview);
    view! {
        <Title text="Training"/>
        <h1>"Training"</h1>
        {with_data(data, move |home: TrainingHome| {
            let providers = home.providers.clone();
            let nothing = home.studying.is_empty() && home.running.total == 0 && home.courses.is_empty();
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
                {(home.running.total > 0).then(|| view! {
                    <section aria-labelledby="running-heading">
                        <h2 id="running-heading">"Cohorts you run"</h2>
                        <table class="table">
                            <thead><tr>
                                <th scope="col">"Cohort"</th><th scope="col">"Course"</th>
                                <th scope="col">"Dates"</th><th scope="col">"Places taken"</th>
                            </tr></thead>
                            <tbody>
                                {home.running.items.iter().map(|c| view! {
                                    <tr>
                                        <td><a href=format!("/training/cohorts/{}", c.id)>{c.name.clone()}</a></td>
                                        <td>{c.course_title.clone()}</td>
                                        <td>{readable_date(&c.starts_on)} " to " {readable_date(&c.ends_on)}</td>
                                        <td>{c.enrolled} " of " {c.capacity}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <Pagination page=home.running.page pages=home.running.pages() path="/training"/>
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

/// This feature's part of each person's dashboard: their courses and the cohorts they run.
#[component]
pub fn TrainingOnDashboard() -> impl IntoView {
    let data = Resource::new(|| (), |_| training_overview(None));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(home) = data.await else { return ().into_any() };
                if home.studying.is_empty() && home.running.total == 0 && !home.finds_graduates {
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
                            {home.running.items.into_iter().map(|c| view! {
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
