//! The HTML shell, the router and the layout every page shares.

use crate::{
    api::{
        account::SetTheme,
        auth::{get_current_user, LogOut, ResendConfirmation},
    },
    domain::CurrentUser,
    i18n::*,
    ui::components::{Button, ButtonStyle, FormSpec, ServerForm, Tone},
    ui::locale::use_locale,
    ui::pages::{
        AccountPage, AdminUsersPage, BoardPage, BoardsPage, ForgotPasswordPage, HomePage, ImportPreviewPage,
        ImportUploadPage, InboxView, InvitePage, LabelsPageView, LoginPage, MembersPageView, NewBoardPage, NewTaskPage,
        NotFoundPage, ResetPasswordPage, SignupPage, TaskDetailPage, TrashPageView, UnsubscribePage, VerifyEmailPage,
        WebhooksPageView,
    },
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, Meta, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// The document around the app. Only rendered on the server.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    use leptos_i18n::Locale as _;
    use leptos_meta::{HashedStylesheet, MetaTags};
    // The hydration script must carry this response's CSP nonce.
    crate::server::auth::layers::provide_csp_nonce();
    // The page's language and theme, known before the first byte: no flash of the wrong theme,
    // and `lang` right for screen readers and Korean line breaking. Without a chosen theme the
    // stylesheet follows `prefers-color-scheme`.
    let prefs = crate::server::preferences::provide();
    view! {
        <!DOCTYPE html>
        <html lang=prefs.locale.as_str() class=prefs.theme.map(|theme| theme.as_str())>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                // Both read the content-hashed file names from the build's hash.txt.
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options islands=true />
                <MetaTags />
            </head>
            <body class="bg-slate-100 text-slate-900 antialiased">
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let locale = use_locale();
    // Who is logged in. Logging in or out loads a new page, which asks again.
    let user = Resource::new(|| (), |_| get_current_user());

    view! {
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg" />
        <Meta name="description" content=td_string!(locale, common.description) />
        // leptos_meta writes the title into the head as it is, unescaped: a task titled
        // `</title><meta http-equiv="refresh" …>` would otherwise redirect everyone who opens it.
        // (Pages are rendered on the server only, so no browser ever sets the escaped text.)
        <Title formatter=move |title: String| {
            td_string!(locale, common.title_suffix, title = html_escape::encode_text(&title)).to_string()
        } />

        <Router>
            <div class="min-h-screen flex flex-col">
                <header class="bg-white border-b border-slate-200">
                    <nav aria-label=td_string!(locale, common.main_nav) class="mx-auto max-w-7xl px-4 py-3 flex flex-wrap items-center gap-x-4 gap-y-2">
                        <a
                            href="/"
                            class="text-lg font-semibold text-indigo-700 rounded focus-ring"
                        >
                            {td_string!(locale, common.app_name)}
                        </a>
                        <div class="ml-auto flex flex-wrap items-center justify-end gap-3">
                            <ThemeToggle />
                            <Transition fallback=|| ()>
                                {move || Suspend::new(async move {
                                    match user.await {
                                        Ok(Some(user)) => {
                                            view! {
                                                <InboxLink unread=user.unread />
                                                <UserMenu name=user.name />
                                            }
                                                .into_any()
                                        }
                                        _ => ().into_any(),
                                    }
                                })}
                            </Transition>
                        </div>
                    </nav>
                </header>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match user.await {
                            Ok(Some(user)) if !user.verified => view! { <ConfirmNotice user /> }.into_any(),
                            _ => ().into_any(),
                        }
                    })}
                </Transition>
                <main class="flex-1 mx-auto w-full max-w-7xl px-4 py-6">
                    // Async: wait for the data so the first HTML is complete, readable without
                    // JavaScript, and holds every island when the island script looks for them.
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                        <Route path=path!("/boards") view=BoardsPage ssr=SsrMode::Async />
                        <Route path=path!("/boards/new") view=NewBoardPage ssr=SsrMode::Async />
                        <Route path=path!("/boards/:id") view=BoardPage ssr=SsrMode::Async />
                        <Route path=path!("/boards/:id/tasks/new") view=NewTaskPage ssr=SsrMode::Async />
                        <Route path=path!("/boards/:id/members") view=MembersPageView ssr=SsrMode::Async />
                        <Route path=path!("/boards/:id/trash") view=TrashPageView ssr=SsrMode::Async />
                        <Route path=path!("/boards/:id/labels") view=LabelsPageView ssr=SsrMode::Async />
                        <Route path=path!("/boards/:id/webhooks") view=WebhooksPageView ssr=SsrMode::Async />
                        <Route path=path!("/boards/:id/import") view=ImportUploadPage ssr=SsrMode::Async />
                        <Route path=path!("/boards/:id/import/:import") view=ImportPreviewPage ssr=SsrMode::Async />
                        <Route path=path!("/invite/:token") view=InvitePage ssr=SsrMode::Async />
                        <Route path=path!("/tasks/:id") view=TaskDetailPage ssr=SsrMode::Async />
                        <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                        <Route path=path!("/signup") view=SignupPage ssr=SsrMode::Async />
                        <Route path=path!("/forgot-password") view=ForgotPasswordPage ssr=SsrMode::Async />
                        <Route path=path!("/reset-password") view=ResetPasswordPage ssr=SsrMode::Async />
                        <Route path=path!("/verify-email") view=VerifyEmailPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/users") view=AdminUsersPage ssr=SsrMode::Async />
                        <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async />
                        <Route path=path!("/inbox") view=InboxView ssr=SsrMode::Async />
                        <Route path=path!("/unsubscribe/:token") view=UnsubscribePage ssr=SsrMode::Async />
                    </Routes>
                </main>
                <HydrationMarker />
            </div>
        </Router>
    }
}

