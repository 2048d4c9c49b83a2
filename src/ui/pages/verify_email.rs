//! `/verify-email?token=…`: the link in the confirmation email sent at sign-up.

use crate::{
    api::auth::verify_email,
    ui::components::{Alert, FormCard, Tone},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let token = use_query_map().with_untracked(|query| query.get("token").unwrap_or_default());
    let confirmed = Resource::new(move || token.clone(), verify_email);
    view! {
        <Title text="Confirm your email address" />
        <Suspense fallback=|| view! { <p>"Checking your link…"</p> }>
            {move || Suspend::new(async move {
                match confirmed.await {
                    Ok(true) => {
                        view! {
                            <FormCard title="Your email address is confirmed">
                                <p>"Thank you. Taskboard now sends you the emails about your tasks."</p>
                                <p class="mt-4">
                                    <a href="/" class="text-indigo-700 underline">"Go to your boards"</a>
                                </p>
                            </FormCard>
                        }
                            .into_any()
                    }
                    _ => {
                        view! {
                            <FormCard title="Confirm your email address">
                                <Alert tone=Tone::Warning role="alert">
                                    "This confirmation link is invalid, used or expired. Log in and ask for a new one."
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
