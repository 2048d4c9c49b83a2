//! `/forgot-password`: ask for a reset link.

use crate::{
    api::auth::RequestPasswordReset,
    ui::{
        components::{FormCard, FormField, FormMessage, SubmitButton},
        forms::{field_error, form_error},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let request = ServerAction::<RequestPasswordReset>::new();
    let result = request.value();
    let sent = move || matches!(result.get(), Some(Ok(())));

    view! {
        <Title text="Forgot password" />
        <FormCard title="Forgot your password?">
            <p class="mb-4 text-sm text-slate-700">"We will email you a link to choose a new one. It works once, for one hour."</p>
            <div role="status">
                <Show when=sent>
                    <p class="mb-4 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">
                        "If an account exists for that address, a reset link is on its way. Check your inbox."
                    </p>
                </Show>
            </div>
            <ActionForm action=request>
                <div class="flex flex-col gap-4">
                    <FormMessage message=form_error(result) />
                    <FormField
                        label="Email"
                        name="email"
                        inputmode="email"
                        autocomplete="email"
                        error=field_error(result, "email")
                    />
                    <SubmitButton label="Send reset link" pending=request.pending() />
                </div>
            </ActionForm>
            <p class="mt-4 text-sm"><a href="/login" class="text-indigo-700 underline">"Back to log in"</a></p>
        </FormCard>
    }
}
