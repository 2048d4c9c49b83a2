//! The account actions, created once in the app and shared through context, so the header
//! can refresh who is logged in whenever one of them completes.

use crate::{
    api::auth::{LogIn, LogOut, SignUp},
    domain::AppError,
};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct AuthActions {
    pub log_in: ServerAction<LogIn>,
    pub sign_up: ServerAction<SignUp>,
    pub log_out: ServerAction<LogOut>,
}

impl AuthActions {
    pub fn new() -> AuthActions {
        AuthActions { log_in: ServerAction::new(), sign_up: ServerAction::new(), log_out: ServerAction::new() }
    }

    /// Changes whenever any of the actions completes.
    pub fn version(&self) -> (usize, usize, usize) {
        (self.log_in.version().get(), self.sign_up.version().get(), self.log_out.version().get())
    }
}

impl Default for AuthActions {
    fn default() -> Self {
        AuthActions::new()
    }
}

/// The message for one field from an action's last result.
pub fn field_error<S, T>(result: S, field: &'static str) -> Signal<Option<String>>
where
    S: With<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
    T: 'static,
{
    Signal::derive(move || {
        result.with(|r| r.as_ref().and_then(|r| r.as_ref().err()).and_then(|e| e.field_message(field)))
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
