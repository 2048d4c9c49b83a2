//! A labelled input with its error message beside it, tied with `aria-describedby`.

use leptos::prelude::*;

#[component]
pub fn FormField(
    /// The visible label, which is also the accessible name.
    label: &'static str,
    /// The form field's name, as the server fn argument is called.
    name: &'static str,
    /// The message to show, if the server refused this field.
    #[prop(into)]
    error: Signal<Option<String>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    /// Always-visible guidance, e.g. the password rule.
    #[prop(optional, into)]
    hint: Option<String>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let has_hint = hint.is_some();
    let described_by = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="flex flex-col gap-1">
            <label for=id.clone() class="font-medium text-slate-800">{label}</label>
            <input
                id=id.clone()
                name=name
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                aria-invalid=move || error.get().map(|_| "true")
                aria-describedby=described_by
                class=move || {
                    if error.get().is_some() {
                        "rounded-md border border-red-600 bg-white px-3 py-2 focus-visible:outline-2 focus-visible:outline-indigo-600"
                    } else {
                        "rounded-md border border-slate-300 bg-white px-3 py-2 focus-visible:outline-2 focus-visible:outline-indigo-600"
                    }
                }
            />
            {hint.map(|hint| view! { <p id=hint_id.clone() class="text-sm text-slate-600">{hint}</p> })}
            {move || {
                error.get().map(|message| view! { <p id=error_id.clone() class="text-sm font-medium text-red-700">{message}</p> })
            }}
        </div>
    }
}
