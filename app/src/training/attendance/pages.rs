//! The pages for sessions and attendance: adding sessions, marking who came, sending apologies.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::training::*;
use crate::training::pages::*;
use crate::ui::{error_of, with_data, ErrorSummary};
use super::api::*;

#[component]
pub fn SessionView() -> impl IntoView {
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
