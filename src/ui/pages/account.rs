//! `/account`: the logged-in person's language, time zone and theme.

use crate::{
    api::account::{load_account_settings, SavePreferences},
    domain::preferences::{AccountSettings, AUTOMATIC},
    i18n::*,
    ui::{
        components::{Field, FormCard, FormSpec, LoadError, ServerForm},
        locale::use_locale,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_i18n::Locale as _;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AccountPage() -> impl IntoView {
    let locale = use_locale();
    let saved = use_query_map().with_untracked(|query| query.get("saved").is_some());
    let settings = Resource::new(|| (), |_| load_account_settings());
    view! {
        <Title text=td_string!(locale, account.title) />
        <FormCard title=td_string!(locale, account.heading)>
            <Suspense fallback=move || view! { <p>{td_string!(locale, common.loading)}</p> }>
                {move || Suspend::new(async move {
                    match settings.await {
                        Ok(settings) => view! { <ServerForm form=settings_form(settings, saved) /> }.into_any(),
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                })}
            </Suspense>
        </FormCard>
    }
}

fn settings_form(settings: AccountSettings, saved: bool) -> FormSpec {
    let locale = use_locale();
    let AccountSettings { preferences, time_zones } = settings;
    // Each language is named in itself, so whoever reads the page finds their own.
    let languages = vec![("en".to_owned(), "English".to_owned()), ("ko".to_owned(), "한국어".to_owned())];
    let zones = time_zones.into_iter().map(|zone| (zone.clone(), zone)).collect();
    let themes = vec![
        (AUTOMATIC.to_owned(), td_string!(locale, account.theme_system).to_owned()),
        ("light".to_owned(), td_string!(locale, account.theme_light).to_owned()),
        ("dark".to_owned(), td_string!(locale, account.theme_dark).to_owned()),
    ];
    FormSpec::new(SavePreferences::url(), td_string!(locale, account.save))
        .field(
            Field::select(td_string!(locale, account.language), "language", languages)
                .value(preferences.language.unwrap_or(locale).as_str()),
        )
        .field(
            Field::select(td_string!(locale, account.time_zone), "time_zone", zones)
                .value(preferences.time_zone)
                .hint(td_string!(locale, account.time_zone_hint)),
        )
        .field(
            Field::select(td_string!(locale, account.theme), "theme", themes)
                .value(preferences.theme.map_or(AUTOMATIC, |theme| theme.as_str())),
        )
        .notice(saved.then_some(td_string!(locale, account.saved)))
}
