//! `/signup`.

use crate::{
    api::auth::SignUp,
    domain::account::{PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS},
    i18n::*,
    ui::{
        components::{Field, FormCard, FormSpec, ServerForm},
        locale::use_locale,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

#[component]
pub fn SignupPage() -> impl IntoView {
    let locale = use_locale();
    view! {
        <Title text=td_string!(locale, auth.sign_up) />
        <FormCard title=td_string!(locale, auth.create_account)>
            <ServerForm form=sign_up_form() />
            <p class="mt-4 text-sm text-slate-700">
                {td_string!(locale, auth.have_an_account)}
                <a href="/login" class="text-indigo-700 underline">{td_string!(locale, auth.log_in)}</a>
            </p>
        </FormCard>
    }
}

/// The server answers a sign-up with a redirect to the board.
fn sign_up_form() -> FormSpec {
    // Stated up front rather than discovered by failing (the numbers come from the domain rule).
    let locale = use_locale();
    let password_hint = td_string!(locale, auth.password_hint, min = PASSWORD_MIN_CHARS, max = PASSWORD_MAX_CHARS);
    FormSpec::new(SignUp::url(), td_string!(locale, auth.sign_up))
        .field(Field::input(td_string!(locale, auth.name), "name", "text").autocomplete("name"))
        .field(Field::input(td_string!(locale, auth.email), "email", "text").inputmode("email").autocomplete("email"))
        .field(
            Field::input(td_string!(locale, auth.password), "password", "password")
                .autocomplete("new-password")
                .hint(password_hint.to_string()),
        )
        // Times are shown in this zone until the account page changes it.
        .browser_time_zone("time_zone")
}
