//! The account actions, created once in the app and shared through context, so the header
//! can refresh who is logged in whenever one of them completes.

use crate::api::auth::{LogIn, LogOut, SignUp};
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
