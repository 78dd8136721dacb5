//! The themes page (each theme with its codes and how many quotes; a form for a new one)
//! and one theme's page (change it, pick quotes from passages coded with its codes, drop
//! quotes, remove it).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::projects::analysis::themes::api::*;
use crate::projects::analysis::themes::{QuoteView, ThemePage, ThemesPage};
use crate::ui::{error_of, id_param, message_for, project_breadcrumbs, query_value, with_data, ErrorSummary, Notice, TextArea, TextField};

fn done_message(done: &str) -> Option<&'static str> {
    match done {
        "added" => Some("The theme is added. Now pick quotes for it below."),
        "changed" => Some("The theme is changed."),
        "removed" => Some("The theme is removed. Its codes and coded passages are kept."),
        "quote-added" => Some("The quote is added to the theme."),
        "quote-removed" => Some("The quote is taken out of the theme."),
        _ => None,
    }
}

/// Tick boxes for the theme's codes (`codes[i]`).
fn code_boxes(codes: Vec<(i64, String, bool)>) -> impl IntoView {
    view! {
        <fieldset class="fieldset">
            <legend>"Codes in this theme"</legend>
            {if codes.is_empty() {
                view! { <p>"The codebook is empty: add codes first."</p> }.into_any()
            } else {
                codes.into_iter().enumerate().map(|(i, (id, name, checked))| {
                    let box_id = format!("theme-code-{id}");
                    view! {
                        <div class="checkbox">
                            <input type="checkbox" id=box_id.clone() name=format!("codes[{i}]") value=id.to_string() checked=checked/>
                            <label for=box_id>{name}</label>
                        </div>
                    }
                }).collect_view().into_any()
            }}
        </fieldset>
    }
}

fn quote_block(q: &QuoteView) -> impl IntoView {
    view! {
        <blockquote class="quote pre-line">{q.text.clone()}</blockquote>
        <p class="quote-source">{q.participant.clone()} " · coded " {q.code.clone()} " by " {q.coder.clone()}</p>
    }
}

