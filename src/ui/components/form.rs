//! The pieces every form shares: the card around it, the whole-form message, the submit button.

use super::{Alert, ButtonStyle, Tone};
use crate::{domain::AppError, i18n::*, ui::locale::use_locale};
use leptos::prelude::*;

/// A centred card with the form's heading: narrow for the account pages, `wide` for tasks.
#[component]
pub fn FormCard(title: &'static str, #[prop(optional)] wide: bool, children: Children) -> impl IntoView {
    let width = if wide { "max-w-2xl" } else { "max-w-sm" };
    view! {
        <div class=format!("mx-auto mt-8 {width} rounded-lg bg-white p-6 shadow-sm border border-slate-200")>
            <h1 class="text-2xl font-semibold mb-4">{title}</h1>
            {children()}
        </div>
    }
}

/// A message about the whole form, announced when it appears.
#[component]
pub fn FormMessage(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <div role="alert">
            {move || {
                message
                    .get()
                    .map(|message| {
                        view! {
                            <Alert tone=Tone::Error>{message}</Alert>
                        }
                    })
            }}
        </div>
    }
}

/// The form's submit button; shows progress and refuses a second click while the request runs.
/// A `danger` button (a destructive confirmation) is red and focused on arrival.
#[component]
pub fn SubmitButton(
    label: String,
    #[prop(into)] pending: Signal<bool>,
    #[prop(optional)] danger: bool,
) -> impl IntoView {
    let class = if danger { ButtonStyle::Danger.class() } else { ButtonStyle::Primary.class() };
    let busy_label = td_string!(use_locale(), common.busy, label = &label).to_string();
    view! {
        <button
            type="submit"
            autofocus=danger
            aria-disabled=move || pending.get().then_some("true")
            on:click=move |event| {
                if pending.get_untracked() {
                    event.prevent_default();
                }
            }
            class=class
        >
            {move || if pending.get() { busy_label.clone() } else { label.clone() }}
        </button>
    }
}

/// Why a page's data could not be loaded; a lapsed session gets a way back in.
#[component]
pub fn LoadError(error: AppError) -> impl IntoView {
    match error {
        AppError::Unauthorised => view! {
            <Alert tone=Tone::Warning role="alert">
                {td_string!(use_locale(), common.session_ended)}
                <a href="/login" class="underline">{td_string!(use_locale(), common.log_in_again)}</a>
            </Alert>
        }
        .into_any(),
        error => view! {
            <Alert tone=Tone::Error role="alert">{error.text(use_locale())}</Alert>
        }
        .into_any(),
    }
}
