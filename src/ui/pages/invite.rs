//! `/invite/{token}`: the link in an invitation email. Logged out: sign up with the invited
//! address (shown, not editable), or log in and come back. Logged in with that address: accept.
//! Either way the person lands on the board, a member, with a verified address.

use crate::{
    api::members::{load_invitation, AcceptInvitation, SignUpAndJoin},
    domain::{
        account::{PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS},
        InvitationView, InvitationViewer,
    },
    ui::components::{Alert, Field, FormCard, FormSpec, LoadError, ServerForm, Tone},
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn InvitePage() -> impl IntoView {
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    let invitation = Resource::new(
        {
            let token = token.clone();
            move || token.clone()
        },
        load_invitation,
    );
    view! {
        <Suspense fallback=|| view! { <p>"Loading the invitation…"</p> }>
            {move || {
                let token = token.clone();
                Suspend::new(async move {
                match invitation.await {
                    Ok(InvitationView::Open { board_name, email, viewer }) => {
                        view! { <OpenInvitation token board_name email viewer /> }.into_any()
                    }
                    Ok(InvitationView::Closed { message }) => {
                        view! {
                            <Title text="Invitation" />
                            <FormCard title="Invitation">
                                <Alert tone=Tone::Warning role="alert">{message}</Alert>
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
    let title = format!("Join {board_name}");
    let body = match viewer {
        InvitationViewer::LoggedOut => {
            let password_hint =
                format!("{PASSWORD_MIN_CHARS} to {PASSWORD_MAX_CHARS} characters. A few unrelated words work well.");
            let form = FormSpec::new(SignUpAndJoin::url(), "Sign up and join")
                .hidden("token", &token)
                .field(Field::input("Name", "name", "text").autocomplete("name"))
                .field(Field::input("Password", "password", "password").autocomplete("new-password").hint(password_hint));
            let login = format!("/login?next=/invite/{token}");
            view! {
                <InvitedAddress email />
                <ServerForm form />
                <p class="mt-4 text-sm text-slate-700">
                    "Already have an account with this address? "
                    <a href=login class="text-indigo-700 underline">"Log in"</a>
                </p>
            }
            .into_any()
        }
        InvitationViewer::Invited => {
            let form = FormSpec::new(AcceptInvitation::url(), "Accept invitation").hidden("token", &token);
            view! {
                <InvitedAddress email />
                <ServerForm form />
            }
            .into_any()
        }
        InvitationViewer::OtherAccount { email: mine } => view! {
            <Alert tone=Tone::Warning role="alert">
                {format!("This invitation was sent to {email}, but you are logged in as {mine}. Log out and open the link again to use it.")}
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
    view! {
        <p class="mb-4 text-slate-800">
            "Invited address: " <strong class="break-all">{email}</strong>
        </p>
    }
}
