//! `/signup`.

use crate::{
    domain::account::{PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS},
    ui::{
        auth::AuthActions,
        components::{FormCard, FormField, FormMessage, SubmitButton},
        forms::{field_error, form_error},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SignupPage() -> impl IntoView {
    let sign_up = expect_context::<AuthActions>().sign_up;
    let result = sign_up.value();
    // Stated up front rather than discovered by failing (the numbers come from the domain rule).
    let password_hint =
        format!("{PASSWORD_MIN_CHARS} to {PASSWORD_MAX_CHARS} characters. A few unrelated words work well.");

    view! {
        <Title text="Sign up" />
        <FormCard title="Create your account">
            <ActionForm action=sign_up>
                <div class="flex flex-col gap-4">
                    <FormMessage message=form_error(result) />
                    <FormField label="Name" name="name" autocomplete="name" error=field_error(result, "name") />
                    <FormField
                        label="Email"
                        name="email"
                        inputmode="email"
                        autocomplete="email"
                        error=field_error(result, "email")
                    />
                    <FormField
                        label="Password"
                        name="password"
                        kind="password"
                        autocomplete="new-password"
                        hint=password_hint
                        error=field_error(result, "password")
                    />
                    <SubmitButton label="Sign up" pending=sign_up.pending() />
                </div>
            </ActionForm>
            <p class="mt-4 text-sm text-slate-700">
                "Already have an account? " <a href="/login" class="text-indigo-700 underline">"Log in"</a>
            </p>
        </FormCard>
    }
}
