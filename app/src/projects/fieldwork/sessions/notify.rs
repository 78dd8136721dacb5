//! E-mails about sessions (server only): the invitation each researcher present gets when a
//! session is planned, with the session as a calendar file; and the note to a supporter
//! that a researcher asked for support. Neither names a participant nor carries a word of
//! anyone's notes or debrief.

use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::mail::{Attachment, Email};
use crate::platform::state::AppState;
use crate::platform::time::now;
use crate::projects::access::ProjectCtx;
use crate::projects::fieldwork::sessions::calendar::session_item;
use crate::projects::fieldwork::sessions::service::SessionRow;
use crate::projects::plan::ics;
use crate::validate::readable_date;

#[derive(sqlx::FromRow)]
struct Recipient {
    name: String,
    email: String,
}

/// When and where, in words: "Interview on 14 March 2027 at 10:30".
pub fn when(s: &SessionRow) -> String {
    let at = s.starts_at.as_deref().map(|t| format!(" at {t}")).unwrap_or_default();
    format!("{} on {}{at}", s.kind().label(), readable_date(&s.held_on))
}

/// E-mails each researcher present an invitation with the session's calendar file.
pub async fn invite_researchers(state: &AppState, ctx: &ProjectCtx, s: &SessionRow) -> Result<(), AppError> {
    let people = sqlx::query_as::<_, Recipient>(
        "SELECT u.name, u.email FROM fieldwork_session_researchers r JOIN users u ON u.id = r.user_id WHERE r.session_id = $1 ORDER BY u.name",
    )
    .bind(s.id)
    .fetch_all(&state.db)
    .await?;
    let host = state.config.public_url.host_str().unwrap_or("coresearch.localhost").to_string();
    let calendar = ics::calendar(&ctx.title, &ics::stamp(now()), &[session_item(&host, &ctx.title, s)]);
    let link = state.config.link(&format!("/projects/{}/fieldwork/{}", ctx.id, s.id));
    let access = s.access();
    let access = if access.is_empty() { String::new() } else { format!("\n\nAccess at the venue: {}.", access.join(", ").to_lowercase()) };
    for person in people {
        state
            .mailer
            .send_with_or_log(
                Email {
                    to_name: person.name,
                    to_address: person.email,
                    subject: format!("Fieldwork: {}", when(s)),
                    body: format!(
                        "You are down as a researcher at a fieldwork session for the project \"{}\":\n\n{}, at {}.{access}\n\n\
                         The calendar invitation is attached: open it to add the session to your calendar.\n\n\
                         See the session, and print its fieldwork pack, here:\n\n{link}",
                        ctx.title,
                        when(s),
                        s.venue
                    ),
                    why: "You are getting this e-mail because you were named as a researcher at this session.".into(),
                },
                vec![Attachment::calendar(&format!("session-{}.ics", s.id), calendar.clone())],
            )
            .await;
    }
    Ok(())
}

/// The researcher who asked, or the supporter they named.
#[derive(sqlx::FromRow)]
struct Person {
    id: i64,
    name: String,
    email: String,
}

/// Tells the named supporter that a researcher asked for support: who and the session's
/// date only, and a link. What the researcher wrote is read in CoResearch, never in e-mail.
pub async fn support_asked(state: &AppState, ctx: &ProjectCtx, s: &SessionRow, debrief_id: i64, author: &Actor, supporter: i64) -> Result<(), AppError> {
    let people = sqlx::query_as::<_, Person>("SELECT id, name, email FROM users WHERE id IN ($1, $2)")
        .bind(author.user_id)
        .bind(supporter)
        .fetch_all(&state.db)
        .await?;
    let author_name = people.iter().find(|p| p.id == author.user_id).map(|p| p.name.clone()).unwrap_or_default();
    let Some(Person { name, email, .. }) = people.into_iter().find(|p| p.id == supporter) else {
        return Ok(());
    };
    let link = state.config.link(&format!("/projects/{}/fieldwork/{}/debriefs/{debrief_id}", ctx.id, s.id));
    state
        .mailer
        .send_or_log(Email {
            to_name: name,
            to_address: email,
            subject: format!("{author_name} asked for support"),
            body: format!(
                "{author_name} asked for support after a fieldwork session on {}.\n\n\
                 They named you as the person they would like support from. Open CoResearch to read what they wrote:\n\n{link}",
                readable_date(&s.held_on)
            ),
            why: "You are getting this e-mail because a researcher on a project you support named you in their debrief.".into(),
        })
        .await;
    Ok(())
}
