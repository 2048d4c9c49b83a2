//! `/admin/users` (instance admins only; a 404 for everyone else): every account, and
//! deactivating or reactivating one. Plain forms: the server answers each with this page again.

use crate::{
    api::admin::{list_users, SetUserActive},
    domain::{admin::UserListing, AppError},
    i18n::*,
    ui::{
        components::{Button, ButtonStyle, LoadError},
        locale::use_locale,
        pages::NotFoundPage,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let locale = use_locale();
    let users = Resource::new(|| (), |_| list_users());
    view! {
        <Suspense fallback=move || view! { <p>{td_string!(locale, members.loading_users)}</p> }>
            {move || Suspend::new(async move {
                match users.await {
                    Ok(users) => view! { <UserList users /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn UserList(users: Vec<UserListing>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <Title text=td_string!(locale, members.users) />
        <h1 class="text-2xl font-semibold mb-4">{td_string!(locale, members.users)}</h1>
        <ul class="rounded-lg bg-white shadow-sm border border-slate-200 divide-y divide-slate-200">
            {users
                .into_iter()
                .map(|user| {
                    let status = match (user.active, user.verified) {
                        (false, _) => td_string!(locale, members.deactivated),
                        (true, true) => td_string!(locale, members.active),
                        (true, false) => td_string!(locale, members.active_unconfirmed),
                    };
                    let control = (!user.is_viewer)
                        .then(|| {
                            let (label, active) = if user.active {
                                (td_string!(locale, members.deactivate, name = &user.name).to_string(), "false")
                            } else {
                                (td_string!(locale, members.reactivate, name = &user.name).to_string(), "true")
                            };
                            let style = if user.active { ButtonStyle::DangerOutline } else { ButtonStyle::Secondary };
                            view! {
                                <form method="post" action=SetUserActive::url()>
                                    <input type="hidden" name="user" value=user.id.to_string() />
                                    <input type="hidden" name="active" value=active />
                                    <Button variant=style>{label}</Button>
                                </form>
                            }
                        });
                    view! {
                        <li class="p-4 flex flex-wrap items-center justify-between gap-3">
                            <div class="min-w-0">
                                <p class="font-medium break-words">
                                    {user.name.clone()} {user.is_viewer.then_some(td_string!(locale, members.you))}
                                </p>
                                <p class="text-sm text-slate-700 break-all">{user.email.clone()}</p>
                            </div>
                            <div class="flex items-center gap-3">
                                <span class="text-sm text-slate-700">{status}</span>
                                {control}
                            </div>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
