//! The test databases and state live in the shared `test-support` crate (also used by the
//! server's HTTP tests); the data tests reach them as `crate::support`.

pub use test_support::db::*;

use app::accounts::service as accounts;
use app::identity::Actor;
use app::platform::state::AppState;

/// The person with this address as the rules see them.
pub async fn actor_for(state: &AppState, email: &str) -> Actor {
    let (id, ..) = accounts::find_by_email(&state.db, email).await.unwrap().expect("an account");
    accounts::load_current_user(&state.db, id).await.unwrap().unwrap().actor()
}

/// The one number a query answers (a COUNT, an id).
pub async fn count(state: &AppState, sql: &str) -> i64 {
    sqlx::query_as::<_, (i64,)>(sql).fetch_one(&state.db).await.unwrap().0
}

/// Runs a statement with numbers bound to $1, $2, ...
pub async fn exec(state: &AppState, sql: &str, binds: &[i64]) {
    let mut q = sqlx::query(sql);
    for b in binds {
        q = q.bind(*b);
    }
    q.execute(&state.db).await.unwrap();
}

/// A new person, a member of `group` with `role` (a coordinator leads).
pub async fn new_person(state: &AppState, name: &str, email: &str, group: i64, role: &str) -> Actor {
    let p = test_support::worlds::person(&state.db, name, email).await;
    test_support::worlds::add_member(&state.db, group, p.id, role, role == "coordinator").await;
    actor_for(state, email).await
}

/// The names of the fields a refused save points at; fails the test if it was not a form
/// refusal.
pub fn fields<T: std::fmt::Debug>(result: Result<T, app::error::AppError>) -> Vec<String> {
    match result {
        Err(app::error::AppError::Invalid(errors)) => errors.fields.into_iter().map(|(f, _)| f).collect(),
        other => panic!("expected field messages, got {other:?}"),
    }
}
