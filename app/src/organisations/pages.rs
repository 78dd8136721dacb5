//! Pages for organisations: the list, one organisation with its people, accepting an
//! invitation, and the administrators' page for creating organisations.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::organisations::api::*;
use crate::organisations::{MemberRow, OrganisationPage as PageData};
use crate::identity::{OrgKind, Role, role_label};
use crate::ui::pagination::{showing_line, Pagination};
use crate::ui::{error_of, with_data, Checkbox, ErrorSummary, Notice, SelectField, TextArea, TextField};

fn done_flag() -> Memo<Option<String>> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| q.get("done")))
}

/// The page of a long list asked for in the address (`?page=`).
use crate::ui::pagination::page_asked;

fn role_options(kind: OrgKind) -> Vec<(String, String)> {
    kind.roles().iter().map(|r| (r.as_str().to_string(), r.label().to_string())).collect()
}

#[component]
pub fn OrganisationsPage() -> impl IntoView {
    let done = done_flag();
    let page = page_asked();
    let organisations = Resource::new(move || page.get(), list_organisations);
    view! {
        <Title text="Your groups and organisations"/>
        <h1>"Your groups and organisations"</h1>
        {move || (done.get().as_deref() == Some("left")).then(|| view! { <Notice><p>"You have left the group."</p></Notice> })}
        {with_data(organisations, |organisations| {
            let (page, pages, total) = (organisations.page, organisations.pages(), organisations.total);
            if organisations.items.is_empty() && total == 0 {
                view! {
                    <div class="empty-state">
                        <p>"You are not in any group or organisation yet."</p>
                        <p>"When a coordinator, trainer or commissioner invites you, you will get an e-mail with a link to join. If you are expecting one, look in your junk or spam folder too."</p>
                    </div>
                }
                .into_any()
            } else {
                view! {
                    {showing_line(&organisations, "groups and organisations")}
                    <ul class="card-list">
                        {organisations
                            .items
                            .into_iter()
                            .map(|org| {
                                let plural = if org.member_count == 1 { "person" } else { "people" };
                                view! {
                                    <li class="card">
                                        <h2><a href=format!("/organisations/{}", org.slug)>{org.name}</a></h2>
                                        <p>{org.kind.label()} ", " {org.member_count} " " {plural}</p>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    <Pagination page pages path="/organisations"/>
                }
                .into_any()
            }
        })}
    }
}

#[component]
pub fn OrganisationPage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.with(|p| p.get("slug").unwrap_or_default()));
    let done = done_flag();
    let invite = ServerAction::<InviteMember>::new();
    let change_role = ServerAction::<ChangeMemberRole>::new();
    let remove = ServerAction::<RemoveMember>::new();
    let withdraw = ServerAction::<WithdrawInvitation>::new();
    let page = page_asked();
    let data = Resource::new(move || (slug.get(), page.get(), done.get()), |(slug, page, _)| organisation(slug, page));

    view! {
        {move || done.get().map(|what| {
            let message = match what.as_str() {
                "created" => "The organisation is created. Invite its first lead below.",
                "invited" => "The invitation is sent. It works for 14 days.",
                "role" => "The role is changed.",
                "removed" => "The person is removed.",
                "withdrawn" => "The invitation is withdrawn. Its link no longer works.",
                _ => "Saved.",
            };
            view! { <Notice><p>{message}</p></Notice> }
        })}
        {with_data(data, move |org: PageData| {
            let kind = org.kind;
            let org_id = org.id;
            let can_manage = org.can_manage;
            let has_invitations = !org.pending_invitations.is_empty();
            let invite_error = error_of(invite);
            let members_error = Signal::derive(move || {
                error_of(change_role).get().or_else(|| error_of(remove).get()).or_else(|| error_of(withdraw).get())
            });
            let my_membership = org.my_membership_id;
            let (page, pages) = (org.members.page, org.members.pages());
            let path = format!("/organisations/{}", org.slug);
            view! {
                <Title text=org.name.clone()/>
                <h1>{org.name.clone()}</h1>
                <p class="lead">{kind.label()}</p>
                {(!org.description.is_empty()).then(|| view! { <p>{org.description.clone()}</p> })}
                {(kind == OrgKind::ResearchGroup && org.my_membership_id.is_some()).then(|| view! {
                    <p><a href=format!("/organisations/{}/activity", org.slug)>"Activity report: projects, training, outputs and impact"</a></p>
                })}

                <section aria-labelledby="members-heading">
                    <h2 id="members-heading">"People"</h2>
                    <ErrorSummary error=members_error/>
                    {showing_line(&org.members, "people")}
                    <table class="table">
                        <caption class="visually-hidden">"People in " {org.name.clone()}</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Name"</th>
                                <th scope="col">"Role"</th>
                                {can_manage.then(|| view! { <th scope="col">"E-mail"</th> })}
                                <th scope="col">"Joined"</th>
                                {can_manage.then(|| view! { <th scope="col">"Change"</th> })}
                            </tr>
                        </thead>
                        <tbody>
                            {org.members
                                .items
                                .into_iter()
                                .map(|member| view! { <MemberRowView member kind can_manage change_role remove/> })
                                .collect_view()}
                        </tbody>
                    </table>
                    <Pagination page pages path/>
                </section>

                {can_manage.then(|| view! {
                    <section aria-labelledby="invite-heading" class="panel">
                        <h2 id="invite-heading">"Invite someone"</h2>
                        <p>"They will get an e-mail with a link. If they do not have an account yet, the link lets them make one."</p>
                        <ErrorSummary error=invite_error/>
                        <ActionForm action=invite attr:class="form" attr:novalidate=true>
                            <input type="hidden" name="organisation_id" value=org_id/>
                            <TextField label="Their e-mail address" name="email" input_type="email" error=invite_error/>
                            <SelectField label="Their role" name="role" options=role_options(kind) error=invite_error/>
                            {(!kind.lead_is_a_role()).then(|| view! {
                                <Checkbox label="Make them a lead" name="lead"
                                    hint="Leads can invite people, change roles and remove people."/>
                            })}
                            <button type="submit" class="button">"Send invitation"</button>
                        </ActionForm>
                    </section>
                })}

                {(can_manage && has_invitations).then(|| view! {
                    <section aria-labelledby="pending-heading">
                        <h2 id="pending-heading">"Invitations not yet accepted"</h2>
                        <ul class="plain-list">
                            {org.pending_invitations
                                .clone()
                                .into_iter()
                                .map(|invitation| view! {
                                    <li>
                                        {invitation.email.clone()} ", as " {role_label(kind, invitation.role, invitation.is_lead)}
                                        ", until " {invitation.expires_on.clone()}
                                        <ActionForm action=withdraw attr:class="inline-form">
                                            <input type="hidden" name="invitation_id" value=invitation.id/>
                                            <button type="submit" class="button button-small button-secondary">
                                                "Withdraw invitation" <span class="visually-hidden">" to " {invitation.email.clone()}</span>
                                            </button>
                                        </ActionForm>
                                    </li>
                                })
                                .collect_view()}
                        </ul>
                    </section>
                })}

                {my_membership.map(|membership_id| view! {
                    <details class="danger-zone">
                        <summary>"Leave " {org.name.clone()}</summary>
                        <p>"You will no longer see this organisation's page or work. Someone can invite you back later."</p>
                        <ActionForm action=remove>
                            <input type="hidden" name="membership_id" value=membership_id/>
                            <button type="submit" class="button button-warning">"Yes, leave " {org.name.clone()}</button>
                        </ActionForm>
                    </details>
                })}
            }
        })}
    }
}

#[component]
fn MemberRowView(
    member: MemberRow,
    kind: OrgKind,
    can_manage: bool,
    change_role: ServerAction<ChangeMemberRole>,
    remove: ServerAction<RemoveMember>,
) -> impl IntoView {
    let label = role_label(kind, member.role, member.is_lead);
    let select_id = format!("role-{}", member.membership_id);
    let lead_id = format!("lead-{}", member.membership_id);
    let (name, name_for_remove) = (member.name.clone(), member.name.clone());
    view! {
        <tr>
            <td>{member.name.clone()}</td>
            <td>{label}</td>
            {can_manage.then(|| view! { <td>{member.email.clone().unwrap_or_default()}</td> })}
            <td>{member.joined_on.clone()}</td>
            {can_manage.then(|| view! {
                <td class="row-actions">
                    <ActionForm action=change_role attr:class="inline-form">
                        <input type="hidden" name="membership_id" value=member.membership_id/>
                        <label for=select_id.clone() class="visually-hidden">"Role for " {name.clone()}</label>
                        <select id=select_id name="role" class="select select-small">
                            {kind.roles().iter().map(|role: &Role| {
                                let selected = *role == member.role;
                                view! { <option value=role.as_str() selected=selected>{role.label()}</option> }
                            }).collect_view()}
                        </select>
                        {(!kind.lead_is_a_role()).then(|| view! {
                            <span class="checkbox-inline">
                                <input type="checkbox" id=lead_id.clone() name="lead" value="on" checked=member.is_lead/>
                                <label for=lead_id.clone()>"Lead"</label>
                            </span>
                        })}
                        <button type="submit" class="button button-small">"Change role" <span class="visually-hidden">" for " {name.clone()}</span></button>
                    </ActionForm>
                    <details>
                        <summary>"Remove" <span class="visually-hidden">" " {name_for_remove.clone()}</span></summary>
                        <ActionForm action=remove>
                            <input type="hidden" name="membership_id" value=member.membership_id/>
                            <button type="submit" class="button button-small button-warning">"Yes, remove " {name_for_remove}</button>
                        </ActionForm>
                    </details>
                </td>
            })}
        </tr>
    }
}

#[component]
pub fn InvitationPage() -> impl IntoView {
    let params = use_params_map();
    let token = Memo::new(move |_| params.with(|p| p.get("token").unwrap_or_default()));
    let accept = ServerAction::<AcceptInvitation>::new();
    let error = error_of(accept);
    let data = Resource::new(move || token.get(), invitation);
    view! {
        <Title text="Your invitation"/>
        <h1>"Your invitation"</h1>
        <ErrorSummary error/>
        {with_data(data, move |view| {
            let who = view.invited_by.clone().unwrap_or_else(|| "Someone".into());
            let role = role_label(view.kind, view.role, view.is_lead);
            let org = view.organisation_name.clone();
            let token = token.get_untracked();
            let intro = view! {
                <p class="lead">{who} " invited you to join " <strong>{org.clone()}</strong> " as " <strong>{role}</strong> "."</p>
                <p>"The invitation was sent to " {view.email.clone()} "."</p>
            };
            let action = match (&view.signed_in_as, view.account_exists) {
                (Some(me), true) if *me != view.email => view! {
                    <p>"You are signed in as " {me.clone()} ", but this invitation belongs to the account for " {view.email.clone()}
                       ". Sign out, then sign in with that address to accept it."</p>
                }
                .into_any(),
                (Some(_), _) => view! {
                    <ActionForm action=accept attr:class="form">
                        <input type="hidden" name="token" value=token/>
                        <button type="submit" class="button">"Accept and join " {org.clone()}</button>
                    </ActionForm>
                }
                .into_any(),
                (None, true) => view! {
                    <p>"You already have a CoResearch account with this address. Sign in to accept."</p>
                    <p><a class="button" href=format!("/sign-in?next=/invitations/{token}")>"Sign in to accept"</a></p>
                }
                .into_any(),
                (None, false) => view! {
                    <h2>"Create your account to join"</h2>
                    <ActionForm action=accept attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="token" value=token/>
                        <TextField label="Your name" name="name" autocomplete="name"
                            hint="The name other people in your groups will see." error/>
                        <TextField label="Choose a password" name="password" input_type="password" autocomplete="new-password"
                            hint="At least 10 characters. Three or four ordinary words strung together work well." error/>
                        <button type="submit" class="button">"Create my account and join"</button>
                    </ActionForm>
                }
                .into_any(),
            };
            view! { {intro} {action} }
        })}
    }
}

#[component]
pub fn AdminPage() -> impl IntoView {
    let create = ServerAction::<CreateOrganisation>::new();
    let error = error_of(create);
    let page = page_asked();
    let organisations = Resource::new(move || page.get(), admin_organisations);
    let kinds: Vec<(String, String)> =
        OrgKind::ALL.iter().map(|k| (k.as_str().to_string(), k.label().to_string())).collect();
    view! {
        <Title text="Administration"/>
        <h1>"Administration"</h1>
        <p><a href="/admin/audit">"Audit trail: who changed what, and when"</a></p>
        {with_data(organisations, move |organisations| {
            let kinds = kinds.clone();
            view! {
                <section aria-labelledby="create-heading" class="panel">
                    <h2 id="create-heading">"Create an organisation"</h2>
                    <ErrorSummary error/>
                    <ActionForm action=create attr:class="form" attr:novalidate=true>
                        <TextField label="Name" name="name" error/>
                        <SelectField label="Kind of organisation" name="kind" options=kinds error/>
                        <TextArea label="Description (optional)" name="description" rows=3
                            hint="A sentence or two about who they are." error/>
                        <button type="submit" class="button">"Create organisation"</button>
                    </ActionForm>
                </section>
                <section aria-labelledby="all-heading">
                    <h2 id="all-heading">"All organisations"</h2>
                    {showing_line(&organisations, "organisations")}
                    <table class="table">
                        <thead><tr><th scope="col">"Name"</th><th scope="col">"Kind"</th><th scope="col">"People"</th></tr></thead>
                        <tbody>
                            {organisations.items.clone().into_iter().map(|org| view! {
                                <tr>
                                    <td><a href=format!("/organisations/{}", org.slug)>{org.name}</a></td>
                                    <td>{org.kind.label()}</td>
                                    <td>{org.member_count}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <Pagination page=organisations.page pages=organisations.pages() path="/admin"/>
                </section>
            }
        })}
    }
}
