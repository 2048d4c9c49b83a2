//! The errors a server fn can return, as codes the UI can match on and put into words in the
//! reader's language ([`AppError::text`]; `Display` is English, for logs).
//! Internal causes are logged on the server and never cross this boundary.

use super::{message::Message, TaskDetails};
use crate::i18n::*;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// A problem with one form field, shown next to that field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The form field's name, e.g. `email`.
    pub field: String,
    pub message: Message,
}

impl FieldError {
    pub fn new(field: &str, message: Message) -> FieldError {
        FieldError { field: field.to_owned(), message }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Nobody is logged in.
    #[error("Please log in to continue.")]
    Unauthorised,
    /// Logged in, but not allowed to do this.
    #[error("You are not allowed to do that.")]
    Forbidden,
    #[error("That does not exist (any more).")]
    NotFound,
    /// The write was based on an old version of the task: someone changed it meanwhile.
    /// Nothing was changed; the task as it is now comes along so the person can see why.
    #[error("{} changed this task while you were working on it, so nothing was saved.", .0.changed_by)]
    Conflict(Box<Conflict>),
    /// One or more fields are wrong; nothing was changed.
    #[error("Please correct the marked fields.")]
    Invalid(Vec<FieldError>),
    /// The request as a whole was refused, with a message for the person (bad credentials,
    /// too many attempts, an expired link).
    #[error("{0}")]
    Refused(Message),
    /// Too many of these from this client or account for now: try again later.
    #[error("{0}")]
    TooMany(Message),
    /// A dependency (database, AWS) failed; trying again later may work.
    #[error("Something went wrong on our side. Please try again.")]
    Unavailable,
    /// The request did not reach the server fn, or its answer could not be read.
    #[error("The request failed: {0}")]
    Request(String),
}

/// Who got there first, and the task as they left it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub changed_by: String,
    pub current: TaskDetails,
}

impl AppError {
    pub fn invalid(field: &str, message: Message) -> AppError {
        AppError::Invalid(vec![FieldError::new(field, message)])
    }

    /// The message for `field`, if this error has one.
    pub fn field_message(&self, field: &str) -> Option<Message> {
        match self {
            AppError::Invalid(errors) => errors.iter().find(|e| e.field == field).map(|e| e.message.clone()),
            _ => None,
        }
    }

    /// What the person reads, in `locale`.
    pub fn text(&self, locale: Locale) -> Cow<'static, str> {
        match self {
            AppError::Unauthorised => td_string!(locale, errors.unauthorised).into(),
            AppError::Forbidden => td_string!(locale, errors.forbidden).into(),
            AppError::NotFound => td_string!(locale, errors.not_found).into(),
            AppError::Conflict(conflict) => {
                td_string!(locale, errors.conflict, name = &conflict.changed_by).to_string().into()
            }
            AppError::Invalid(_) => td_string!(locale, errors.invalid).into(),
            AppError::Refused(message) | AppError::TooMany(message) => message.text(locale),
            AppError::Unavailable => td_string!(locale, errors.unavailable).into(),
            AppError::Request(detail) => td_string!(locale, errors.request_failed, detail = detail).to_string().into(),
        }
    }
}

/// Collects the field errors of a whole form, so every wrong field is reported at once.
#[derive(Debug, Default)]
pub struct FormErrors(Vec<FieldError>);

impl FormErrors {
    /// Keeps the value if it parsed, remembers the error if not.
    pub fn check<T>(&mut self, parsed: Result<T, FieldError>) -> Option<T> {
        parsed.map_err(|error| self.0.push(error)).ok()
    }

    pub fn push(&mut self, error: FieldError) {
        self.0.push(error);
    }

    pub fn has_errors(&self) -> bool {
        !self.0.is_empty()
    }

    pub fn into_error(self) -> AppError {
        AppError::Invalid(self.0)
    }

    /// Each field's problem, in the order they were found.
    pub fn into_vec(self) -> Vec<FieldError> {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_errors_keep_every_field() {
        let mut form = FormErrors::default();
        assert_eq!(form.check(Ok::<_, FieldError>(1)), Some(1));
        assert_eq!(form.check(Err::<i32, _>(FieldError::new("a", Message::TitleMissing))), None);
        form.push(FieldError::new("b", Message::DateInvalid));
        assert_eq!(
            form.into_error(),
            AppError::Invalid(vec![
                FieldError::new("a", Message::TitleMissing),
                FieldError::new("b", Message::DateInvalid)
            ])
        );
    }

    #[test]
    fn field_message_finds_the_fields_error() {
        let error = AppError::Invalid(vec![
            FieldError::new("email", Message::EmailInvalid),
            FieldError::new("name", Message::NameMissing),
        ]);
        assert_eq!(error.field_message("name"), Some(Message::NameMissing));
        assert_eq!(error.field_message("password"), None);
        assert_eq!(AppError::Unauthorised.field_message("email"), None);
    }
}
