//! `/reset-password?token=…`: choose a new password from an emailed link.

use crate::{
    api::auth::{check_reset_link, ResetPassword},
    domain::account::{PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS},
    ui::{
        components::{FormCard, FormField, FormMessage, SubmitButton},
        forms::{field_error, form_error},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let usable = Resource::new(token, check_reset_link);
    let reset = ServerAction::<ResetPassword>::new();
    let result = reset.value();
    let hint = format!("{PASSWORD_MIN_CHARS} to {PASSWORD_MAX_CHARS} characters.");

    view! {
        <Title text="Choose a new password" />
        <FormCard title="Choose a new password">
            <Suspense fallback=|| view! { <p>"Checking your link…"</p> }>
                {move || {
                    let hint = hint.clone();
                    Suspend::new(async move {
                        if usable.await.unwrap_or(false) {
                            view! {
                                <ActionForm action=reset>
                                    <div class="flex flex-col gap-4">
                                        <input type="hidden" name="token" value=token />
                                        <FormMessage message=form_error(result) />
                                        <FormField
                                            label="Password"
                                            name="password"
                                            kind="password"
                                            autocomplete="new-password"
                                            hint=hint
                                            error=field_error(result, "password")
                                        />
                                        <SubmitButton label="Set new password" pending=reset.pending() />
                                    </div>
                                </ActionForm>
                            }
                                .into_any()
                        } else {
                            view! {
                                <p role="alert" class="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
                                    "This reset link is invalid, used or expired. "
                                    <a href="/forgot-password" class="underline">"Ask for a new one"</a>
                                </p>
                            }
                                .into_any()
                        }
                    })
                }}
            </Suspense>
        </FormCard>
    }
}
