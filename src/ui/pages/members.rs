//! `/boards/{id}/members`: who is on the board. An admin invites by email, revokes open
//! invitations, changes roles and removes members; anyone but the last admin may leave.
//! Confirmations and the role form are page states in the URL (`?remove={id}`,
//! `?role_for={id}`, `?leave=1`), so every step works without JavaScript.

use crate::{
    api::{
        board::{DeleteBoard, RenameBoard},
        members::{load_activity, load_members, ChangeRole, Invite, LeaveBoard, RemoveMember, RevokeInvitation},
    },
    domain::{AppError, BoardRole, Member, MembersPage, PendingInvitation},
    ui::{
        components::{Alert, Button, ButtonStyle, Field, FormSpec, HistoryList, LoadError, ServerForm, Tone},
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

#[component]
pub fn MembersPageView() -> impl IntoView {
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
            Some("Invitation sent.")
        } else if q.get("renamed").is_some() {
            Some("Board renamed.")
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
        <Suspense fallback=|| view! { <p>"Loading the members…"</p> }>
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
fn Members(page: MembersPage, step: Step, notice: Option<&'static str>) -> impl IntoView {
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
        .then(|| view! { <InviteForm board=board.id invited=notice == Some("Invitation sent.") /> });
    let settings = (is_admin && panel.is_none()).then(|| {
        view! {
            <BoardSettings board=board.id name=board.name.clone() here=here.clone() renamed=notice == Some("Board renamed.") />
        }
    });
    let invitations = is_admin.then(|| view! { <Invitations board=board.id invitations=page.invitations.clone() /> });
    view! {
        <Title text=format!("Members · {}", board.name) />
        <p class="mb-4">
            <a href=format!("/boards/{}", board.id) class="text-indigo-700 underline rounded focus-ring break-words">
                "← " {board.name.clone()}
            </a>
        </p>
        <h1 class="text-2xl font-semibold mb-4">"Members"</h1>
        <div class="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] items-start">
            <section aria-labelledby="members-heading" class="rounded-lg bg-white p-6 shadow-sm border border-slate-200">
                <h2 id="members-heading" class="sr-only">"Members"</h2>
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
                                <Button variant=ButtonStyle::DangerOutline>"Leave board"</Button>
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
    let is_viewer = member.id == viewer;
    let manage = (is_admin && !is_viewer).then(|| {
        let (id, name) = (member.id.to_string(), member.name.clone());
        view! {
            <div class="flex flex-wrap gap-2">
                <form method="get" action=here.clone()>
                    <input type="hidden" name="role_for" value=id.clone() />
                    <Button variant=ButtonStyle::Secondary>{format!("Change role of {name}")}</Button>
                </form>
                <form method="get" action=here.clone()>
                    <input type="hidden" name="remove" value=id />
                    <Button variant=ButtonStyle::DangerOutline>{format!("Remove {name}")}</Button>
                </form>
            </div>
        }
    });
    // An admin changes their own role from here too (unless they are the last one).
    let own_role = (is_admin && is_viewer).then(|| {
        view! {
            <form method="get" action=here.clone()>
                <input type="hidden" name="role_for" value=member.id.to_string() />
                <Button variant=ButtonStyle::Secondary>"Change my role"</Button>
            </form>
        }
    });
    view! {
        <li class="py-3 flex flex-wrap items-center justify-between gap-3">
            <div class="min-w-0">
                <p class="font-medium break-words">
                    {member.name.clone()} {is_viewer.then_some(" (you)")}
                </p>
                <p class="text-sm text-slate-700 break-all">{member.email.clone()}</p>
            </div>
            <div class="flex flex-wrap items-center gap-3">
                <span class="rounded-full bg-slate-100 px-2 py-0.5 text-sm text-slate-800">{member.role.label()}</span>
                {manage}
                {own_role}
            </div>
        </li>
    }
}

fn role_options() -> Vec<(String, String)> {
    BoardRole::ALL.into_iter().map(|role| (role.as_str().to_owned(), role.label().to_owned())).collect()
}

#[component]
fn InviteForm(board: i64, invited: bool) -> impl IntoView {
    let form = FormSpec::new(Invite::url(), "Invite")
        .hidden("board", board)
        .field(Field::input("Email", "email", "email").inputmode("email").autocomplete("off"))
        .field(Field::select("Role", "role", role_options()).value(BoardRole::Member.as_str()))
        .notice(invited.then_some("Invitation sent."));
    view! {
        <section aria-labelledby="invite-heading" class="rounded-lg bg-white p-6 shadow-sm border border-slate-200">
            <h2 id="invite-heading" class="text-lg font-semibold mb-2">"Invite someone"</h2>
            <p class="mb-4 text-sm text-slate-700">"They get an email with a link to join, valid for 7 days."</p>
            <ServerForm form />
        </section>
    }
}

#[component]
fn Invitations(board: i64, invitations: Vec<PendingInvitation>) -> impl IntoView {
    let empty = invitations.is_empty();
    view! {
        <section aria-labelledby="invitations-heading" class="rounded-lg bg-white p-6 shadow-sm border border-slate-200">
            <h2 id="invitations-heading" class="text-lg font-semibold mb-2">"Open invitations"</h2>
            {empty.then(|| view! { <p class="text-sm text-slate-700">"None."</p> })}
            <ul class="flex flex-col gap-3">
                {invitations
                    .into_iter()
                    .map(|invitation| {
                        let form = FormSpec::new(RevokeInvitation::url(), &format!("Revoke invitation for {}", invitation.email))
                            .hidden("board", board)
                            .hidden("invitation", invitation.id);
                        view! {
                            <li class="flex flex-col gap-1">
                                <p class="break-all">
                                    {invitation.email.clone()} " · " {invitation.role.label()} " · until "
                                    {invitation.expires_at.format("%Y-%m-%d").to_string()}
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
    let form = FormSpec::new(RemoveMember::url(), "Remove")
        .hidden("board", board)
        .hidden("member", member.id)
        .danger()
        .cancel(&here);
    view! {
        <section aria-labelledby="remove-heading" class="rounded-lg bg-white p-6 shadow-sm border border-red-200 flex flex-col gap-3">
            <h2 id="remove-heading" class="text-lg font-semibold">{format!("Remove {}", member.name)}</h2>
            <p>
                {format!(
                    "Remove {} from the board? They lose access at once, and the tasks they are in charge of here become unassigned.",
                    member.name,
                )}
            </p>
            <ServerForm form />
        </section>
    }
}

#[component]
fn EditRole(board: i64, member: Member, here: String) -> impl IntoView {
    let form = FormSpec::new(ChangeRole::url(), "Save role")
        .hidden("board", board)
        .hidden("member", member.id)
        .field(Field::select("Role", "role", role_options()).value(member.role.as_str()))
        .cancel(&here);
    view! {
        <section aria-labelledby="role-heading" class="rounded-lg bg-white p-6 shadow-sm border border-slate-200 flex flex-col gap-3">
            <h2 id="role-heading" class="text-lg font-semibold">{format!("Role of {}", member.name)}</h2>
            <p class="text-sm text-slate-700">"Admins manage the board and its members and may edit every task on it."</p>
            <ServerForm form />
        </section>
    }
}

#[component]
fn ConfirmLeave(board: i64, here: String) -> impl IntoView {
    let form = FormSpec::new(LeaveBoard::url(), "Leave").hidden("board", board).danger().cancel(&here);
    view! {
        <section aria-labelledby="leave-heading" class="rounded-lg bg-white p-6 shadow-sm border border-red-200 flex flex-col gap-3">
            <h2 id="leave-heading" class="text-lg font-semibold">"Leave board"</h2>
            <Alert tone=Tone::Warning>
                "You lose access to this board and its tasks at once; the tasks you are in charge of here become unassigned."
            </Alert>
            <ServerForm form />
        </section>
    }
}

/// The board's name, and deleting it (admins).
#[component]
fn BoardSettings(board: i64, name: String, here: String, renamed: bool) -> impl IntoView {
    let form = FormSpec::new(RenameBoard::url(), "Rename board")
        .hidden("board", board)
        .field(Field::input("Board name", "name", "text").value(name))
        .notice(renamed.then_some("Board renamed."));
    view! {
        <section aria-labelledby="settings-heading" class="rounded-lg bg-white p-6 shadow-sm border border-slate-200 flex flex-col gap-4">
            <h2 id="settings-heading" class="text-lg font-semibold">"Board"</h2>
            <ServerForm form />
            <form method="get" action=here>
                <input type="hidden" name="delete_board" value="1" />
                <Button variant=ButtonStyle::DangerOutline>"Delete board"</Button>
            </form>
        </section>
    }
}

#[component]
fn ConfirmDeleteBoard(board: i64, name: String, here: String) -> impl IntoView {
    let form = FormSpec::new(DeleteBoard::url(), "Delete").hidden("board", board).danger().cancel(&here);
    view! {
        <section aria-labelledby="delete-board-heading" class="rounded-lg bg-white p-6 shadow-sm border border-red-200 flex flex-col gap-3">
            <h2 id="delete-board-heading" class="text-lg font-semibold">"Delete board"</h2>
            <p>
                {format!(
                    "Delete “{name}” with all its tasks? Nobody can open it afterwards; each task's history stays in the audit trail.",
                )}
            </p>
            <ServerForm form />
        </section>
    }
}

/// The board's activity from the audit trail: who created, renamed, invited, joined, left.
#[component]
fn Activity(board: i64, here: String) -> impl IntoView {
    let before = use_query_map().with_untracked(|q| q.get("history_before").and_then(|b| b.parse::<i32>().ok()));
    let activity = Resource::new(move || (board, before), |(board, before)| load_activity(board, before));
    view! {
        <section aria-labelledby="activity-heading" class="mt-6 border-t border-slate-200 pt-4">
            <h2 id="activity-heading" class="text-lg font-semibold">"Activity"</h2>
            <Suspense fallback=|| view! { <p class="text-sm text-slate-600">"Loading the activity…"</p> }>
                {move || {
                    let here = here.clone();
                    Suspend::new(async move {
                        match activity.await {
                            Ok(history) => {
                                view! { <HistoryList history path=here anchor="activity-heading" paged=before.is_some() /> }
                                    .into_any()
                            }
                            Err(_) => {
                                view! { <p class="text-sm text-slate-600">"The activity cannot be shown right now."</p> }
                                    .into_any()
                            }
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}
