//! `/forgot-password`: ask for a reset link.

use crate::{
    api::auth::RequestPasswordReset,
    ui::components::{Field, FormCard, FormSpec, ServerForm},
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    view! {
        <Title text="Forgot password" />
        <FormCard title="Forgot your password?">
            <p class="mb-4 text-sm text-slate-700">"We will email you a link to choose a new one. It works once, for one hour."</p>
            <ServerForm form=reset_request_form() />
            <p class="mt-4 text-sm"><a href="/login" class="text-indigo-700 underline">"Back to log in"</a></p>
        </FormCard>
    }
}

fn reset_request_form() -> FormSpec {
    FormSpec::new(RequestPasswordReset::url(), "Send reset link")
        .field(Field::input("Email", "email", "text").inputmode("email").autocomplete("email"))
        .accepted("If an account exists for that address, a reset link is on its way. Check your inbox.")
}
