//! `/inbox`: every change that concerns me, newest first, unread ones marked; and
//! `/unsubscribe/{token}`, where an email's link leads.

use crate::{
    api::inbox::{check_unsubscribe_link, load_inbox, MarkInboxRead},
    domain::{
        dates,
        notifications::{EmailKind, InboxEntry, InboxPage},
    },
    i18n::*,
    ui::{
        components::{Alert, Button, ButtonStyle, FormCard, LoadError, Tone},
        locale::use_locale,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn InboxView() -> impl IntoView {
    let locale = use_locale();
    let before = use_query_map().with_untracked(|query| query.get("before").and_then(|b| b.parse::<i64>().ok()));
    let inbox = Resource::new(|| (), move |_| load_inbox(before));
    view! {
        <Title text=td_string!(locale, inbox.title) />
        <Suspense fallback=move || view! { <p>{td_string!(locale, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match inbox.await {
                    Ok(page) => view! { <Entries page /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Entries(page: InboxPage) -> impl IntoView {
    let locale = use_locale();
    let InboxPage { entries, unread, older, now } = page;
    let newest = entries.first().map(|entry| entry.id);
    view! {
        <div class="mx-auto max-w-3xl">
            <div class="flex flex-wrap items-center justify-between gap-4 mb-4">
                <h1 class="text-2xl font-semibold">{td_string!(locale, inbox.heading)}</h1>
                {(unread > 0)
                    .then(|| {
                        view! {
                            <p class="text-sm text-slate-700">
                                {td_string!(locale, inbox.unread, count = unread).to_string()}
                            </p>
                        }
                    })}
                {newest
                    .filter(|_| unread > 0)
                    .map(|newest| {
                        view! {
                            <form method="post" action=MarkInboxRead::url()>
                                <input type="hidden" name="up_to" value=newest.to_string() />
                                <Button variant=ButtonStyle::Secondary>{td_string!(locale, inbox.mark_all_read)}</Button>
                            </form>
                        }
                    })}
            </div>
            {if entries.is_empty() {
                view! {
                    <p class="rounded-md bg-white border border-dashed border-slate-300 p-4 text-slate-700">
                        {td_string!(locale, inbox.empty)}
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <ol class="flex flex-col gap-2">
                        {entries.into_iter().map(|entry| view! { <Entry entry now /> }).collect_view()}
                    </ol>
                }
                    .into_any()
            }}
            {older
                .map(|older| {
                    view! {
                        <p class="mt-4">
                            <a href=format!("/inbox?before={older}") class="text-indigo-700 underline rounded focus-ring">
                                {td_string!(locale, inbox.older)}
                            </a>
                        </p>
                    }
                })}
        </div>
    }
}

#[component]
fn Entry(entry: InboxEntry, now: chrono::NaiveDateTime) -> impl IntoView {
    let locale = use_locale();
    let InboxEntry { id: _, summary, subject, board_name, link, at, unread } = entry;
    let card = if unread {
        "rounded-lg bg-white p-3 shadow-sm border-l-4 border-indigo-600 border-y border-r border-slate-200"
    } else {
        "rounded-lg bg-white p-3 border border-slate-200"
    };
    let elapsed = (now - at).num_seconds();
    view! {
        <li class=card data-unread=unread.then_some("true")>
            <p class="flex flex-wrap items-baseline gap-x-2">
                {unread
                    .then(|| {
                        view! {
                            <span class="rounded-full bg-indigo-700 px-2 text-xs font-semibold text-white">
                                {td_string!(locale, inbox.unread_marker)}
                            </span>
                        }
                    })}
                <a href=link class=if unread { "font-semibold text-indigo-700 underline break-words rounded focus-ring" } else { "text-indigo-700 underline break-words rounded focus-ring" }>
                    {subject}
                </a>
                <span class="text-sm text-slate-700">{board_name}</span>
            </p>
            <p class="text-slate-800">{summary}</p>
            <p class="text-sm text-slate-600">
                <time datetime=at.format("%Y-%m-%dT%H:%M:%S").to_string() title=dates::date_time(locale, at)>
                    {dates::ago(locale, elapsed, at)}
                </time>
            </p>
        </li>
    }
}

/// `/unsubscribe/{token}`: what the link turns off and a button that does it (a GET changes
/// nothing: link scanners open links). The button posts to the same address as a mail
/// client's one-click request, which answers with this page again, `?done=1`.
#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let locale = use_locale();
    let token = use_params_map().with_untracked(|params| params.get("token").unwrap_or_default());
    let done = use_query_map().with_untracked(|query| query.get("done").is_some());
    let action = format!("/unsubscribe/{token}");
    let link = Resource::new(|| (), move |_| check_unsubscribe_link(token.clone()));
    view! {
        <Title text=td_string!(locale, inbox.unsubscribe_title) />
        <FormCard title=td_string!(locale, inbox.unsubscribe_title)>
            <Suspense fallback=move || view! { <p>{td_string!(locale, common.loading)}</p> }>
                {move || {
                    let action = action.clone();
                    Suspend::new(async move {
                        match link.await {
                            Ok(kind) if done => {
                                let said = match kind {
                                    EmailKind::Changes => td_string!(locale, inbox.unsubscribed_changes),
                                    EmailKind::Reminders => td_string!(locale, inbox.unsubscribed_reminders),
                                };
                                view! {
                                    <div role="status" class="flex flex-col gap-2">
                                        <Alert tone=Tone::Success>{said}</Alert>
                                        <p class="text-sm text-slate-700">
                                            {td_string!(locale, inbox.unsubscribe_settings)}
                                        </p>
                                    </div>
                                }
                                    .into_any()
                            }
                            Ok(kind) => {
                                let question = match kind {
                                    EmailKind::Changes => td_string!(locale, inbox.unsubscribe_changes),
                                    EmailKind::Reminders => td_string!(locale, inbox.unsubscribe_reminders),
                                };
                                view! {
                                    <form method="post" action=action class="flex flex-col gap-4">
                                        <p>{question}</p>
                                        <Button variant=ButtonStyle::Primary>{td_string!(locale, inbox.unsubscribe_button)}</Button>
                                    </form>
                                }
                                    .into_any()
                            }
                            Err(_) => {
                                view! {
                                    <Alert tone=Tone::Error role="alert">{td_string!(locale, inbox.unsubscribe_invalid)}</Alert>
                                }
                                    .into_any()
                            }
                        }
                    })
                }}
            </Suspense>
        </FormCard>
    }
}
