//! `/account`: the logged-in person's language, time zone and theme, and how notifications
//! reach them.

use crate::{
    api::{
        account::{load_account_settings, SaveHandle, SavePreferences},
        inbox::{load_notification_settings, SaveNotificationSettings},
    },
    domain::{
        notifications::{EmailMode, NotificationSettings},
        preferences::{AccountSettings, AUTOMATIC},
    },
    i18n::*,
    ui::{
        components::{Field, FormCard, FormSpec, LoadError, ServerForm},
        locale::use_locale,
        pages::account_tokens::ApiTokensSection,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_i18n::Locale as _;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AccountPage() -> impl IntoView {
    let locale = use_locale();
    let (saved, notifications_saved, handle_saved, token_revoked, revoking) = use_query_map().with_untracked(|query| {
        let said = |key: &str| query.get(key).is_some();
        let revoking = query.get("revoke").and_then(|id| id.parse::<i64>().ok());
        (said("saved"), said("notifications_saved"), said("handle_saved"), said("token_revoked"), revoking)
    });
    let settings = Resource::new(|| (), |_| load_account_settings());
    let notifications = Resource::new(|| (), |_| load_notification_settings());
    view! {
        <Title text=td_string!(locale, account.title) />
        <FormCard title=td_string!(locale, account.heading)>
            <Suspense fallback=move || view! { <p>{td_string!(locale, common.loading)}</p> }>
                {move || Suspend::new(async move {
                    match settings.await {
                        Ok(settings) => {
                            let handle = handle_form(&settings.handle, handle_saved);
                            view! {
                                <ServerForm form=settings_form(settings, saved) />
                                <section
                                    id="handle"
                                    aria-labelledby="handle-heading"
                                    class="mt-8 border-t border-slate-200 pt-6"
                                >
                                    <h2 id="handle-heading" class="text-xl font-semibold mb-4">
                                        {td_string!(locale, account.mentions)}
                                    </h2>
                                    <ServerForm form=handle />
                                </section>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                })}
            </Suspense>
            <section id="notifications" aria-labelledby="notifications-heading" class="mt-8 border-t border-slate-200 pt-6">
                <h2 id="notifications-heading" class="text-xl font-semibold mb-4">
                    {td_string!(locale, account.notifications)}
                </h2>
                <Suspense fallback=move || view! { <p>{td_string!(locale, common.loading)}</p> }>
                    {move || Suspend::new(async move {
                        match notifications.await {
                            Ok(settings) => {
                                view! { <ServerForm form=notifications_form(settings, notifications_saved) /> }.into_any()
                            }
                            Err(error) => view! { <LoadError error /> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
            <ApiTokensSection revoked=token_revoked asking=revoking />
        </FormCard>
    }
}

fn notifications_form(settings: NotificationSettings, saved: bool) -> FormSpec {
    let locale = use_locale();
    let modes = EmailMode::ALL
        .into_iter()
        .map(|mode| {
            let label = match mode {
                EmailMode::Every => td_string!(locale, account.emails_every),
                EmailMode::Digest => td_string!(locale, account.emails_digest),
                EmailMode::Never => td_string!(locale, account.emails_never),
            };
            (mode.as_str().to_owned(), label.to_owned())
        })
        .collect();
    FormSpec::new(SaveNotificationSettings::url(), td_string!(locale, account.save_notifications))
        .field(
            Field::select(td_string!(locale, account.emails), "emails", modes)
                .value(settings.emails.as_str())
                .hint(td_string!(locale, account.emails_hint)),
        )
        .field(
            Field::checkbox(
                td_string!(locale, account.deadline_reminders),
                "deadline_reminders",
                settings.deadline_reminders,
            )
            .hint(td_string!(locale, account.deadline_reminders_hint)),
        )
        .notice(saved.then_some(td_string!(locale, account.notifications_saved)))
}

fn handle_form(handle: &str, saved: bool) -> FormSpec {
    let locale = use_locale();
    FormSpec::new(SaveHandle::url(), td_string!(locale, account.save_handle))
        .field(
            Field::input(td_string!(locale, account.handle), "handle", "text")
                .value(handle.to_owned())
                .autocomplete("off")
                .hint(td_string!(locale, account.handle_hint)),
        )
        .notice(saved.then_some(td_string!(locale, account.handle_saved)))
}

fn settings_form(settings: AccountSettings, saved: bool) -> FormSpec {
    let locale = use_locale();
    let AccountSettings { preferences, time_zones, .. } = settings;
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
