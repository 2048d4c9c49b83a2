//! `/reset-password?token=…`: choose a new password from an emailed link.

use crate::{
    api::auth::{check_reset_link, ResetPassword},
    domain::account::{PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS},
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
pub fn ResetPasswordPage() -> impl IntoView {
    let locale = use_locale();
    let token = use_query_map().with_untracked(|query| query.get("token").unwrap_or_default());
    let usable = Resource::new(
        {
            let token = token.clone();
            move || token.clone()
        },
        check_reset_link,
    );

    view! {
        <Title text=td_string!(locale, auth.new_password_title) />
        <FormCard title=td_string!(locale, auth.new_password_title)>
            <Suspense fallback=move || view! { <p>{td_string!(locale, auth.checking_link)}</p> }>
                {move || {
                    let token = token.clone();
                    Suspend::new(async move {
                        if usable.await.unwrap_or(false) {
                            view! { <ServerForm form=new_password_form(token) /> }.into_any()
                        } else {
                            view! {
                                <Alert tone=Tone::Warning role="alert">
                                    {td_string!(locale, auth.reset_link_invalid)}
                                    <a href="/forgot-password" class="underline">
                                        {td_string!(locale, auth.ask_for_new_link)}
                                    </a>
                                </Alert>
                            }
                                .into_any()
                        }
                    })
                }}
            </Suspense>
        </FormCard>
    }
}

/// The server answers a new password with a redirect to the login page.
fn new_password_form(token: String) -> FormSpec {
    let locale = use_locale();
    let hint = td_string!(locale, auth.password_length, min = PASSWORD_MIN_CHARS, max = PASSWORD_MAX_CHARS);
    FormSpec::new(ResetPassword::url(), td_string!(locale, auth.set_new_password)).hidden("token", token).field(
        Field::input(td_string!(locale, auth.password), "password", "password")
            .autocomplete("new-password")
            .hint(hint.to_string()),
    )
}
