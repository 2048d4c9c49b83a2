//! `/invite/{token}`: the link in an invitation email. Logged out: sign up with the invited
//! address (shown, not editable), or log in and come back. Logged in with that address: accept.
//! Either way the person lands on the board, a member, with a verified address.

use crate::{
    api::members::{load_invitation, AcceptInvitation, SignUpAndJoin},
    domain::{
        account::{PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS},
        InvitationView, InvitationViewer, Message,
    },
    i18n::*,
    ui::{
        components::{Alert, Field, FormCard, FormSpec, LoadError, ServerForm, Tone},
        locale::use_locale,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn InvitePage() -> impl IntoView {
    let locale = use_locale();
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    let invitation = Resource::new(
        {
            let token = token.clone();
            move || token.clone()
        },
        load_invitation,
    );
    view! {
        <Suspense fallback=move || view! { <p>{td_string!(locale, members.loading_invitation)}</p> }>
            {move || {
                let token = token.clone();
                Suspend::new(async move {
                match invitation.await {
                    Ok(InvitationView::Open { board_name, email, viewer }) => {
                        view! { <OpenInvitation token board_name email viewer /> }.into_any()
                    }
                    Ok(InvitationView::Closed) => {
                        view! {
                            <Title text=td_string!(locale, members.invitation) />
                            <FormCard title=td_string!(locale, members.invitation)>
                                <Alert tone=Tone::Warning role="alert">{Message::InvitationClosed.text(locale)}</Alert>
                            </FormCard>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })
            }}
        </Suspense>
    }
}

#[component]
fn OpenInvitation(token: String, board_name: String, email: String, viewer: InvitationViewer) -> impl IntoView {
    let locale = use_locale();
    let title = td_string!(locale, members.join_board, board = &board_name).to_string();
    let body = match viewer {
        InvitationViewer::LoggedOut => {
            let password_hint =
                td_string!(locale, auth.password_hint, min = PASSWORD_MIN_CHARS, max = PASSWORD_MAX_CHARS).to_string();
            let form = FormSpec::new(SignUpAndJoin::url(), td_string!(locale, members.sign_up_and_join))
                .hidden("token", &token)
                .field(Field::input(td_string!(locale, auth.name), "name", "text").autocomplete("name"))
                .field(
                    Field::input(td_string!(locale, auth.password), "password", "password")
                        .autocomplete("new-password")
                        .hint(password_hint),
                )
                .browser_time_zone("time_zone");
            let login = format!("/login?next=/invite/{token}");
            view! {
                <InvitedAddress email />
                <ServerForm form />
                <p class="mt-4 text-sm text-slate-700">
                    {td_string!(locale, members.has_account)}
                    <a href=login class="text-indigo-700 underline">{td_string!(locale, members.log_in)}</a>
                </p>
            }
            .into_any()
        }
        InvitationViewer::Invited => {
            let form = FormSpec::new(AcceptInvitation::url(), td_string!(locale, members.accept_invitation))
                .hidden("token", &token);
            view! {
                <InvitedAddress email />
                <ServerForm form />
            }
            .into_any()
        }
        InvitationViewer::OtherAccount { email: mine } => view! {
            <Alert tone=Tone::Warning role="alert">
                {td_string!(locale, members.other_account, email = &email, mine = &mine).to_string()}
            </Alert>
        }
        .into_any(),
    };
    view! {
        <Title text=title.clone() />
        <div class="mx-auto mt-8 max-w-sm rounded-lg bg-white p-6 shadow-sm border border-slate-200">
            <h1 class="text-2xl font-semibold mb-4 break-words">{title}</h1>
            {body}
        </div>
    }
}

/// The address the invitation was sent to: the account it makes or joins has this one.
#[component]
fn InvitedAddress(email: String) -> impl IntoView {
    let locale = use_locale();
    view! {
        <p class="mb-4 text-slate-800">
            {td_string!(locale, members.invited_address)} <strong class="break-all">{email}</strong>
        </p>
    }
}
