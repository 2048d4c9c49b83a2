//! The HTML shell, the router and the layout every page shares.

use crate::{
    api::auth::get_current_user,
    ui::{
        auth::AuthActions,
        pages::{
            BoardPage, ForgotPasswordPage, LoginPage, NewTaskPage, NotFoundPage, ResetPasswordPage, SignupPage,
            TaskDetailPage,
        },
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
                <HydrationScripts options />
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
    let actions = AuthActions::new();
    provide_context(actions);
    // Who is logged in; asked again whenever a login, sign-up or logout completes.
    let user = Resource::new(move || actions.version(), |_| get_current_user());

    // Effects only run in the browser, so this flips once hydration has attached the page.
    // End-to-end tests wait for it before they click.
    let hydrated = RwSignal::new(false);
    Effect::new(move || hydrated.set(true));

    view! {
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg" />
        <Meta name="description" content="Taskboard: your team's tasks on one board." />
        <Title formatter=|title: String| format!("{title} · Taskboard") />

        <Router>
            <div class="min-h-screen flex flex-col" data-hydrated=move || hydrated.get().then_some("true")>
                <header class="bg-white border-b border-slate-200">
                    <nav aria-label="Main" class="mx-auto max-w-7xl px-4 py-3 flex items-center gap-4">
                        <a
                            href="/"
                            class="text-lg font-semibold text-indigo-700 rounded focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
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
                <main class="flex-1 mx-auto w-full max-w-7xl px-4 py-6">
                    // Async: wait for the data so the first HTML is complete and readable
                    // without JavaScript.
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("/") view=BoardPage ssr=SsrMode::Async />
                        <Route path=path!("/tasks/new") view=NewTaskPage ssr=SsrMode::Async />
                        <Route path=path!("/tasks/:id") view=TaskDetailPage ssr=SsrMode::Async />
                        <Route path=path!("/login") view=LoginPage />
                        <Route path=path!("/signup") view=SignupPage />
                        <Route path=path!("/forgot-password") view=ForgotPasswordPage />
                        <Route path=path!("/reset-password") view=ResetPasswordPage />
                    </Routes>
                </main>
            </div>
        </Router>
    }
}

/// The logged-in user's name and the way out.
#[component]
fn UserMenu(name: String) -> impl IntoView {
    let log_out = expect_context::<AuthActions>().log_out;
    view! {
        <span class="text-sm text-slate-700">{name}</span>
        <ActionForm action=log_out>
            <button
                type="submit"
                class="rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
            >
                "Log out"
            </button>
        </ActionForm>
    }
}
