//! `/verify-email?token=…`: the link in the confirmation email sent at sign-up.

use crate::{
    api::auth::verify_email,
    i18n::*,
    ui::{
        components::{Alert, FormCard, Tone},
        locale::use_locale,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let locale = use_locale();
    let token = use_query_map().with_untracked(|query| query.get("token").unwrap_or_default());
    let confirmed = Resource::new(move || token.clone(), verify_email);
    view! {
        <Title text=td_string!(locale, auth.confirm_title) />
        <Suspense fallback=move || view! { <p>{td_string!(locale, auth.checking_link)}</p> }>
            {move || Suspend::new(async move {
                match confirmed.await {
                    Ok(true) => {
                        view! {
                            <FormCard title=td_string!(locale, auth.confirmed_heading)>
                                <p>{td_string!(locale, auth.confirmed_text)}</p>
                                <p class="mt-4">
                                    <a href="/" class="text-indigo-700 underline">
                                        {td_string!(locale, auth.go_to_boards)}
                                    </a>
                                </p>
                            </FormCard>
                        }
                            .into_any()
                    }
                    _ => {
                        view! {
                            <FormCard title=td_string!(locale, auth.confirm_title)>
                                <Alert tone=Tone::Warning role="alert">
                                    {td_string!(locale, auth.confirm_link_invalid)}
                                </Alert>
                            </FormCard>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
