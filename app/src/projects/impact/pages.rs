//! The "you said, we did" page (recommendations with their answers and how they are going,
//! impact records, peer researchers' outcomes) and one recommendation's page (its dated
//! timeline, the commissioner's answer form, rewording while it waits for an answer).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::projects::impact::api::*;
use crate::projects::impact::rules::{Progress, Response, CONFIDENCE, IMPACT_KINDS};
use crate::projects::impact::{ImpactPage, ImpactView, OutcomeView, RecommendationPage, RecommendationView, UpdateView};
use crate::ui::{error_of, id_param, project_breadcrumbs, query_value, with_data, Checkbox, ErrorSummary, Notice, SelectField, TextArea, TextField};
use crate::validate::readable_date;

fn done_message(done: &str) -> Option<&'static str> {
    match done {
        "added" => Some("The recommendation is added. The commissioner can now answer it."),
        "reworded" => Some("The recommendation's wording is changed."),
        "answered" => Some("Your answer is saved and added to the timeline. The team has been told by e-mail if anything changed."),
        "impact" => Some("The impact is recorded."),
        "outcome" => Some("Your outcomes are saved."),
        // "taken" carries counts, so it has its own message (taken_message).
        _ => None,
    }
}

/// What taking recommendations from the report did, in words.
fn taken_message(added: usize, already: usize) -> String {
    let were = |n: usize| if n == 1 { "1 recommendation was".to_string() } else { format!("{n} recommendations were") };
    match (added, already) {
        (0, 1) => "Nothing new: the recommendation in that section was already here.".into(),
        (0, a) => format!("Nothing new: all {a} recommendations in that section were already here."),
        (n, 0) => format!("{} taken from the report. The commissioner can now answer them.", were(n)),
        (n, a) => format!("{} taken from the report; {} already here.", were(n), were(a)),
    }
}

/// The report's sections to choose from, the one named for recommendations chosen first.
fn section_choice(titles: &[String]) -> (Vec<(String, String)>, String) {
    let mut list = vec![(String::new(), "Choose a section".to_string())];
    list.extend(titles.iter().enumerate().map(|(i, t)| ((i + 1).to_string(), t.clone())));
    let likely = titles.iter().position(|t| t.to_lowercase().contains("recommend")).map(|i| (i + 1).to_string()).unwrap_or_default();
    (list, likely)
}

fn options(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(v, l)| (v.to_string(), l.to_string())).collect()
}

fn response_options() -> Vec<(String, String)> {
    let mut list = vec![(String::new(), "Choose an answer".to_string())];
    list.extend(Response::ALL.into_iter().filter(|r| *r != Response::Awaiting).map(|r| (r.as_str().into(), r.label().into())));
    list
}

fn status_options() -> Vec<(String, String)> {
    Progress::ALL.into_iter().map(|p| (p.as_str().into(), p.label().into())).collect()
}

fn due(r: &RecommendationView) -> String {
    if r.due_on.is_empty() { "No date set".into() } else { readable_date(&r.due_on) }
}

