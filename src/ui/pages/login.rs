//! `/login`.

use crate::ui::{
    auth::AuthActions,
    components::{FormCard, FormField, FormMessage, SubmitButton},
    forms::{field_error, form_error},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let log_in = expect_context::<AuthActions>().log_in;
    let result = log_in.value();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let password_was_reset = move || query.read().get("reset").as_deref() == Some("done");

    view! {
        <Title text="Log in" />
        <FormCard title="Log in">
            <Show when=password_was_reset>
                <p role="status" class="mb-4 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">
                    "Your password has been changed. Log in with the new one."
                </p>
            </Show>
            <ActionForm action=log_in>
                <div class="flex flex-col gap-4">
                    <input type="hidden" name="next" value=next />
                    <FormMessage message=form_error(result) />
                    <FormField
                        label="Email"
                        name="email"
                        inputmode="email"
                        autocomplete="username"
                        error=field_error(result, "email")
                    />
                    <FormField
                        label="Password"
                        name="password"
                        kind="password"
                        autocomplete="current-password"
                        error=field_error(result, "password")
                    />
                    <SubmitButton label="Log in" pending=log_in.pending() />
                </div>
            </ActionForm>
            <p class="mt-4 text-sm text-slate-700">
                <a href="/forgot-password" class="text-indigo-700 underline">"Forgot password?"</a>
            </p>
            <p class="mt-2 text-sm text-slate-700">
                "New here? " <a href="/signup" class="text-indigo-700 underline">"Create an account"</a>
            </p>
        </FormCard>
    }
}
