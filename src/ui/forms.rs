//! Reading a server action's result for a form: the message beside each field, and the
//! message about the form as a whole.

use crate::domain::AppError;
use leptos::prelude::*;

/// The message for one field from an action's last result.
pub fn field_error<S, T>(result: S, field: String) -> Signal<Option<String>>
where
    S: With<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
    T: 'static,
{
    Signal::derive(move || {
        result.with(|r| r.as_ref().and_then(|r| r.as_ref().err()).and_then(|e| e.field_message(&field)))
    })
}

/// A message about the whole form (not one field) from an action's last result.
pub fn form_error<S, T>(result: S) -> Signal<Option<String>>
where
    S: With<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
    T: 'static,
{
    Signal::derive(move || {
        result.with(|r| match r {
            Some(Err(AppError::Invalid(_))) | Some(Ok(_)) | None => None,
            Some(Err(error)) => Some(error.to_string()),
        })
    })
}
