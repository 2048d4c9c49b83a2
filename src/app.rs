//! The HTML shell, the router and the layout every page shares.

use crate::{
    api::auth::{get_current_user, LogOut, ResendConfirmation},
    domain::CurrentUser,
    ui::components::{Button, ButtonStyle, FormSpec, ServerForm, Tone},
    ui::pages::{
        AdminUsersPage, BoardPage, BoardsPage, ForgotPasswordPage, HomePage, InvitePage, LoginPage, MembersPageView,
        NewBoardPage, NewTaskPage, NotFoundPage, ResetPasswordPage, SignupPage, TaskDetailPage, VerifyEmailPage,
    },
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Link, Meta, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// The document around the app. Only rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // The hydration script must carry this response's CSP nonce.
    #[cfg(feature = "ssr")]
    crate::server::auth::layers::provide_csp_nonce();
    view! {
        <!DOCTYPE html>
        <html lang="en">
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
    // Who is logged in. Logging in or out loads a new page, which asks again.
    let user = Resource::new(|| (), |_| get_current_user());

    view! {
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg" />
        <Meta name="description" content="Taskboard: your team's tasks on one board." />
        // leptos_meta writes the title into the head as it is, unescaped: a task titled
        // `</title><meta http-equiv="refresh" …>` would otherwise redirect everyone who opens it.
        // (Pages are rendered on the server only, so no browser ever sets the escaped text.)
        <Title formatter=|title: String| format!("{} · Taskboard", html_escape::encode_text(&title)) />

        <Router>
            <div class="min-h-screen flex flex-col">
                <header class="bg-white border-b border-slate-200">
                    <nav aria-label="Main" class="mx-auto max-w-7xl px-4 py-3 flex items-center gap-4">
                        <a
                            href="/"
                            class="text-lg font-semibold text-indigo-700 rounded focus-ring"
                        >
                            "Taskboard"
                        </a>
                        <div class="ml-auto flex items-center gap-3">
                            <Transition fallback=|| ()>
                                {move || Suspend::new(async move {
                                    match user.await {
                                        Ok(Some(user)) => view! { <UserMenu name=user.name /> }.into_any(),
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
                        <Route path=path!("/invite/:token") view=InvitePage ssr=SsrMode::Async />
                        <Route path=path!("/tasks/:id") view=TaskDetailPage ssr=SsrMode::Async />
                        <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                        <Route path=path!("/signup") view=SignupPage ssr=SsrMode::Async />
                        <Route path=path!("/forgot-password") view=ForgotPasswordPage ssr=SsrMode::Async />
                        <Route path=path!("/reset-password") view=ResetPasswordPage ssr=SsrMode::Async />
                        <Route path=path!("/verify-email") view=VerifyEmailPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/users") view=AdminUsersPage ssr=SsrMode::Async />
                    </Routes>
                </main>
                <HydrationMarker />
            </div>
        </Router>
    }
}

/// The logged-in user's name and the way out: a plain form, no WASM needed, since the server
/// answers a logout with a redirect to the login page.
#[component]
fn UserMenu(name: String) -> impl IntoView {
    use leptos::server_fn::ServerFn;
    view! {
        <a href="/boards" class="text-sm text-indigo-700 underline rounded focus-ring">"Boards"</a>
        <span class="text-sm text-slate-700">{name}</span>
        <form method="post" action=LogOut::url()>
            <Button variant=ButtonStyle::Secondary>"Log out"</Button>
        </form>
    }
}

/// Until the address is confirmed: a notice on every page, with a way to get a new link.
#[component]
fn ConfirmNotice(user: CurrentUser) -> impl IntoView {
    use leptos::server_fn::ServerFn;
    let form = FormSpec::new(ResendConfirmation::url(), "Resend confirmation email")
        .accepted("Sent. Check your inbox (and the spam folder).");
    view! {
        <div class="mx-auto w-full max-w-7xl px-4 pt-4">
            // A <div>, not <Alert>: that is a <p>, which may not hold the form.
            <div class=format!("{} flex flex-wrap items-center justify-between gap-3", Tone::Warning.class())>
                    <p>
                        "Please confirm your email address: we sent a link to "
                        <strong class="break-all">{user.email}</strong>
                        ". Until then Taskboard sends you no notifications and you cannot invite anyone."
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
