use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Not found" />
        <h1 class="text-2xl font-semibold">"Page not found"</h1>
        <p class="mt-2">
            "There is nothing at this address. "
            <a href="/boards" class="text-indigo-700 underline">"Back to your boards"</a>
        </p>
    }
}
