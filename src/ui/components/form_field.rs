//! A labelled control (input, textarea, select, checkbox or a group of them) with its error
//! message beside it, tied with `aria-describedby`.

use leptos::{either::EitherOf3, prelude::*};
use serde::{Deserialize, Serialize};

/// What kind of control a [`Field`] is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Control {
    /// An `<input>` of this `type` (`text`, `password`, `date`, …).
    Input(String),
    /// A multi-line `<textarea>`.
    TextArea,
    /// A `<select>` of `(value, label)` options.
    Select(Vec<(String, String)>),
    /// An `<input type="checkbox">`, ticked when the field's value is `on`; it sends `on` when
    /// ticked and nothing when not.
    Checkbox,
    /// A group of checkboxes under the field's label (a `fieldset` and its `legend`), each
    /// sending its value as `{name}[]` when ticked: a list, empty when none is.
    Checkboxes(Vec<Choice>),
}

/// One box of a [`Control::Checkboxes`] group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    /// Its accessible name, drawn in a chip of `class` (a label's colour).
    pub label: String,
    pub class: String,
    pub ticked: bool,
}

/// One field of a form, described by the page on the server and drawn by the form's island
/// (so it is data, not code, that crosses to the browser).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    /// The visible label, which is also the accessible name.
    pub label: String,
    /// The form field's name, as the server fn argument is called.
    pub name: String,
    pub control: Control,
    /// The value the field starts with (the selected option's value, for a select).
    pub value: String,
    /// Always-visible guidance, e.g. the password rule.
    pub hint: Option<String>,
    pub autocomplete: Option<String>,
    pub inputmode: Option<String>,
}

impl Field {
    /// An `<input type=kind>`.
    pub fn input(label: &str, name: &str, kind: &str) -> Field {
        Field::new(label, name, Control::Input(kind.to_owned()))
    }

    pub fn text_area(label: &str, name: &str) -> Field {
        Field::new(label, name, Control::TextArea)
    }

    pub fn select(label: &str, name: &str, options: Vec<(String, String)>) -> Field {
        Field::new(label, name, Control::Select(options))
    }

    pub fn checkbox(label: &str, name: &str, ticked: bool) -> Field {
        Field::new(label, name, Control::Checkbox).value(if ticked { "on" } else { "" })
    }

    pub fn checkboxes(label: &str, name: &str, choices: Vec<Choice>) -> Field {
        Field::new(label, name, Control::Checkboxes(choices))
    }

    fn new(label: &str, name: &str, control: Control) -> Field {
        Field {
            label: label.to_owned(),
            name: name.to_owned(),
            control,
            value: String::new(),
            hint: None,
            autocomplete: None,
            inputmode: None,
        }
    }

    pub fn value(self, value: impl Into<String>) -> Field {
        Field { value: value.into(), ..self }
    }

    pub fn hint(self, hint: impl Into<String>) -> Field {
        Field { hint: Some(hint.into()), ..self }
    }

    pub fn autocomplete(self, autocomplete: &str) -> Field {
        Field { autocomplete: Some(autocomplete.to_owned()), ..self }
    }

    pub fn inputmode(self, inputmode: &str) -> Field {
        Field { inputmode: Some(inputmode.to_owned()), ..self }
    }
}

const CONTROL_CLASS: &str =
    "w-full rounded-md border bg-white px-3 py-2 focus-visible:outline-2 focus-visible:outline-indigo-600";

/// A labelled control with its hint and, when the server refused it, its message.
#[component]
pub fn FormField(
    field: Field,
    /// The message to show, if the server refused this field.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let Field { label, name, control, value, hint, autocomplete, inputmode } = field;
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
    let control = match control {
        Control::Checkboxes(choices) => {
            return EitherOf3::B(view! {
                <fieldset
                    id=id.clone()
                    aria-invalid=invalid
                    aria-describedby=described_by
                    class="flex flex-col gap-1"
                >
                    <legend class="font-medium text-slate-800 mb-1">{label}</legend>
                    <div class="flex flex-wrap gap-x-4 gap-y-2">
                        {choices
                            .into_iter()
                            .map(|choice| {
                                let box_id = format!("{id}-{}", choice.value);
                                view! {
                                    <div class="flex items-center gap-2">
                                        <input
                                            id=box_id.clone()
                                            name=format!("{name}[]")
                                            type="checkbox"
                                            value=choice.value
                                            checked=choice.ticked
                                            class="h-5 w-5 rounded border-slate-400 focus-visible:outline-2 focus-visible:outline-indigo-600"
                                        />
                                        <label for=box_id class=choice.class>{choice.label}</label>
                                    </div>
                                }
                            })
                            .collect_view()}
                    </div>
                    {hint.map(|hint| view! { <p id=hint_id.clone() class="text-sm text-slate-600">{hint}</p> })}
                    {move || {
                        error.get().map(|message| view! { <p id=error_id.clone() class="text-sm font-medium text-red-700">{message}</p> })
                    }}
                </fieldset>
            });
        }
        // A checkbox comes before its label, on one line.
        Control::Checkbox => {
            let ticked = value == "on";
            return EitherOf3::A(view! {
                <div class="flex flex-col gap-1">
                    <div class="flex items-center gap-2">
                        <input
                            id=id.clone()
                            name=name
                            type="checkbox"
                            checked=ticked
                            aria-invalid=invalid
                            aria-describedby=described_by
                            class="h-5 w-5 rounded border-slate-400 focus-visible:outline-2 focus-visible:outline-indigo-600"
                        />
                        <label for=id.clone() class="font-medium text-slate-800">{label}</label>
                    </div>
                    {hint.map(|hint| view! { <p id=hint_id.clone() class="text-sm text-slate-600">{hint}</p> })}
                    {move || {
                        error.get().map(|message| view! { <p id=error_id.clone() class="text-sm font-medium text-red-700">{message}</p> })
                    }}
                </div>
            });
        }
        Control::Input(kind) => EitherOf3::A(view! {
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
        }),
        Control::TextArea => EitherOf3::B(view! {
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
        }),
        Control::Select(options) => {
            let selected = value;
            EitherOf3::C(view! {
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
            })
        }
    };
    EitherOf3::C(view! {
        <div class="flex flex-col gap-1">
            <label for=id.clone() class="font-medium text-slate-800">{label}</label>
            {control}
            {hint.map(|hint| view! { <p id=hint_id.clone() class="text-sm text-slate-600">{hint}</p> })}
            {move || {
                error.get().map(|message| view! { <p id=error_id.clone() class="text-sm font-medium text-red-700">{message}</p> })
            }}
        </div>
    })
}
