//! `/login`.

use crate::{
    api::auth::LogIn,
    ui::components::{Alert, Field, FormCard, FormSpec, ServerForm, Tone},
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let (next, password_was_reset) = use_query_map()
        .with_untracked(|query| (query.get("next").unwrap_or_default(), query.get("reset").as_deref() == Some("done")));

    view! {
        <Title text="Log in" />
        <FormCard title="Log in">
            {password_was_reset
                .then(|| {
                    view! {
                        <Alert tone=Tone::Success role="status" class="mb-4">
                            "Your password has been changed. Log in with the new one."
                        </Alert>
                    }
                })}
            <ServerForm form=log_in_form(next) />
            <p class="mt-4 text-sm text-slate-700">
                <a href="/forgot-password" class="text-indigo-700 underline">"Forgot password?"</a>
            </p>
            <p class="mt-2 text-sm text-slate-700">
                "New here? " <a href="/signup" class="text-indigo-700 underline">"Create an account"</a>
            </p>
        </FormCard>
    }
}

/// The server answers a login with a redirect to `next`.
fn log_in_form(next: String) -> FormSpec {
    FormSpec::new(LogIn::url(), "Log in")
        .hidden("next", next)
        .field(Field::input("Email", "email", "text").inputmode("email").autocomplete("username"))
        .field(Field::input("Password", "password", "password").autocomplete("current-password"))
}
