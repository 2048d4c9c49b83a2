//! `/forgot-password`: ask for a reset link.

use crate::{
    api::auth::RequestPasswordReset,
    i18n::*,
    ui::{
        components::{Field, FormCard, FormSpec, ServerForm},
        locale::use_locale,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let locale = use_locale();
    view! {
        <Title text=td_string!(locale, auth.forgot_title) />
        <FormCard title=td_string!(locale, auth.forgot_heading)>
            <p class="mb-4 text-sm text-slate-700">{td_string!(locale, auth.forgot_text)}</p>
            <ServerForm form=reset_request_form() />
            <p class="mt-4 text-sm">
                <a href="/login" class="text-indigo-700 underline">{td_string!(locale, auth.back_to_log_in)}</a>
            </p>
        </FormCard>
    }
}

fn reset_request_form() -> FormSpec {
    let locale = use_locale();
    FormSpec::new(RequestPasswordReset::url(), td_string!(locale, auth.send_reset_link))
        .field(Field::input(td_string!(locale, auth.email), "email", "text").inputmode("email").autocomplete("email"))
        .accepted(td_string!(locale, auth.reset_link_sent))
}
