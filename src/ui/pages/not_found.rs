use crate::{i18n::*, ui::locale::use_locale};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let locale = use_locale();
    view! {
        <Title text=td_string!(locale, common.not_found_title) />
        <h1 class="text-2xl font-semibold">{td_string!(locale, common.not_found_heading)}</h1>
        <p class="mt-2">
            {td_string!(locale, common.not_found_text)}
            <a href="/boards" class="text-indigo-700 underline">{td_string!(locale, common.back_to_boards)}</a>
        </p>
    }
}
