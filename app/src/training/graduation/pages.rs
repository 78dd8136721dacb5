//! The pages for graduation: inviting graduates into research groups, graduates asking to be found, founding a new group.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::training::*;
use crate::training::pages::*;
use crate::ui::pagination::{showing, Pagination};
use crate::ui::{error_of, with_data, ErrorSummary, Notice};
use super::api::*;

#[component]
pub fn GraduatesView() -> impl IntoView {
    let done = query_value("done");
    let invite = ServerAction::<InviteSeekingGraduate>::new();
    let invite_error = error_of(invite);
    let page = query_value("page");
    let data = Resource::new(move || (done.get(), page.get()), |(_, page)| seeking_graduates_page(page));
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

pub fn graduates_table(page: GraduatesPage, invite: ServerAction<InviteSeekingGraduate>) -> AnyView {
    if page.graduates.total == 0 {
        return view! {
            <div class="empty-state">
                <p>"Nobody is looking for a group just now."</p>
                <p>"When someone finishes a course and says they would like to join a citizen research group, they appear here."</p>
            </div>
        }.into_any();
    }
    let groups = page.groups.clone();
    let (current, pages) = (page.graduates.page, page.graduates.pages());
    let counted = (pages > 1).then(|| showing(page.graduates.total, current, page.graduates.per_page, "graduates"));
    view! {
        <p>"These people finished a research skills course and said they would like to join a citizen research group. "
           "They chose to let coordinators see their name, course and when they finished. Invite them into a group you coordinate; "
           "they get an e-mail and decide for themselves."</p>
        {counted.map(|text| view! { <p>{text}</p> })}
        <table class="table">
            <caption class="visually-hidden">"Graduates looking for a group"</caption>
            <thead><tr>
                <th scope="col">"Name"</th><th scope="col">"Course"</th><th scope="col">"Cohort"</th>
                <th scope="col">"Certificate"</th><th scope="col">"Invite"</th>
            </tr></thead>
            <tbody>
                {page.graduates.items.iter().map(|g| {
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
        <Pagination page=current pages path="/training/graduates"/>
    }.into_any()
}
