//! `/signup`.

use crate::{
    api::auth::SignUp,
    domain::account::{PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS},
    ui::components::{Field, FormCard, FormSpec, ServerForm},
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

#[component]
pub fn SignupPage() -> impl IntoView {
    view! {
        <Title text="Sign up" />
        <FormCard title="Create your account">
            <ServerForm form=sign_up_form() />
            <p class="mt-4 text-sm text-slate-700">
                "Already have an account? " <a href="/login" class="text-indigo-700 underline">"Log in"</a>
            </p>
        </FormCard>
    }
}

/// The server answers a sign-up with a redirect to the board.
fn sign_up_form() -> FormSpec {
    // Stated up front rather than discovered by failing (the numbers come from the domain rule).
    let password_hint =
        format!("{PASSWORD_MIN_CHARS} to {PASSWORD_MAX_CHARS} characters. A few unrelated words work well.");
    FormSpec::new(SignUp::url(), "Sign up")
        .field(Field::input("Name", "name", "text").autocomplete("name"))
        .field(Field::input("Email", "email", "text").inputmode("email").autocomplete("email"))
        .field(Field::input("Password", "password", "password").autocomplete("new-password").hint(password_hint))
}
