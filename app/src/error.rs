//! The one error type of the application, and the form errors it carries.
//!
//! Server functions return `Result<T, AppError>`. Without JavaScript, a failed form
//! post is redirected back to the form with the error encoded in the URL; the page
//! reads it back through its `ServerAction`, so messages and typed values survive.

use serde::{Deserialize, Serialize};
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};

/// What went wrong, in words the person using the page can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// One or more form fields need attention.
    #[error("{}", .0.summary())]
    Invalid(FormErrors),
    /// The person must sign in first.
    #[error("Please sign in to continue.")]
    NotSignedIn,
    /// Signed in, but this is not theirs to see or change.
    #[error("You are not allowed to do that. If you think you should be, ask your group's coordinator.")]
    NotAllowed,
    /// The thing does not exist, or the person may not know it exists.
    #[error("We could not find that page or item. It may have been removed, or the link may be wrong.")]
    NotFound,
    /// The request was understood but cannot go ahead (an expired link, a rule of the group).
    #[error("{0}")]
    Refused(String),
    /// Something broke on our side; details are in the server log only.
    #[error("Something went wrong on our side. Please try again in a minute. If it keeps happening, tell your coordinator.")]
    Internal,
    /// The request never reached the server, or the answer was garbled.
    #[error("We could not reach CoResearch. Check your internet connection and try again.")]
    Connection(String),
}

impl AppError {
    /// The HTTP status a page or a server function answers with for this error.
    #[cfg(feature = "ssr")]
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            AppError::NotSignedIn => StatusCode::UNAUTHORIZED,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::NotAllowed => StatusCode::FORBIDDEN,
            AppError::Invalid(_) | AppError::Refused(_) => StatusCode::BAD_REQUEST,
            AppError::Internal | AppError::Connection(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn refused(message: impl Into<String>) -> Self {
        AppError::Refused(message.into())
    }

    /// A form error on a single field, keeping nothing else typed.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let mut errors = FormErrors::default();
        errors.add(field, message);
        AppError::Invalid(errors)
    }

    pub fn form_errors(&self) -> Option<&FormErrors> {
        match self {
            AppError::Invalid(errors) => Some(errors),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => AppError::refused(
                "Some of the form was missing or not understood. Please check it and send it again.",
            ),
            other => AppError::Connection(other.to_string()),
        }
    }
}

/// Field messages and the values that were typed, so a form can be shown again as it was.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormErrors {
    /// (field name, message), in the order the fields appear.
    pub fields: Vec<(String, String)>,
    /// (field name, value typed); secrets such as passwords are never kept here.
    pub values: Vec<(String, String)>,
}

impl FormErrors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.fields.push((field.to_string(), message.into()));
    }

    pub fn keep(&mut self, field: &str, value: &str) {
        self.values.push((field.to_string(), value.to_string()));
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    pub fn message_for(&self, field: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, message)| message.as_str())
    }

    pub fn value_for(&self, field: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, value)| value.as_str())
    }

    pub fn summary(&self) -> String {
        match self.fields.len() {
            0 => "Please check the form.".to_string(),
            1 => "There is a problem with one answer. Please check it below.".to_string(),
            n => format!("There are problems with {n} answers. Please check them below."),
        }
    }

    /// `Ok(())` when nothing was wrong, otherwise the error to return.
    pub fn into_result(self) -> Result<(), AppError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self))
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        match error {
            sqlx::Error::RowNotFound => AppError::NotFound,
            other => {
                tracing::error!(error = %other, "database error");
                AppError::Internal
            }
        }
    }
}

/// Whether a database error is a unique-constraint violation (on either backend).
#[cfg(feature = "ssr")]
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.is_unique_violation())
}

/// Turns a unique-constraint violation into the error a person can act on, and any other
/// database error into [`AppError`] as usual. The database, not a check before the insert,
/// decides: two people saving the same name at once cannot both win.
#[cfg(feature = "ssr")]
pub trait OnUnique<T> {
    fn on_unique(self, to_error: impl FnOnce() -> AppError) -> Result<T, AppError>;
}

#[cfg(feature = "ssr")]
impl<T> OnUnique<T> for Result<T, sqlx::Error> {
    fn on_unique(self, to_error: impl FnOnce() -> AppError) -> Result<T, AppError> {
        match self {
            Ok(value) => Ok(value),
            Err(error) if is_unique_violation(&error) => Err(to_error()),
            Err(error) => Err(error.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_errors_round_trip_through_the_server_fn_encoding() {
        let mut errors = FormErrors::default();
        errors.add("email", "Enter an e-mail address, like name@example.com");
        errors.keep("email", "not-an-address");
        let error = AppError::Invalid(errors);
        let bytes = error.ser();
        assert_eq!(AppError::de(bytes), error);
    }

    #[test]
    fn summary_counts_the_problems() {
        let mut errors = FormErrors::default();
        assert!(errors.clone().into_result().is_ok());
        errors.add("a", "x");
        assert!(errors.summary().contains("one answer"));
        errors.add("b", "y");
        assert!(errors.summary().contains("2 answers"));
        assert_eq!(errors.message_for("b"), Some("y"));
        assert_eq!(errors.message_for("c"), None);
    }

    #[test]
    fn transport_errors_become_connection_errors() {
        let error = AppError::from_server_fn_error(ServerFnErrorErr::Request("offline".into()));
        assert!(matches!(error, AppError::Connection(_)));
    }
}