#[component]
pub fn ThemesView() -> impl IntoView {
    let id = id_param("id");
    let done = query_value("done");
    let add = ServerAction::<AddTheme>::new();
    let add_error = error_of(add);
    let data = Resource::new(move || (id.get(), done.get()), |(id, _)| analysis_themes(id));
    view! {
        {move || done.get().and_then(|d| done_message(&d)).map(|m| view! { <Notice><p>{m}</p></Notice> })}
        {with_data(data, move |t: ThemesPage| {
            let project_id = t.project_id;
            view! {
                <Title text=format!("Themes: {}", t.project_title)/>
                {project_breadcrumbs(project_id, t.project_title.clone())}
                <p><a href=format!("/projects/{project_id}/analysis")>"Back to the analysis"</a> " · " <a href=format!("/projects/{project_id}/findings")>"Check findings with participants"</a></p>
                <h1>"Themes and quotes"</h1>
                <p class="lead">"A theme groups codes that tell one story, with quotes that show it in people's own words."</p>
                {if t.themes.is_empty() {
                    view! { <p class="empty-state">"No themes yet."</p> }.into_any()
                } else {
                    view! {
                        <ul class="theme-list">
                            {t.themes.iter().map(|th| view! {
                                <li>
                                    <h2><a href=format!("/projects/{project_id}/analysis/themes/{}", th.id)>{th.name.clone()}</a></h2>
                                    {(!th.description.is_empty()).then(|| view! { <p>{th.description.clone()}</p> })}
                                    <p>"Codes: " {if th.codes.is_empty() { "none yet".to_string() } else { th.codes.join(", ") }}
                                       ". Quotes: " {th.quotes} "."</p>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <section aria-labelledby="add-theme-heading">
                    <h2 id="add-theme-heading">"Add a theme"</h2>
                    <ErrorSummary error=add_error/>
                    <ActionForm action=add attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="project_id" value=project_id/>
                        <TextField label="Name of the theme" name="name" error=add_error hint="A short sentence, for example: Getting there is half the battle"/>
                        <TextArea label="What it is about (optional)" name="description" error=add_error rows=3/>
                        {code_boxes(t.codes.iter().map(|(id, name)| (*id, name.clone(), false)).collect())}
                        <button type="submit" class="button">"Add the theme"</button>
                    </ActionForm>
                </section>
            }
        })}
    }
}

#[component]
pub fn ThemeView() -> impl IntoView {
    let id = id_param("id");
    let tid = id_param("tid");
    let done = query_value("done");
    let change = ServerAction::<ChangeTheme>::new();
    let change_error = error_of(change);
    let remove = ServerAction::<RemoveTheme>::new();
    let remove_error = error_of(remove);
    let add_quote = ServerAction::<AddQuote>::new();
    let add_quote_error = error_of(add_quote);
    let remove_quote = ServerAction::<RemoveQuote>::new();
    let data = Resource::new(move || (id.get(), tid.get(), done.get()), |(id, tid, _)| analysis_theme(id, tid));
    view! {
        {move || done.get().and_then(|d| done_message(&d)).map(|m| view! { <Notice><p>{m}</p></Notice> })}
        {with_data(data, move |t: ThemePage| {
            let project_id = t.project_id;
            let theme_id = t.id;
            view! {
                <Title text=format!("Theme: {}", t.name)/>
                {project_breadcrumbs(project_id, t.project_title.clone())}
                <p><a href=format!("/projects/{project_id}/analysis/themes")>"All themes"</a></p>
                <h1>"Theme: " {t.name.clone()}</h1>
                {(!t.description.is_empty()).then(|| view! { <p class="lead">{t.description.clone()}</p> })}
                <section aria-labelledby="quotes-heading" id="quotes">
                    <h2 id="quotes-heading">"Quotes"</h2>
                    {(t.left_out > 0).then(|| view! {
                        <p class="status-withdrawn"><strong>{t.left_out} " quotes are left out because the participant has withdrawn or the transcript was deleted."</strong></p>
                    })}
                    {if t.quotes.is_empty() {
                        view! { <p class="empty-state">"No quotes yet. Pick them from the coded passages below."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="quote-list">
                                {t.quotes.clone().into_iter().map(|q| view! {
                                    <li>
                                        {quote_block(&q)}
                                        <ActionForm action=remove_quote attr:class="inline-form">
                                            <input type="hidden" name="project_id" value=project_id/>
                                            <input type="hidden" name="theme_id" value=theme_id/>
                                            <input type="hidden" name="highlight_id" value=q.highlight_id/>
                                            <button type="submit" class="button button-secondary">"Take this quote out"<span class="visually-hidden">" (" {q.participant.clone()} ")"</span></button>
                                        </ActionForm>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
                <section aria-labelledby="pick-heading" id="pick">
                    <h2 id="pick-heading">"Pick quotes"</h2>
                    <p>"Passages coded with this theme's codes. Passages from participants who have withdrawn are not offered."</p>
                    <ErrorSummary error=add_quote_error/>
                    {if t.candidates.is_empty() {
                        view! { <p class="empty-state">"Nothing more to pick. Tick codes for this theme below, or code more passages."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="quote-list">
                                {t.candidates.clone().into_iter().map(|q| view! {
                                    <li>
                                        {quote_block(&q)}
                                        <ActionForm action=add_quote attr:class="inline-form">
                                            <input type="hidden" name="project_id" value=project_id/>
                                            <input type="hidden" name="theme_id" value=theme_id/>
                                            <input type="hidden" name="highlight_id" value=q.highlight_id/>
                                            <button type="submit" class="button">"Use as a quote"<span class="visually-hidden">" (" {q.participant.clone()} ", " {q.code.clone()} ")"</span></button>
                                        </ActionForm>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
                <section aria-labelledby="change-heading">
                    <h2 id="change-heading">"Change the theme"</h2>
                    <ErrorSummary error=change_error/>
                    <ActionForm action=change attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="project_id" value=project_id/>
                        <input type="hidden" name="theme_id" value=theme_id/>
                        <TextField label="Name of the theme" name="name" error=change_error value=t.name.clone()/>
                        <TextArea label="What it is about (optional)" name="description" error=change_error rows=3 value=t.description.clone()/>
                        {code_boxes(t.codes.clone())}
                        <button type="submit" class="button">"Save the theme"</button>
                    </ActionForm>
                </section>
                <section aria-labelledby="remove-heading">
                    <h2 id="remove-heading">"Remove the theme"</h2>
                    <p>"Its codes and coded passages are kept."</p>
                    <ErrorSummary error=remove_error/>
                    <ActionForm action=remove attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="project_id" value=project_id/>
                        <input type="hidden" name="theme_id" value=theme_id/>
                        <div class="field" class:field-error=move || message_for(remove_error, "confirm_remove").with(Option::is_some)>
                            {move || message_for(remove_error, "confirm_remove").get().map(|m| view! { <p class="error-message" id="field-confirm_remove-error"><span class="visually-hidden">"Error: "</span>{m}</p> })}
                            <div class="checkbox">
                                <input type="checkbox" id="field-confirm_remove" name="confirm_remove" value="on"/>
                                <label for="field-confirm_remove">"I want to remove this theme"</label>
                            </div>
                        </div>
                        <button type="submit" class="button button-danger">"Remove the theme"</button>
                    </ActionForm>
                </section>
            }
        })}
    }
}
