//! `/login`.

use crate::{
    api::auth::LogIn,
    i18n::*,
    ui::{
        components::{Alert, Field, FormCard, FormSpec, ServerForm, Tone},
        locale::use_locale,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let locale = use_locale();
    let (next, password_was_reset) = use_query_map()
        .with_untracked(|query| (query.get("next").unwrap_or_default(), query.get("reset").as_deref() == Some("done")));

    view! {
        <Title text=td_string!(locale, auth.log_in) />
        <FormCard title=td_string!(locale, auth.log_in)>
            {password_was_reset
                .then(|| {
                    view! {
                        <Alert tone=Tone::Success role="status" class="mb-4">
                            {td_string!(locale, auth.password_changed)}
                        </Alert>
                    }
                })}
            <ServerForm form=log_in_form(next) />
            <p class="mt-4 text-sm text-slate-700">
                <a href="/forgot-password" class="text-indigo-700 underline">
                    {td_string!(locale, auth.forgot_password_link)}
                </a>
            </p>
            <p class="mt-2 text-sm text-slate-700">
                {td_string!(locale, auth.new_here)}
                <a href="/signup" class="text-indigo-700 underline">{td_string!(locale, auth.create_an_account)}</a>
            </p>
        </FormCard>
    }
}

/// The server answers a login with a redirect to `next`.
fn log_in_form(next: String) -> FormSpec {
    let locale = use_locale();
    FormSpec::new(LogIn::url(), td_string!(locale, auth.log_in))
        .hidden("next", next)
        .field(
            Field::input(td_string!(locale, auth.email), "email", "text").inputmode("email").autocomplete("username"),
        )
        .field(Field::input(td_string!(locale, auth.password), "password", "password").autocomplete("current-password"))
}
