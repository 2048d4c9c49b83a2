//! Every form of the app is one island, [`ServerForm`], drawn from a [`FormSpec`] the page
//! builds on the server: which server fn receives it, its fields, hidden values and buttons.
//!
//! Why one generic island instead of a component per form: each `ActionForm<ServerFn>` compiles
//! its own copy of the form decoding, the request and the answer's decoding into the WASM, and
//! eight of them weighed more than the whole board (README, Performance). Here the browser
//! sends the form as it is (URL-encoded, as a server fn expects) and reads back either a
//! redirect, a success, or an [`AppError`] — the same for every form.
//!
//! Without JavaScript the same `<form>` posts to the same server fn, which answers with a
//! redirect: the forms work, only the messages beside the fields need the island.

use super::{Alert, FormField, FormMessage, SubmitButton, Tone};
use crate::{
    domain::AppError,
    i18n::*,
    ui::{components::Field, dom, locale::use_locale},
};
use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use percent_encoding::NON_ALPHANUMERIC;
use serde::{Deserialize, Serialize};

/// What a form holds and does. Built with [`FormSpec::new`] and the methods after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormSpec {
    /// The page's language, for the island's own words and the server's messages.
    pub locale: Locale,
    /// The server fn's URL (`LogIn::url()`).
    pub action: String,
    /// Values sent along unseen: ids, versions, tokens.
    pub hidden: Vec<(String, String)>,
    pub fields: Vec<Field>,
    /// The submit button's label.
    pub submit: String,
    /// A destructive confirmation: a red submit button, focused on arrival.
    pub danger: bool,
    /// Where the Cancel link goes, if the form has one.
    pub cancel: Option<String>,
    /// Shown when the server accepts the form without sending the browser on.
    pub accepted: Option<String>,
    /// Shown on arrival until the form is sent again ("Saved." after a save's redirect).
    pub notice: Option<String>,
    /// After a conflict (someone else changed the thing first), a link that loads their version.
    pub reload: Option<String>,
    /// Sends the browser's time zone (an IANA name) as this field, e.g. at sign-up.
    pub browser_time_zone: Option<String>,
}

impl FormSpec {
    /// A form in the page's language (so call it while drawing the page).
    pub fn new(action: &str, submit: &str) -> FormSpec {
        FormSpec {
            locale: use_locale(),
            action: action.to_owned(),
            hidden: Vec::new(),
            fields: Vec::new(),
            submit: submit.to_owned(),
            danger: false,
            cancel: None,
            accepted: None,
            notice: None,
            reload: None,
            browser_time_zone: None,
        }
    }

    pub fn hidden(mut self, name: &str, value: impl ToString) -> FormSpec {
        self.hidden.push((name.to_owned(), value.to_string()));
        self
    }

    pub fn field(mut self, field: Field) -> FormSpec {
        self.fields.push(field);
        self
    }

    pub fn danger(self) -> FormSpec {
        FormSpec { danger: true, ..self }
    }

    pub fn cancel(self, href: &str) -> FormSpec {
        FormSpec { cancel: Some(href.to_owned()), ..self }
    }

    pub fn accepted(self, message: &str) -> FormSpec {
        FormSpec { accepted: Some(message.to_owned()), ..self }
    }

    pub fn notice(self, message: Option<&str>) -> FormSpec {
        FormSpec { notice: message.map(str::to_owned), ..self }
    }

    pub fn reload(self, href: &str) -> FormSpec {
        FormSpec { reload: Some(href.to_owned()), ..self }
    }

    pub fn browser_time_zone(self, field: &str) -> FormSpec {
        FormSpec { browser_time_zone: Some(field.to_owned()), ..self }
    }
}

/// The server's last answer to the form: `Ok` when it accepted the form without a redirect.
type Answer = RwSignal<Option<Result<(), AppError>>>;

#[island]
pub fn ServerForm(form: FormSpec) -> impl IntoView {
    let FormSpec {
        locale,
        action,
        hidden,
        fields,
        submit,
        danger,
        cancel,
        accepted,
        notice,
        reload,
        browser_time_zone,
    } = form;
    // For the components inside: in the browser there is no page context to read it from.
    provide_context(locale);
    let result: Answer = RwSignal::new(None);
    let pending = RwSignal::new(false);

    let on_submit = {
        let action = action.clone();
        move |event: SubmitEvent| {
            event.prevent_default();
            if pending.get_untracked() {
                return;
            }
            let Some(mut body) = dom::form_body(&event) else { return };
            if let (Some(field), Some(zone)) = (&browser_time_zone, dom::browser_time_zone()) {
                body = format!("{body}&{field}={}", percent_encoding::utf8_percent_encode(&zone, NON_ALPHANUMERIC));
            }
            pending.set(true);
            let action = action.clone();
            spawn_local(async move {
                match dom::post_form(&action, body).await {
                    // Leaving the page: stay pending, so the form is not sent twice meanwhile.
                    Ok(Some(location)) => dom::go_to(&location),
                    Ok(None) => {
                        result.set(Some(Ok(())));
                        pending.set(false);
                    }
                    Err(error) => {
                        result.set(Some(Err(error)));
                        pending.set(false);
                    }
                }
            });
        }
    };

    let notice = move || notice.clone().filter(|_| result.with(Option::is_none));
    let accepted = move || accepted.clone().filter(|_| matches!(result.get(), Some(Ok(()))));
    let conflict = move || reload.clone().filter(|_| result.with(|r| matches!(r, Some(Err(AppError::Conflict(_))))));

    view! {
        <form method="post" action=action on:submit=on_submit>
            <div class="flex flex-col gap-4">
                {hidden
                    .into_iter()
                    .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
                    .collect_view()}
                <FormMessage message=form_error(result, locale) />
                {move || {
                    conflict()
                        .map(|href| {
                            view! {
                                <p class="text-sm">
                                    <a href=href class="text-indigo-700 underline">
                                        {td_string!(locale, common.load_latest)}
                                    </a>
                                    {td_string!(locale, common.load_latest_after)}
                                </p>
                            }
                        })
                }}
                <div role="status">
                    {move || {
                        notice()
                            .or_else(accepted.clone())
                            .map(|message| {
                                view! {
                                    <Alert tone=Tone::Success>{message}</Alert>
                                }
                            })
                    }}
                </div>
                {fields
                    .into_iter()
                    .map(|field| {
                        let error = field_error(result, field.name.clone(), locale);
                        view! { <FormField field error /> }
                    })
                    .collect_view()}
                <div class="flex items-center gap-4">
                    <SubmitButton label=submit pending danger />
                    {cancel
                        .map(|href| {
                            view! {
                                <a href=href class="text-indigo-700 underline">{td_string!(locale, common.cancel)}</a>
                            }
                        })}
                </div>
            </div>
        </form>
    }
}

/// The message for one field from the last answer.
fn field_error(result: Answer, field: String, locale: Locale) -> Signal<Option<String>> {
    Signal::derive(move || {
        result.with(|r| {
            r.as_ref()
                .and_then(|r| r.as_ref().err())
                .and_then(|e| e.field_message(&field))
                .map(|message| message.text(locale).into_owned())
        })
    })
}

/// A message about the whole form (not one field) from the last answer.
fn form_error(result: Answer, locale: Locale) -> Signal<Option<String>> {
    Signal::derive(move || {
        result.with(|r| match r {
            Some(Err(AppError::Invalid(_))) | Some(Ok(_)) | None => None,
            Some(Err(error)) => Some(error.text(locale).into_owned()),
        })
    })
}
