//! Building blocks every page uses: labelled fields with their messages beside them,
//! an error summary, notices, and what to show when a page cannot be shown.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use crate::error::AppError;

pub mod form_return;
pub mod pagination;

/// A number from the address (`:id`), or `None` when it is missing or not a number.
pub fn param_id(name: &'static str) -> Memo<Option<i64>> {
    let params = leptos_router::hooks::use_params_map();
    Memo::new(move |_| params.with(|p| p.get(name).and_then(|v| v.parse::<i64>().ok())))
}

/// A number from the address (`:id`), or 0 when there is none (the server then says
/// "not found", as for any id that does not exist).
pub fn id_param(name: &'static str) -> Memo<i64> {
    let id = param_id(name);
    Memo::new(move |_| id.get().unwrap_or(0))
}

/// A value from the query string (`?done=saved`).
pub fn query_value(name: &'static str) -> Memo<Option<String>> {
    let query = leptos_router::hooks::use_query_map();
    Memo::new(move |_| query.with(|q| q.get(name)))
}

/// The way back up from a page inside a project: the project list, then the project.
pub fn project_breadcrumbs(project_id: i64, title: String) -> impl IntoView {
    view! {
        <p class="breadcrumbs no-print"><a href="/projects">"Projects"</a> " › " <a href=format!("/projects/{project_id}")>{title}</a></p>
    }
}

/// The error from a form's last submission, if it failed (with or without JavaScript).
pub fn error_of<S>(action: ServerAction<S>) -> Signal<Option<AppError>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    let value = action.value();
    Signal::derive(move || value.with(|v| v.as_ref().and_then(|r| r.as_ref().err().cloned())))
}

fn field_message(error: &Option<AppError>, name: &str) -> Option<String> {
    error.as_ref().and_then(AppError::form_errors).and_then(|f| f.message_for(name)).map(str::to_string)
}

fn field_echo(error: &Option<AppError>, name: &str) -> Option<String> {
    error.as_ref().and_then(AppError::form_errors).and_then(|f| f.value_for(name)).map(str::to_string)
}

/// The message for one field of a failed form, for controls the shared fields do not cover.
pub fn message_for(error: Signal<Option<AppError>>, name: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || error.with(|e| field_message(e, name)))
}

pub fn field_id(name: &str) -> String {
    format!("field-{name}")
}

/// A list of what went wrong, at the top of a form; each item links to its field.
#[component]
pub fn ErrorSummary(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        error.get().map(|error| match error {
            AppError::Invalid(errors) => view! {
                <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
                    <h2 id="error-summary-title">{errors.summary()}</h2>
                    <ul>
                        {errors
                            .fields
                            .iter()
                            .map(|(name, message)| {
                                view! { <li><a href=format!("#{}", field_id(name))>{message.clone()}</a></li> }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
            .into_any(),
            other => view! {
                <div class="error-summary" role="alert" tabindex="-1">
                    <h2>"There is a problem"</h2>
                    <p>{other.to_string()}</p>
                </div>
            }
            .into_any(),
        })
    }
}

/// What every labelled control shares: its ids, its message, and which texts describe it.
#[derive(Clone)]
struct FieldParts {
    id: String,
    hint_id: String,
    error_id: String,
    message: Signal<Option<String>>,
    described_by: Signal<Option<String>>,
    invalid: Signal<Option<&'static str>>,
}

fn field_parts(name: &'static str, hint: Option<&'static str>, error: Signal<Option<AppError>>) -> FieldParts {
    let id = field_id(name);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let message = Signal::derive(move || error.with(|e| field_message(e, name)));
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        Signal::derive(move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if message.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        })
    };
    let invalid = Signal::derive(move || message.with(Option::is_some).then_some("true"));
    FieldParts { id, hint_id, error_id, message, described_by, invalid }
}

/// The label, hint and message around a control, marked when the answer needs attention.
#[component]
fn FieldFrame(label: &'static str, hint: Option<&'static str>, parts: FieldParts, children: Children) -> impl IntoView {
    let FieldParts { id, hint_id, error_id, message, .. } = parts;
    view! {
        <div class="field" class:field-error=move || message.with(Option::is_some)>
            <label for=id>{label}</label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id>{hint}</p> })}
            {move || {
                message.get().map(|m| view! { <p class="error-message" id=error_id.clone()><span class="visually-hidden">"Error: "</span>{m}</p> })
            }}
            {children()}
        </div>
    }
}

/// A labelled one-line input with an optional hint and its error message beside it.
#[component]
pub fn TextField(
    label: &'static str,
    name: &'static str,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
    /// What the field starts with; what was typed wins after a failed save.
    #[prop(optional, into)]
    value: Signal<String>,
    #[prop(optional)] required: bool,
    #[prop(optional)] class: Option<&'static str>,
) -> impl IntoView {
    let parts = field_parts(name, hint, error);
    let shown_value = move || {
        if input_type == "password" {
            return String::new();
        }
        error.with(|e| field_echo(e, name)).unwrap_or_else(|| value.get())
    };
    view! {
        <FieldFrame label hint parts=parts.clone()>
            <input
                id=parts.id
                name=name
                type=input_type
                class=class.unwrap_or("input")
                autocomplete=autocomplete
                required=required
                value=shown_value
                aria-invalid=parts.invalid
                aria-describedby=parts.described_by
            />
        </FieldFrame>
    }
}

