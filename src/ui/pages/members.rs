//! `/boards/{id}/members`: who is on the board. An admin invites by email, revokes open
//! invitations, changes roles and removes members; anyone but the last admin may leave.
//! Confirmations and the role form are page states in the URL (`?remove={id}`,
//! `?role_for={id}`, `?leave=1`), so every step works without JavaScript.

use crate::{
    api::{
        board::{DeleteBoard, RenameBoard},
        members::{load_activity, load_members, ChangeRole, Invite, LeaveBoard, RemoveMember, RevokeInvitation},
    },
    domain::{dates, AppError, BoardRole, Member, MembersPage, PendingInvitation},
    i18n::*,
    ui::{
        components::{
            Alert, BackToBoard, Button, ButtonStyle, Field, FormSpec, HistoryList, LoadError, ServerForm, Tone,
        },
        locale::use_locale,
        pages::{board::board_id_param, NotFoundPage},
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// What the URL asks the page to show besides the list.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    List,
    ConfirmRemove(i64),
    EditRole(i64),
    ConfirmLeave,
    ConfirmDeleteBoard,
}

/// What the last form's redirect came back to say (`?invited=1`, `?renamed=1`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Notice {
    Invited,
    Renamed,
}

#[component]
pub fn MembersPageView() -> impl IntoView {
    let locale = use_locale();
    let board = board_id_param();
    let (step, notice) = use_query_map().with_untracked(|q| {
        let id = |name: &str| q.get(name).and_then(|v| v.parse::<i64>().ok());
        let step = match (id("remove"), id("role_for"), q.get("leave").is_some(), q.get("delete_board").is_some()) {
            (Some(member), ..) => Step::ConfirmRemove(member),
            (_, Some(member), ..) => Step::EditRole(member),
            (_, _, true, _) => Step::ConfirmLeave,
            (.., true) => Step::ConfirmDeleteBoard,
            _ => Step::List,
        };
        let notice = if q.get("invited").is_some() {
            Some(Notice::Invited)
        } else if q.get("renamed").is_some() {
            Some(Notice::Renamed)
        } else {
            None
        };
        (step, notice)
    });
    let page = Resource::new(
        move || board,
        |board| async move {
            match board {
                Some(board) => load_members(board).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=move || view! { <p>{td_string!(locale, members.loading_members)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <Members page step notice /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Members(page: MembersPage, step: Step, notice: Option<Notice>) -> impl IntoView {
    let locale = use_locale();
    let board = page.board.clone();
    let here = format!("/boards/{}/members", board.id);
    let is_admin = board.role.is_admin();
    let can_leave = page.can_leave();
    let viewer = page.viewer_id;
    let named = |id: i64| page.members.iter().find(|m| m.id == id).cloned();
    let panel = match step {
        Step::ConfirmRemove(id) if is_admin && id != viewer => {
            named(id).map(|member| view! { <ConfirmRemove board=board.id member here=here.clone() /> }.into_any())
        }
        Step::EditRole(id) if is_admin => {
            named(id).map(|member| view! { <EditRole board=board.id member here=here.clone() /> }.into_any())
        }
        Step::ConfirmLeave if can_leave => Some(view! { <ConfirmLeave board=board.id here=here.clone() /> }.into_any()),
        Step::ConfirmDeleteBoard if is_admin => {
            Some(view! { <ConfirmDeleteBoard board=board.id name=board.name.clone() here=here.clone() /> }.into_any())
        }
        _ => None,
    };
    // One form at a time holds a "Role" field: the invitation form waits while another is open.
    let invite = (is_admin && panel.is_none())
        .then(|| view! { <InviteForm board=board.id invited=notice == Some(Notice::Invited) /> });
    let settings = (is_admin && panel.is_none()).then(|| {
        view! {
            <BoardSettings board=board.id name=board.name.clone() here=here.clone() renamed=notice == Some(Notice::Renamed) />
        }
    });
    let invitations = is_admin.then(|| view! { <Invitations board=board.id invitations=page.invitations.clone() /> });
    view! {
        <Title text=td_string!(locale, members.title, board = &board.name).to_string() />
        <BackToBoard id=board.id name=board.name.clone() />
        <h1 class="text-2xl font-semibold mb-4">{td_string!(locale, members.members)}</h1>
        <div class="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] items-start">
            <section aria-labelledby="members-heading" class="rounded-lg bg-white p-6 shadow-sm border border-slate-200">
                <h2 id="members-heading" class="sr-only">{td_string!(locale, members.members)}</h2>
                <ul class="flex flex-col divide-y divide-slate-200">
                    {page
                        .members
                        .iter()
                        .cloned()
                        .map(|member| {
                            view! { <MemberRow member viewer is_admin here=here.clone() /> }
                        })
                        .collect_view()}
                </ul>
                <Activity board=board.id here=here.clone() />
                {can_leave
                    .then(|| {
                        view! {
                            <form method="get" action=here.clone() class="mt-4">
                                <input type="hidden" name="leave" value="1" />
                                <Button variant=ButtonStyle::DangerOutline>{td_string!(locale, members.leave_board)}</Button>
                            </form>
                        }
                    })}
            </section>
            <div class="flex flex-col gap-6">{panel} {invite} {invitations} {settings}</div>
        </div>
    }
}

#[component]
fn MemberRow(member: Member, viewer: i64, is_admin: bool, here: String) -> impl IntoView {
    let locale = use_locale();
    let is_viewer = member.id == viewer;
    let manage = (is_admin && !is_viewer).then(|| {
        let id = member.id.to_string();
        let change_role = td_string!(locale, members.change_role_of, name = &member.name).to_string();
        let remove = td_string!(locale, members.remove_name, name = &member.name).to_string();
        view! {
            <div class="flex flex-wrap gap-2">
                <form method="get" action=here.clone()>
                    <input type="hidden" name="role_for" value=id.clone() />
                    <Button variant=ButtonStyle::Secondary>{change_role}</Button>
                </form>
                <form method="get" action=here.clone()>
                    <input type="hidden" name="remove" value=id />
                    <Button variant=ButtonStyle::DangerOutline>{remove}</Button>
                </form>
            </div>
        }
    });
    // An admin changes their own role from here too (unless they are the last one).
    let own_role = (is_admin && is_viewer).then(|| {
        view! {
            <form method="get" action=here.clone()>
                <input type="hidden" name="role_for" value=member.id.to_string() />
                <Button variant=ButtonStyle::Secondary>{td_string!(locale, members.change_my_role)}</Button>
            </form>
        }
    });
    view! {
        <li class="py-3 flex flex-wrap items-center justify-between gap-3">
            <div class="min-w-0">
                <p class="font-medium break-words">
                    {member.name.clone()} {is_viewer.then_some(td_string!(locale, members.you))}
                </p>
                <p class="text-sm text-slate-700 break-all">
                    <span class="font-mono">{format!("@{}", member.handle)}</span>
                    " · "
                    {member.email.clone()}
                </p>
            </div>
            <div class="flex flex-wrap items-center gap-3">
                <span class="rounded-full bg-slate-100 px-2 py-0.5 text-sm text-slate-800">{member.role.text(locale)}</span>
                {manage}
                {own_role}
            </div>
        </li>
    }
}

fn role_options() -> Vec<(String, String)> {
    let locale = use_locale();
    BoardRole::ALL.into_iter().map(|role| (role.as_str().to_owned(), role.text(locale).to_owned())).collect()
}

#[component]
fn InviteForm(board: i64, invited: bool) -> impl IntoView {
    let locale = use_locale();
    let form = FormSpec::new(Invite::url(), td_string!(locale, members.invite))
        .hidden("board", board)
        .field(Field::input(td_string!(locale, members.email), "email", "email").inputmode("email").autocomplete("off"))
        .field(
            Field::select(td_string!(locale, members.role), "role", role_options()).value(BoardRole::Member.as_str()),
        )
        .notice(invited.then_some(td_string!(locale, members.invitation_sent)));
    view! {
        <section aria-labelledby="invite-heading" class="rounded-lg bg-white p-6 shadow-sm border border-slate-200">
            <h2 id="invite-heading" class="text-lg font-semibold mb-2">{td_string!(locale, members.invite_someone)}</h2>
            <p class="mb-4 text-sm text-slate-700">{td_string!(locale, members.invite_text)}</p>
            <ServerForm form />
        </section>
    }
}

#[component]
fn Invitations(board: i64, invitations: Vec<PendingInvitation>) -> impl IntoView {
    let locale = use_locale();
    let empty = invitations.is_empty();
    view! {
        <section aria-labelledby="invitations-heading" class="rounded-lg bg-white p-6 shadow-sm border border-slate-200">
            <h2 id="invitations-heading" class="text-lg font-semibold mb-2">
                {td_string!(locale, members.open_invitations)}
            </h2>
            {empty.then(|| view! { <p class="text-sm text-slate-700">{td_string!(locale, members.none)}</p> })}
            <ul class="flex flex-col gap-3">
                {invitations
                    .into_iter()
                    .map(|invitation| {
                        let revoke = td_string!(locale, members.revoke_for, email = &invitation.email).to_string();
                        let until = td_string!(locale, members.until, date = dates::date(locale, invitation.expires_at.date()))
                            .to_string();
                        let form = FormSpec::new(RevokeInvitation::url(), &revoke)
                            .hidden("board", board)
                            .hidden("invitation", invitation.id);
                        view! {
                            <li class="flex flex-col gap-1">
                                <p class="break-all">
                                    {invitation.email.clone()} " · " {invitation.role.text(locale)} " · " {until}
                                </p>
                                <ServerForm form />
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn ConfirmRemove(board: i64, member: Member, here: String) -> impl IntoView {
    let locale = use_locale();
    let form = FormSpec::new(RemoveMember::url(), td_string!(locale, members.remove))
        .hidden("board", board)
        .hidden("member", member.id)
        .danger()
        .cancel(&here);
    view! {
        <section aria-labelledby="remove-heading" class="rounded-lg bg-white p-6 shadow-sm border border-red-200 flex flex-col gap-3">
            <h2 id="remove-heading" class="text-lg font-semibold">
                {td_string!(locale, members.remove_name, name = &member.name).to_string()}
            </h2>
            <p>{td_string!(locale, members.remove_question, name = &member.name).to_string()}</p>
            <ServerForm form />
        </section>
    }
}

#[component]
fn EditRole(board: i64, member: Member, here: String) -> impl IntoView {
    let locale = use_locale();
    let form = FormSpec::new(ChangeRole::url(), td_string!(locale, members.save_role))
        .hidden("board", board)
        .hidden("member", member.id)
        .field(Field::select(td_string!(locale, members.role), "role", role_options()).value(member.role.as_str()))
        .cancel(&here);
    view! {
        <section aria-labelledby="role-heading" class="rounded-lg bg-white p-6 shadow-sm border border-slate-200 flex flex-col gap-3">
            <h2 id="role-heading" class="text-lg font-semibold">
                {td_string!(locale, members.role_of, name = &member.name).to_string()}
            </h2>
            <p class="text-sm text-slate-700">{td_string!(locale, members.admins_explained)}</p>
            <ServerForm form />
        </section>
    }
}

#[component]
fn ConfirmLeave(board: i64, here: String) -> impl IntoView {
    let locale = use_locale();
    let form = FormSpec::new(LeaveBoard::url(), td_string!(locale, members.leave))
        .hidden("board", board)
        .danger()
        .cancel(&here);
    view! {
        <section aria-labelledby="leave-heading" class="rounded-lg bg-white p-6 shadow-sm border border-red-200 flex flex-col gap-3">
            <h2 id="leave-heading" class="text-lg font-semibold">{td_string!(locale, members.leave_board)}</h2>
            <Alert tone=Tone::Warning>{td_string!(locale, members.leave_warning)}</Alert>
            <ServerForm form />
        </section>
    }
}

/// The board's name, and deleting it (admins).
#[component]
fn BoardSettings(board: i64, name: String, here: String, renamed: bool) -> impl IntoView {
    let locale = use_locale();
    let form = FormSpec::new(RenameBoard::url(), td_string!(locale, members.rename_board))
        .hidden("board", board)
        .field(Field::input(td_string!(locale, members.board_name), "name", "text").value(name))
        .notice(renamed.then_some(td_string!(locale, members.board_renamed)));
    view! {
        <section aria-labelledby="settings-heading" class="rounded-lg bg-white p-6 shadow-sm border border-slate-200 flex flex-col gap-4">
            <h2 id="settings-heading" class="text-lg font-semibold">{td_string!(locale, members.board)}</h2>
            <ServerForm form />
            <form method="get" action=here>
                <input type="hidden" name="delete_board" value="1" />
                <Button variant=ButtonStyle::DangerOutline>{td_string!(locale, members.delete_board)}</Button>
            </form>
        </section>
    }
}

#[component]
fn ConfirmDeleteBoard(board: i64, name: String, here: String) -> impl IntoView {
    let locale = use_locale();
    let form = FormSpec::new(DeleteBoard::url(), td_string!(locale, members.delete))
        .hidden("board", board)
        .danger()
        .cancel(&here);
    view! {
        <section aria-labelledby="delete-board-heading" class="rounded-lg bg-white p-6 shadow-sm border border-red-200 flex flex-col gap-3">
            <h2 id="delete-board-heading" class="text-lg font-semibold">{td_string!(locale, members.delete_board)}</h2>
            <p>{td_string!(locale, members.delete_board_question, name = &name).to_string()}</p>
            <ServerForm form />
        </section>
    }
}

/// The board's activity from the audit trail: who created, renamed, invited, joined, left.
#[component]
fn Activity(board: i64, here: String) -> impl IntoView {
    let locale = use_locale();
    let before = use_query_map().with_untracked(|q| q.get("history_before").and_then(|b| b.parse::<i32>().ok()));
    let activity = Resource::new(move || (board, before), |(board, before)| load_activity(board, before));
    view! {
        <section aria-labelledby="activity-heading" class="mt-6 border-t border-slate-200 pt-4">
            <h2 id="activity-heading" class="text-lg font-semibold">{td_string!(locale, members.activity)}</h2>
            <Suspense fallback=move || {
                view! { <p class="text-sm text-slate-600">{td_string!(locale, members.loading_activity)}</p> }
            }>
                {move || {
                    let here = here.clone();
                    Suspend::new(async move {
                        match activity.await {
                            Ok(history) => {
                                view! { <HistoryList history path=here anchor="activity-heading" paged=before.is_some() /> }
                                    .into_any()
                            }
                            Err(_) => {
                                view! { <p class="text-sm text-slate-600">{td_string!(locale, members.activity_unavailable)}</p> }
                                    .into_any()
                            }
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}
