//! Server functions for questions and answers on a brief.

use leptos::prelude::*;

use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{accounts::session::signed_in, platform::state::app_state};
#[cfg(feature = "ssr")]
use leptos_axum::redirect;
#[cfg(feature = "ssr")]
use crate::commissioning::questions::service;


#[server(endpoint = "ask-question")]
pub async fn ask_question(brief_id: i64, question: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::ask_question(&app_state()?, &actor, brief_id, &question).await?;
    redirect(&format!("/briefs/{brief_id}?done=asked#questions"));
    Ok(())
}

#[server(endpoint = "answer-question")]
pub async fn answer_question(question_id: i64, answer: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    let brief_id = service::answer_question(&app_state()?, &actor, question_id, &answer).await?;
    redirect(&format!("/briefs/{brief_id}?done=answered#questions"));
    Ok(())
}
