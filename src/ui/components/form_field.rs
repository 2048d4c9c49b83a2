//! A labelled control (input, textarea or select) with its error message beside it, tied with
//! `aria-describedby`.

use leptos::prelude::*;

/// What kind of control a [`FormField`] is.
#[derive(Clone, PartialEq, Eq)]
pub enum Control {
    /// An `<input>` of this `type` (`text`, `email`, `password`, `date`, …).
    Input(&'static str),
    /// A multi-line `<textarea>`.
    TextArea,
    /// A `<select>` of `(value, label)` options.
    Select(Vec<(String, String)>),
}

const CONTROL_CLASS: &str =
    "w-full rounded-md border bg-white px-3 py-2 focus-visible:outline-2 focus-visible:outline-indigo-600";

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
    /// Set to use a textarea or a select instead of an `<input type=kind>`.
    #[prop(optional)]
    control: Option<Control>,
    /// The value the field starts with (the selected option's value, for a select).
    #[prop(optional, into)]
    value: Option<String>,
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
    let invalid = move || error.get().map(|_| "true");
    let class = move || {
        let border = if error.get().is_some() { "border-red-600" } else { "border-slate-300" };
        format!("{CONTROL_CLASS} {border}")
    };
    let control = match control.unwrap_or(Control::Input(kind)) {
        Control::Input(kind) => view! {
            <input
                id=id.clone()
                name=name
                type=kind
                value=value
                autocomplete=autocomplete
                inputmode=inputmode
                aria-invalid=invalid
                aria-describedby=described_by
                class=class
            />
        }
        .into_any(),
        Control::TextArea => view! {
            <textarea
                id=id.clone()
                name=name
                rows="5"
                aria-invalid=invalid
                aria-describedby=described_by
                class=class
            >
                {value}
            </textarea>
        }
        .into_any(),
        Control::Select(options) => {
            let selected = value.unwrap_or_default();
            view! {
                <select
                    id=id.clone()
                    name=name
                    aria-invalid=invalid
                    aria-describedby=described_by
                    class=class
                >
                    {options
                        .into_iter()
                        .map(|(option, label)| {
                            let is_selected = option == selected;
                            view! {
                                <option value=option selected=is_selected>
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            }
            .into_any()
        }
    };
    view! {
        <div class="flex flex-col gap-1">
            <label for=id.clone() class="font-medium text-slate-800">{label}</label>
            {control}
            {hint.map(|hint| view! { <p id=hint_id.clone() class="text-sm text-slate-600">{hint}</p> })}
            {move || {
                error.get().map(|message| view! { <p id=error_id.clone() class="text-sm font-medium text-red-700">{message}</p> })
            }}
        </div>
    }
}