/// **Inbox**, with the number of unread entries: outside the phone's folded menu, so the count
/// is in sight on every page.
#[component]
fn InboxLink(unread: i64) -> impl IntoView {
    let locale = use_locale();
    // The count is part of the link's name ("Inbox 3 unread"), which starts with what it shows.
    view! {
        <a href="/inbox" class="text-sm text-indigo-700 underline rounded focus-ring inline-flex items-center gap-1">
            {td_string!(locale, inbox.link)}
            {(unread > 0)
                .then(|| {
                    view! {
                        " "
                        <span class="rounded-full bg-indigo-700 px-2 text-xs font-semibold text-white no-underline">
                            {unread}
                            <span class="sr-only">" " {td_string!(locale, inbox.unread_suffix)}</span>
                        </span>
                    }
                })}
        </a>
    }
}

/// The logged-in user's name and the way out: a plain form, no WASM needed, since the server
/// answers a logout with a redirect to the login page.
#[component]
fn UserMenu(name: String) -> impl IntoView {
    use leptos::server_fn::ServerFn;
    let locale = use_locale();
    let link = "text-sm text-indigo-700 underline rounded focus-ring";
    // On a phone the menu folds away under a "Menu" summary (`.fold` shows it from sm up).
    view! {
        <details class="fold">
            <summary class="btn-secondary inline-block cursor-pointer">{td_string!(locale, common.menu)}</summary>
            <div class="flex flex-wrap items-center gap-3 max-sm:mt-2">
                <a href="/boards" class=link>{td_string!(locale, common.boards)}</a>
                <a href="/account" class=link>{td_string!(locale, common.account)}</a>
                <span class="text-sm text-slate-700">{name}</span>
                <form method="post" action=LogOut::url()>
                    <Button variant=ButtonStyle::Secondary>{td_string!(locale, common.log_out)}</Button>
                </form>
            </div>
        </details>
    }
}

/// Light or dark, for everyone (an account remembers it, a visitor's browser keeps a cookie).
/// A plain form, no WASM: of its two buttons the stylesheet shows the one that switches away
/// from the theme in effect, which only the browser knows while the system setting decides.
#[component]
fn ThemeToggle() -> impl IntoView {
    use leptos::server_fn::ServerFn;
    let locale = use_locale();
    // Back to this page afterwards, filters and all.
    let location = leptos_router::hooks::use_location();
    let (path, query) = (location.pathname.get_untracked(), location.search.get_untracked());
    let back = if query.is_empty() { path } else { format!("{path}?{}", query.trim_start_matches('?')) };
    view! {
        <form method="post" action=SetTheme::url()>
            <input type="hidden" name="back" value=back />
            <button type="submit" name="theme" value="dark" class="theme-to-dark btn-secondary">
                {td_string!(locale, common.dark_theme)}
            </button>
            <button type="submit" name="theme" value="light" class="theme-to-light btn-secondary">
                {td_string!(locale, common.light_theme)}
            </button>
        </form>
    }
}

/// Until the address is confirmed: a notice on every page, with a way to get a new link.
#[component]
fn ConfirmNotice(user: CurrentUser) -> impl IntoView {
    use leptos::server_fn::ServerFn;
    let locale = use_locale();
    let form = FormSpec::new(ResendConfirmation::url(), td_string!(locale, common.resend_confirmation))
        .accepted(td_string!(locale, common.confirmation_sent));
    view! {
        <div class="mx-auto w-full max-w-7xl px-4 pt-4">
            // A <div>, not <Alert>: that is a <p>, which may not hold the form.
            <div class=format!("{} flex flex-wrap items-center justify-between gap-3", Tone::Warning.class())>
                    <p>
                        {td_string!(locale, common.confirm_notice_before)}
                        <strong class="break-all">{user.email}</strong>
                        {td_string!(locale, common.confirm_notice_after)}
                    </p>
                    <ServerForm form />
            </div>
        </div>
    }
}

/// Marks the page as ready once the browser has hydrated it: the island script hydrates islands
/// in document order, and this is the last one on every page. End-to-end tests wait for it
/// before they click. (Effects run only in the browser.)
#[island]
fn HydrationMarker() -> impl IntoView {
    let hydrated = RwSignal::new(false);
    Effect::new(move || hydrated.set(true));
    view! { <div hidden data-hydrated=move || hydrated.get().then_some("true")></div> }
}
