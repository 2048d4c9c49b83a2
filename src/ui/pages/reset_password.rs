//! `/reset-password?token=…`: choose a new password from an emailed link.

use crate::{
    api::auth::{check_reset_link, ResetPassword},
    domain::account::{PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS},
    ui::components::{Alert, Field, FormCard, FormSpec, ServerForm, Tone},
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let token = use_query_map().with_untracked(|query| query.get("token").unwrap_or_default());
    let usable = Resource::new(
        {
            let token = token.clone();
            move || token.clone()
        },
        check_reset_link,
    );

    view! {
        <Title text="Choose a new password" />
        <FormCard title="Choose a new password">
            <Suspense fallback=|| view! { <p>"Checking your link…"</p> }>
                {move || {
                    let token = token.clone();
                    Suspend::new(async move {
                        if usable.await.unwrap_or(false) {
                            view! { <ServerForm form=new_password_form(token) /> }.into_any()
                        } else {
                            view! {
                                <Alert tone=Tone::Warning role="alert">
                                    "This reset link is invalid, used or expired. "
                                    <a href="/forgot-password" class="underline">"Ask for a new one"</a>
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
    FormSpec::new(ResetPassword::url(), "Set new password").hidden("token", token).field(
        Field::input("Password", "password", "password")
            .autocomplete("new-password")
            .hint(format!("{PASSWORD_MIN_CHARS} to {PASSWORD_MAX_CHARS} characters.")),
    )
}
