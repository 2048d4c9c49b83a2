//! `/boards/{id}/webhooks`: a board's admins add URLs that each of the board's events is POSTed
//! to (signed), see how delivery goes, and delete a webhook or switch it on again.

use crate::{
    api::webhooks::{load_webhooks, AddWebhook, DeleteWebhook, SwitchOnWebhook},
    domain::{webhook::WebhookView, AppError},
    i18n::*,
    ui::{
        components::{Alert, BackToBoard, Button, ButtonStyle, Field, FormSpec, LoadError, ServerForm, Tone},
        locale::{moment_text, use_locale},
        pages::{board::board_id_param, NotFoundPage},
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn WebhooksPageView() -> impl IntoView {
    let locale = use_locale();
    let board = board_id_param();
    let asking = use_query_map().with_untracked(|q| q.get("delete").and_then(|id| id.parse::<i64>().ok()));
    let said = use_query_map().with_untracked(|q| {
        if q.get("added").is_some() {
            Some(td_string!(locale, webhooks.added))
        } else if q.get("deleted").is_some() {
            Some(td_string!(locale, webhooks.deleted))
        } else if q.get("switched_on").is_some() {
            Some(td_string!(locale, webhooks.switched_on))
        } else {
            None
        }
    });
    let page = Resource::new(
        move || board,
        |board| async move {
            match board {
                Some(board) => load_webhooks(board).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=move || view! { <p>{td_string!(locale, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => {
                        let board = page.board.clone();
                        view! {
                            <Title text=td_string!(locale, webhooks.title, board = &board.name).to_string() />
                            <BackToBoard id=board.id name=board.name.clone() />
                            <h1 class="text-2xl font-semibold mb-2">{td_string!(locale, webhooks.webhooks)}</h1>
                            <p class="mb-4 text-sm text-slate-700">{td_string!(locale, webhooks.explained)}</p>
                            {said
                                .map(|text| {
                                    view! {
                                        <Alert tone=Tone::Success role="status" class="mb-4">
                                            {text}
                                        </Alert>
                                    }
                                })}
                            <div class="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] items-start">
                                <section class="rounded-lg bg-white p-6 shadow-sm border border-slate-200">
                                    {page
                                        .webhooks
                                        .is_empty()
                                        .then(|| view! { <p class="text-slate-700">{td_string!(locale, webhooks.empty)}</p> })}
                                    <ul class="flex flex-col divide-y divide-slate-200">
                                        {page
                                            .webhooks
                                            .into_iter()
                                            .map(|hook| {
                                                let asking = asking == Some(hook.id);
                                                view! { <WebhookEntry hook asking board_id=board.id /> }
                                            })
                                            .collect_view()}
                                    </ul>
                                </section>
                                <section
                                    aria-labelledby="add-webhook-heading"
                                    class="rounded-lg bg-white p-6 shadow-sm border border-slate-200"
                                >
                                    <h2 id="add-webhook-heading" class="text-lg font-semibold mb-4">
                                        {td_string!(locale, webhooks.add_heading)}
                                    </h2>
                                    <ServerForm form=add_form(board.id) />
                                </section>
                            </div>
                        }
                            .into_any()
                    }
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One webhook; `asking`: the page asks before deleting it (`?delete={id}`).
#[component]
fn WebhookEntry(hook: WebhookView, asking: bool, board_id: i64) -> impl IntoView {
    let locale = use_locale();
    let state = if hook.disabled_at.is_some() {
        td_string!(locale, webhooks.switched_off, failures = hook.failures as usize).to_string()
    } else {
        td_string!(locale, webhooks.active).to_owned()
    };
    let last = match hook.last_attempt_at {
        None => td_string!(locale, webhooks.never_sent).to_owned(),
        Some(at) => {
            let answer = match (hook.last_status, &hook.last_error) {
                (Some(status), None) => td_string!(locale, webhooks.answered, status = status).to_string(),
                (_, Some(error)) => td_string!(locale, webhooks.failed, error = error).to_string(),
                (None, None) => String::new(),
            };
            td_string!(locale, webhooks.last_attempt, when = moment_text(at), answer = answer).to_string()
        }
    };
    let waiting = td_string!(locale, webhooks.waiting, count = hook.waiting as usize).to_string();
    let secret_id = format!("webhook-secret-{}", hook.id);
    let here = format!("/boards/{board_id}/webhooks");
    let delete = if asking {
        let form = FormSpec::new(DeleteWebhook::url(), td_string!(locale, webhooks.delete_confirm))
            .hidden("id", hook.id)
            .danger()
            .cancel(&here);
        view! {
            <div class="flex flex-col gap-2 rounded border border-red-200 p-3">
                <p>{td_string!(locale, webhooks.delete_question, url = &hook.url).to_string()}</p>
                <ServerForm form />
            </div>
        }
        .into_any()
    } else {
        let label = td_string!(locale, webhooks.delete, url = &hook.url).to_string();
        view! {
            <form method="get" action=here.clone()>
                <input type="hidden" name="delete" value=hook.id.to_string() />
                <Button variant=ButtonStyle::DangerOutline>{label}</Button>
            </form>
        }
        .into_any()
    };
    let switch_on = hook.disabled_at.is_some().then(|| {
        FormSpec::new(SwitchOnWebhook::url(), &td_string!(locale, webhooks.switch_on, url = &hook.url).to_string())
            .hidden("id", hook.id)
    });
    view! {
        <li class="py-4 flex flex-col gap-2">
            <p class="font-medium break-all">{hook.url.clone()}</p>
            <p class="text-sm text-slate-700">{state} " · " {last} " · " {waiting}</p>
            <label for=secret_id.clone() class="text-sm font-medium">
                {td_string!(locale, webhooks.secret, url = &hook.url).to_string()}
            </label>
            <input
                id=secret_id
                readonly
                value=hook.secret
                autocomplete="off"
                spellcheck="false"
                class="w-full rounded-md border bg-white px-3 py-2 font-mono text-sm focus-ring"
            />
            <div class="flex flex-wrap gap-3">
                {switch_on.map(|form| view! { <ServerForm form /> })}
                {delete}
            </div>
        </li>
    }
}

fn add_form(board_id: i64) -> FormSpec {
    let locale = use_locale();
    FormSpec::new(AddWebhook::url(), td_string!(locale, webhooks.add_webhook)).hidden("board", board_id).field(
        Field::input(td_string!(locale, webhooks.url), "url", "url")
            .autocomplete("off")
            .hint(td_string!(locale, webhooks.url_hint)),
    )
}