/// A labelled multi-line input.
#[component]
pub fn TextArea(
    label: &'static str,
    name: &'static str,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional, into)] value: Signal<String>,
    #[prop(default = 5)] rows: u32,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let parts = field_parts(name, hint, error);
    let shown_value = move || error.with(|e| field_echo(e, name)).unwrap_or_else(|| value.get());
    view! {
        <FieldFrame label hint parts=parts.clone()>
            <textarea
                id=parts.id
                name=name
                rows=rows
                class="textarea"
                required=required
                aria-invalid=parts.invalid
                aria-describedby=parts.described_by
                prop:value=shown_value
            >
                {shown_value}
            </textarea>
        </FieldFrame>
    }
}

/// A choice from a fixed list.
#[component]
pub fn SelectField(
    label: &'static str,
    name: &'static str,
    #[prop(into)] error: Signal<Option<AppError>>,
    options: Vec<(String, String)>,
    #[prop(optional, into)] value: Signal<String>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let parts = field_parts(name, hint, error);
    let selected = Signal::derive(move || error.with(|e| field_echo(e, name)).unwrap_or_else(|| value.get()));
    view! {
        <FieldFrame label hint parts=parts.clone()>
            <select id=parts.id name=name class="select" aria-invalid=parts.invalid aria-describedby=parts.described_by>
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let is_selected = {
                            let value = value.clone();
                            move || selected.with(|s| *s == value)
                        };
                        view! { <option value=value selected=is_selected>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </FieldFrame>
    }
}

/// A tick box with its label after it.
#[component]
pub fn Checkbox(
    label: &'static str,
    name: &'static str,
    #[prop(optional, into)] checked: Signal<bool>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let id = field_id(name);
    let hint_id = format!("{id}-hint");
    view! {
        <div class="checkbox">
            <input
                type="checkbox"
                id=id.clone()
                name=name
                value="on"
                checked=move || checked.get()
                aria-describedby=hint.map(|_| hint_id.clone())
            />
            <label for=id>{label}</label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
        </div>
    }
}

/// A message that something worked, announced politely to screen readers.
#[component]
pub fn Notice(children: Children) -> impl IntoView {
    view! { <div class="notice" role="status">{children()}</div> }
}

pub fn loading() -> impl IntoView {
    view! { <p class="loading" aria-live="polite">"Loading…"</p> }
}

/// Percent-encodes a path for use inside a query string (`?next=...`).
pub fn encode_query_value(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// What to show when a page's data cannot be shown: sign in, not found, not allowed,
/// or a failure. On the server this also sets the right status or redirect.
pub fn problem_view(error: AppError) -> AnyView {
    let location = leptos_router::hooks::use_location();
    let here = format!("{}{}", location.pathname.get_untracked(), {
        let search = location.search.get_untracked();
        if search.is_empty() { String::new() } else { format!("?{search}") }
    });
    let sign_in = format!("/sign-in?next={}", encode_query_value(&here));

    #[cfg(feature = "ssr")]
    {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            match &error {
                AppError::NotSignedIn => leptos_axum::redirect(&sign_in),
                other => response.set_status(other.status()),
            }
        }
    }

    match error {
        AppError::NotSignedIn => view! {
            <Title text="Please sign in"/>
            <h1>"Please sign in"</h1>
            <p>"You need to sign in to see this page."</p>
            <p><a class="button" href=sign_in>"Sign in"</a></p>
        }
        .into_any(),
        AppError::NotFound => not_found_content(),
        AppError::NotAllowed => view! {
            <Title text="Not allowed"/>
            <h1>"You cannot see this page"</h1>
            <p>{AppError::NotAllowed.to_string()}</p>
            <p><a href="/dashboard">"Go to your dashboard"</a></p>
        }
        .into_any(),
        other => view! {
            <Title text="There is a problem"/>
            <h1>"There is a problem"</h1>
            <p>{other.to_string()}</p>
            <p><a href="/dashboard">"Go to your dashboard"</a></p>
        }
        .into_any(),
    }
}

pub fn not_found_content() -> AnyView {
    view! {
        <Title text="Page not found"/>
        <h1>"We cannot find that page"</h1>
        <p>"The link may be wrong, or the page may have moved or been removed."</p>
        <p>"If you typed the address, check it is right. You can also:"</p>
        <ul>
            <li><a href="/dashboard">"go to your dashboard"</a></li>
            <li><a href="/">"go to the home page"</a></li>
        </ul>
    }
    .into_any()
}

/// The page for an address that matches nothing (status 404).
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    not_found_content()
}

/// Shows a page's data once loaded, or the right problem page.
pub fn with_data<T, V>(
    resource: Resource<Result<T, AppError>>,
    show: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback=loading>
            {move || {
                let show = show.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(data) => show(data).into_any(),
                        Err(error) => problem_view(error),
                    }
                })
            }}
        </Suspense>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_encoded() {
        assert_eq!(encode_query_value("/organisations/why-not"), "/organisations/why-not");
        assert_eq!(encode_query_value("/a?b=c&d"), "/a%3Fb%3Dc%26d");
    }
}