fn recommendation_table(project_id: i64, list: Vec<RecommendationView>) -> impl IntoView {
    view! {
        <table class="table tracker">
            <caption class="visually-hidden">"Recommendations and what is being done about them"</caption>
            <thead><tr>
                <th scope="col">"No."</th>
                <th scope="col">"Recommendation"</th>
                <th scope="col">"Answer"</th>
                <th scope="col">"How it is going"</th>
                <th scope="col">"Due"</th>
            </tr></thead>
            <tbody>
                {list.into_iter().map(|r| view! {
                    <tr>
                        <td>{r.number}</td>
                        <td><a href=format!("/projects/{project_id}/impact/{}", r.id)>{r.body.clone()}</a></td>
                        <td>{r.response_label.clone()}</td>
                        <td class=format!("status-{}", r.status)>{r.status_label.clone()}</td>
                        <td>{due(&r)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

fn impact_item(i: ImpactView) -> impl IntoView {
    view! {
        <li class="impact-record">
            <h3>{i.kind_label.clone()}</h3>
            <p class="pre-line">{i.summary.clone()}</p>
            <p><strong>"Evidence: "</strong><span class="pre-line">{i.evidence.clone()}</span></p>
            {(!i.happened_on.is_empty()).then(|| view! { <p>"When: " {i.happened_on.clone()}</p> })}
            {(!i.statement.is_empty()).then(|| view! {
                <figure class="statement">
                    <blockquote class="quote pre-line">{i.statement.clone()}</blockquote>
                    <figcaption>{i.statement_by.clone()} ", " {i.statement_role.clone()}</figcaption>
                </figure>
            })}
            <p class="hint">"Recorded by " {i.recorded_by.clone()}</p>
        </li>
    }
}

fn outcome_item(o: OutcomeView) -> impl IntoView {
    view! {
        <li>
            <h3>{o.name.clone()}</h3>
            {(!o.confidence_label.is_empty() && !o.confidence.is_empty()).then(|| view! { <p>"Confidence: " {o.confidence_label.clone()}</p> })}
            {(!o.skills.is_empty()).then(|| view! { <p>"New skills: " <span class="pre-line">{o.skills.clone()}</span></p> })}
            {(!o.roles.is_empty()).then(|| view! { <p>"Roles taken on: " <span class="pre-line">{o.roles.clone()}</span></p> })}
        </li>
    }
}

#[component]
pub fn ImpactTrackerView() -> impl IntoView {
    let id = id_param("id");
    let done = query_value("done");
    let add = ServerAction::<AddRecommendation>::new();
    let add_error = error_of(add);
    let record = ServerAction::<AddImpact>::new();
    let record_error = error_of(record);
    let outcome = ServerAction::<SaveOutcome>::new();
    let outcome_error = error_of(outcome);
    let take = ServerAction::<TakeRecommendations>::new();
    let take_error = error_of(take);
    let added = query_value("added");
    let already = query_value("already");
    // Each save reloads the page's data, even when the address stays the same (a second save).
    let saved = move || add.version().get() + record.version().get() + outcome.version().get() + take.version().get();
    let data = Resource::new(move || (id.get(), done.get(), saved()), |(id, _, _)| impact_tracker(id));
    view! {
        {move || done.get().and_then(|d| done_message(&d)).map(|m| view! { <Notice><p>{m}</p></Notice> })}
        {move || (done.get().as_deref() == Some("taken")).then(|| {
            let count = |q: Memo<Option<String>>| q.get().and_then(|v| v.parse().ok()).unwrap_or(0);
            view! { <Notice><p>{taken_message(count(added), count(already))}</p></Notice> }
        })}
        {with_data(data, move |p: ImpactPage| {
            let project_id = p.project_id;
            view! {
                <Title text=format!("You said, we did: {}", p.project_title)/>
                {project_breadcrumbs(project_id, p.project_title.clone())}
                <h1>"You said, we did"</h1>
                <p class="lead">"What the research recommended, what the commissioner answered, and what has changed since."</p>
                <section aria-labelledby="recommendations-heading" id="recommendations">
                    <h2 id="recommendations-heading">"Recommendations"</h2>
                    <p>{p.tally.clone()}</p>
                    {(!p.recommendations.is_empty()).then(|| recommendation_table(project_id, p.recommendations.clone()))}
                    {p.may_respond.then(|| view! { <p>"Open a recommendation to give your answer or say how it is going."</p> })}
                    {p.may_record.then(|| view! {
                        <h3 id="add-recommendation-heading">"Add a recommendation"</h3>
                        <ErrorSummary error=add_error/>
                        <ActionForm action=add attr:class="form" attr:novalidate=true attr:aria-labelledby="add-recommendation-heading">
                            <input type="hidden" name="project_id" value=project_id/>
                            <TextArea label="The recommendation, as the report puts it" name="body" rows=3 error=add_error/>
                            <button type="submit" class="button">"Add the recommendation"</button>
                        </ActionForm>
                    })}
                    {p.report_version.filter(|_| p.may_record).map(|version| {
                        let (sections, likely) = section_choice(&p.report_sections);
                        view! {
                            <h3 id="take-heading">"Take them from the report"</h3>
                            <p>"Each item listed in one section of the signed-off report (version " {version}
                                ") becomes a recommendation for the commissioner to answer. Any already here are left as they are."</p>
                            <ErrorSummary error=take_error/>
                            <ActionForm action=take attr:class="form" attr:novalidate=true attr:aria-labelledby="take-heading">
                                <input type="hidden" name="project_id" value=project_id/>
                                <input type="hidden" name="version" value=version/>
                                <SelectField label="Section of the report" name="section" options=sections value=likely error=take_error/>
                                <button type="submit" class="button button-secondary">"Take the recommendations"</button>
                            </ActionForm>
                        }
                    })}
                </section>
                <section aria-labelledby="impacts-heading" id="impacts">
                    <h2 id="impacts-heading">"What changed because of the research"</h2>
                    {if p.impacts.is_empty() {
                        view! { <p class="empty-state">"No impact recorded yet."</p> }.into_any()
                    } else {
                        view! { <ul class="impact-list">{p.impacts.clone().into_iter().map(impact_item).collect_view()}</ul> }.into_any()
                    }}
                    {p.may_record.then(|| view! {
                        <h3 id="add-impact-heading">"Record an impact"</h3>
                        <p>"A few lines are enough. Add a statement from someone who saw the change if you have one."</p>
                        <ErrorSummary error=record_error/>
                        <ActionForm action=record attr:class="form" attr:novalidate=true attr:aria-labelledby="add-impact-heading">
                            <input type="hidden" name="project_id" value=project_id/>
                            <SelectField label="Kind of change" name="kind" options=options(&IMPACT_KINDS) error=record_error/>
                            <TextArea label="What changed" name="summary" rows=3 error=record_error/>
                            <TextArea label="Evidence" name="evidence" rows=2 error=record_error
                                hint="For example: a council decision, a new service, a newsletter, numbers of people"/>
                            <TextField label="When it happened (optional)" name="happened_on" input_type="date" error=record_error/>
                            <TextArea label="A supporting statement (optional)" name="statement" rows=3 error=record_error/>
                            <TextField label="Who made the statement" name="statement_by" error=record_error/>
                            <TextField label="Their role" name="statement_role" error=record_error
                                hint="For example: Head of adult social care, Essex County Council"/>
                            <button type="submit" class="button">"Record the impact"</button>
                        </ActionForm>
                    })}
                </section>
                <section aria-labelledby="outcomes-heading">
                    <h2 id="outcomes-heading">"What taking part meant for the peer researchers"</h2>
                    {if p.shared_outcomes.is_empty() {
                        view! { <p class="empty-state">"No peer researcher has shared their outcomes here."</p> }.into_any()
                    } else {
                        view! { <ul class="outcome-list">{p.shared_outcomes.clone().into_iter().map(outcome_item).collect_view()}</ul> }.into_any()
                    }}
                    {p.my_outcome.clone().map(|mine| view! {
                        <h3 id="my-outcomes">"Your own outcomes"</h3>
                        <p>"Only you see these unless you choose to show them here. Fill in as much or as little as you like."</p>
                        <ErrorSummary error=outcome_error/>
                        <ActionForm action=outcome attr:class="form" attr:novalidate=true attr:aria-labelledby="my-outcomes">
                            <input type="hidden" name="project_id" value=project_id/>
                            <SelectField label="How has your confidence changed?" name="confidence" options=options(&CONFIDENCE)
                                value=mine.confidence.clone() error=outcome_error/>
                            <TextArea label="New skills" name="skills" rows=2 value=mine.skills.clone() error=outcome_error/>
                            <TextArea label="Roles you took on" name="roles" rows=2 value=mine.roles.clone() error=outcome_error
                                hint="For example: chaired a meeting, presented to the council, joined a board"/>
                            <Checkbox label="Show these on this page (the group, the team and the commissioner will see them)" name="shared" checked=mine.shared/>
                            <button type="submit" class="button">"Save my outcomes"</button>
                        </ActionForm>
                    })}
                </section>
            }
        })}
    }
}

fn timeline_item(u: UpdateView) -> impl IntoView {
    view! {
        <li class="timeline-item">
            <h3>{u.on.clone()} ": " {u.response_label.clone()} ", " {u.status_label.to_lowercase()}</h3>
            <p class="hint">"By " {u.who.clone()}</p>
            {(!u.action.is_empty()).then(|| view! { <p>"Action: " <span class="pre-line">{u.action.clone()}</span></p> })}
            {(!u.owner.is_empty()).then(|| view! { <p>"Owned by: " {u.owner.clone()}</p> })}
            {(!u.due_on.is_empty()).then(|| view! { <p>"Due: " {u.due_on.clone()}</p> })}
            {(!u.evidence.is_empty()).then(|| view! { <p>"Evidence: " <span class="pre-line">{u.evidence.clone()}</span></p> })}
            {(!u.note.is_empty()).then(|| view! { <p>"Note: " <span class="pre-line">{u.note.clone()}</span></p> })}
        </li>
    }
}

#[component]
pub fn RecommendationPageView() -> impl IntoView {
    let id = id_param("id");
    let rid = id_param("rid");
    let done = query_value("done");
    let answer = ServerAction::<AnswerRecommendation>::new();
    let answer_error = error_of(answer);
    let reword = ServerAction::<RewordRecommendation>::new();
    let reword_error = error_of(reword);
    let saved = move || answer.version().get() + reword.version().get();
    let data = Resource::new(move || (id.get(), rid.get(), done.get(), saved()), |(id, rid, _, _)| recommendation_with_timeline(id, rid));
    view! {
        {move || done.get().and_then(|d| done_message(&d)).map(|m| view! { <Notice><p>{m}</p></Notice> })}
        {with_data(data, move |p: RecommendationPage| {
            let project_id = p.project_id;
            let r = p.recommendation.clone();
            let answered = r.response != Response::Awaiting.as_str();
            view! {
                <Title text=format!("Recommendation {}: {}", r.number, p.project_title)/>
                {project_breadcrumbs(project_id, p.project_title.clone())}
                <p><a href=format!("/projects/{project_id}/impact")>"All recommendations"</a></p>
                <h1>"Recommendation " {r.number}</h1>
                <p class="lead pre-line">{r.body.clone()}</p>
                <dl class="facts">
                    <dt>"Where it came from"</dt>
                    <dd>{r.from_version.map(|v| format!("Version {v} of the report")).unwrap_or_else(|| "Added by the team".into())}</dd>
                    <dt>"Answer"</dt><dd>{r.response_label.clone()}</dd>
                    <dt>"How it is going"</dt><dd>{r.status_label.clone()}</dd>
                    <dt>"Action"</dt><dd class="pre-line">{if r.action.is_empty() { "None yet".to_string() } else { r.action.clone() }}</dd>
                    <dt>"Owned by"</dt><dd>{if r.owner.is_empty() { "No one named yet".to_string() } else { r.owner.clone() }}</dd>
                    <dt>"Due"</dt><dd>{due(&r)}</dd>
                    <dt>"Evidence"</dt><dd class="pre-line">{if r.evidence.is_empty() { "None yet".to_string() } else { r.evidence.clone() }}</dd>
                </dl>
                <section aria-labelledby="timeline-heading" id="timeline">
                    <h2 id="timeline-heading">"Timeline"</h2>
                    {if p.timeline.is_empty() {
                        view! { <p class="empty-state">"The commissioner has not answered yet."</p> }.into_any()
                    } else {
                        view! { <ol class="timeline">{p.timeline.clone().into_iter().map(timeline_item).collect_view()}</ol> }.into_any()
                    }}
                </section>
                {p.may_respond.then(|| view! {
                    <section aria-labelledby="answer-heading">
                        <h2 id="answer-heading">{if answered { "Update your answer" } else { "Give your answer" }}</h2>
                        <ErrorSummary error=answer_error/>
                        <ActionForm action=answer attr:class="form" attr:novalidate=true>
                            <input type="hidden" name="project_id" value=project_id/>
                            <input type="hidden" name="recommendation_id" value=r.id/>
                            <SelectField label="Your answer" name="response" options=response_options() value=r.response.clone() error=answer_error/>
                            <TextArea label="What will be done" name="action" rows=3 value=r.action.clone() error=answer_error/>
                            <TextField label="Who owns it" name="owner" value=r.owner.clone() error=answer_error
                                hint="A role, for example: Day services manager"/>
                            <TextField label="When it is due" name="due_on" input_type="date" value=r.due_on.clone() error=answer_error/>
                            <SelectField label="How it is going" name="status" options=status_options() value=r.status.clone() error=answer_error/>
                            <TextArea label="Evidence of what was done" name="evidence" rows=2 value=r.evidence.clone() error=answer_error/>
                            <TextArea label="A note for the timeline (optional)" name="note" rows=2 error=answer_error
                                hint="If you do not accept it, say why here."/>
                            <button type="submit" class="button">"Save the answer"</button>
                        </ActionForm>
                    </section>
                })}
                {p.may_reword.then(|| view! {
                    <section aria-labelledby="reword-heading">
                        <h2 id="reword-heading">"Change the wording"</h2>
                        <p>"You can change the wording until the commissioner answers."</p>
                        <ErrorSummary error=reword_error/>
                        <ActionForm action=reword attr:class="form" attr:novalidate=true>
                            <input type="hidden" name="project_id" value=project_id/>
                            <input type="hidden" name="recommendation_id" value=r.id/>
                            <TextArea label="The recommendation" name="body" rows=3 value=r.body.clone() error=reword_error/>
                            <button type="submit" class="button">"Save the wording"</button>
                        </ActionForm>
                    </section>
                })}
            }
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taking_from_the_report_is_told_in_words() {
        assert_eq!(taken_message(3, 0), "3 recommendations were taken from the report. The commissioner can now answer them.");
        assert_eq!(taken_message(1, 2), "1 recommendation was taken from the report; 2 recommendations were already here.");
        assert_eq!(taken_message(0, 3), "Nothing new: all 3 recommendations in that section were already here.");
        assert_eq!(taken_message(0, 1), "Nothing new: the recommendation in that section was already here.");
    }

    #[test]
    fn the_recommendations_section_is_chosen_first() {
        let titles = ["Why we did this study".to_string(), "What we found".to_string(), "Our recommendations".to_string()];
        let (options, likely) = section_choice(&titles);
        assert_eq!(options.len(), 4);
        assert_eq!(options[3], ("3".to_string(), "Our recommendations".to_string()));
        assert_eq!(likely, "3");
        assert_eq!(section_choice(&titles[..2]).1, "");
    }
}
