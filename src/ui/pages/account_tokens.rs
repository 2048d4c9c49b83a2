//! The account page's "API tokens" section: make a token (its secret shown once, right after),
//! see each token's access, age and last use, and revoke it.

use crate::{
    api::tokens::{load_api_tokens, CreateApiToken, RevokeApiToken},
    domain::api_token::{CreatedToken, TokenAccess, TokenView},
    i18n::*,
    ui::{
        components::{Alert, Button, ButtonStyle, Field, FormSpec, LoadError, ServerForm, Tone},
        locale::{ago_text, moment_text, use_locale},
    },
};
use leptos::{prelude::*, server_fn::ServerFn};

/// `revoked`: the page says a token was revoked (`?token_revoked=1`); `asking`: it asks before
/// revoking that token (`?revoke={id}`, a page state, so it needs no JavaScript).
#[component]
pub fn ApiTokensSection(revoked: bool, asking: Option<i64>) -> impl IntoView {
    let locale = use_locale();
    let page = Resource::new(|| (), |_| load_api_tokens());
    view! {
        <section id="api-tokens" aria-labelledby="api-tokens-heading" class="mt-8 border-t border-slate-200 pt-6">
            <h2 id="api-tokens-heading" class="text-xl font-semibold mb-2">
                {td_string!(locale, account.api_tokens)}
            </h2>
            <p class="mb-4 text-sm text-slate-700">{td_string!(locale, account.api_tokens_explained)}</p>
            {revoked
                .then(|| {
                    view! {
                        <Alert tone=Tone::Success role="status" class="mb-4">
                            {td_string!(locale, account.token_revoked)}
                        </Alert>
                    }
                })}
            <Suspense fallback=move || view! { <p>{td_string!(locale, common.loading)}</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => {
                            view! {
                                {page.created.map(|created| view! { <CreatedNotice created /> })}
                                <TokenList tokens=page.tokens asking />
                                <ServerForm form=create_form() />
                            }
                                .into_any()
                        }
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The token just made, once: in a read-only field, so it can be selected and copied.
#[component]
fn CreatedNotice(created: CreatedToken) -> impl IntoView {
    let locale = use_locale();
    view! {
        <Alert tone=Tone::Success role="status" class="mb-4">
            <p class="mb-2">{td_string!(locale, account.token_created, name = &created.name).to_string()}</p>
            <label for="new-token" class="block font-medium mb-1">
                {td_string!(locale, account.new_token)}
            </label>
            <input
                id="new-token"
                readonly
                value=created.secret
                autocomplete="off"
                spellcheck="false"
                class="w-full rounded-md border bg-white px-3 py-2 font-mono text-sm focus-ring"
            />
        </Alert>
    }
}

#[component]
fn TokenList(tokens: Vec<TokenView>, asking: Option<i64>) -> impl IntoView {
    let locale = use_locale();
    if tokens.is_empty() {
        return view! { <p class="mb-4 text-slate-700">{td_string!(locale, account.no_tokens)}</p> }.into_any();
    }
    view! {
        <ul class="mb-6 flex flex-col divide-y divide-slate-200">
            {tokens
                .into_iter()
                .map(|token| {
                    let asking = asking == Some(token.id);
                    view! { <TokenEntry token asking /> }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn TokenEntry(token: TokenView, asking: bool) -> impl IntoView {
    let locale = use_locale();
    let access = access_text(token.access);
    let summary = td_string!(
        locale,
        account.token_summary,
        access = access,
        hint = &token.hint,
        created = moment_text(token.created_at)
    )
    .to_string();
    let expiry = token.expires_at.map(|at| {
        #[cfg(feature = "ssr")]
        let expired = at <= chrono::Utc::now().naive_utc();
        #[cfg(not(feature = "ssr"))]
        let expired = false;
        if expired {
            td_string!(locale, account.token_expired).to_owned()
        } else {
            // The stored moment is the start of the day after the last one.
            let last = at - chrono::TimeDelta::seconds(1);
            td_string!(locale, account.token_expires, date = moment_text(last)).to_string()
        }
    });
    let used = match token.last_used_at {
        Some(at) => td_string!(locale, account.token_last_used, when = ago_text(at)).to_string(),
        None => td_string!(locale, account.token_never_used).to_owned(),
    };
    let revoke = if asking {
        let form = FormSpec::new(RevokeApiToken::url(), td_string!(locale, account.revoke_confirm))
            .hidden("id", token.id)
            .danger()
            .cancel("/account#api-tokens");
        view! {
            <div class="flex flex-col gap-2 rounded border border-red-200 p-3">
                <p>{td_string!(locale, account.revoke_question, name = &token.name).to_string()}</p>
                <ServerForm form />
            </div>
        }
        .into_any()
    } else {
        let label = td_string!(locale, account.revoke, name = &token.name).to_string();
        view! {
            <form method="get" action="/account">
                <input type="hidden" name="revoke" value=token.id.to_string() />
                <Button variant=ButtonStyle::DangerOutline>{label}</Button>
            </form>
        }
        .into_any()
    };
    view! {
        <li class="py-3 flex flex-wrap items-center justify-between gap-3">
            <div class="min-w-0">
                <p class="font-medium break-words">{token.name.clone()}</p>
                <p class="text-sm text-slate-700">{summary}</p>
                <p class="text-sm text-slate-700">{expiry.map(|text| format!("{text} · "))} {used}</p>
            </div>
            {revoke}
        </li>
    }
}

fn access_text(access: TokenAccess) -> &'static str {
    let locale = use_locale();
    match access {
        TokenAccess::Read => td_string!(locale, account.access_read),
        TokenAccess::Write => td_string!(locale, account.access_write),
    }
}

fn create_form() -> FormSpec {
    let locale = use_locale();
    let choices = TokenAccess::ALL
        .into_iter()
        .map(|access| (access.as_str().to_owned(), access_text(access).to_owned()))
        .collect();
    FormSpec::new(CreateApiToken::url(), td_string!(locale, account.create_token))
        .field(Field::input(td_string!(locale, account.token_name), "name", "text").autocomplete("off"))
        .field(Field::select(td_string!(locale, account.access), "access", choices).value(TokenAccess::Read.as_str()))
        .field(
            Field::input(td_string!(locale, account.expires), "expires", "date")
                .hint(td_string!(locale, account.expires_hint)),
        )
}
