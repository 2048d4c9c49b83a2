//! Following the board live: the page listens to `/boards/{id}/live` (server-sent events, see
//! `server::live`) and, for each change, asks for the board again through `load_board` — the
//! server applies permissions and filters as for any load. What changed on this page is
//! highlighted and said in the polite live region ("Mina moved “Plan” to Done"); the page's own
//! change, already shown, changes nothing and says nothing.

use crate::{
    domain::{live::LiveChange, Board},
    i18n::*,
    ui::moves::BoardMoves,
};
use leptos::prelude::*;

/// Starts following the board of `moves` (in the browser; the server renders no stream).
/// `names`: the board's members, to name who made a change.
pub fn follow(moves: BoardMoves, names: Vec<(i64, String)>) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::{
            wasm_bindgen::{closure::Closure, JsCast},
            web_sys::{EventSource, MessageEvent},
        };
        // Board events that change who is on the board.
        const MEMBERSHIP_KINDS: [&str; 3] = ["member_joined", "member_left", "member_removed"];
        let Ok(source) = EventSource::new(&format!("/boards/{}/live", moves.board_id)) else { return };
        let names = StoredValue::new(names);
        let name_of =
            move |id: i64| names.with_value(|names| names.iter().find(|(n, _)| *n == id).map(|(_, name)| name.clone()));
        let on_change = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let Some(change) = event.data().as_string().and_then(|data| serde_json::from_str::<LiveChange>(&data).ok())
            else {
                return moves.refresh(None);
            };
            if MEMBERSHIP_KINDS.contains(&change.kind.as_str()) {
                // Someone joined, left or was removed: learn the members' names again (a newcomer's
                // is not known yet; a leaver's is, until now), then say so.
                let known = name_of(change.actor_id);
                leptos::task::spawn_local(async move {
                    if let Ok(header) = crate::api::board::load_board_header(moves.board_id).await {
                        names.set_value(header.members.iter().map(|m| (m.id, m.name.clone())).collect());
                    }
                    let actor = known.or_else(|| name_of(change.actor_id));
                    moves.announcement.set(membership_notice(moves.locale, &change, actor.as_deref()));
                });
                return moves.refresh(None);
            }
            if is_comment(&change) {
                return; // cards show nothing of a task's comments
            }
            let actor = name_of(change.actor_id);
            moves.refresh(Some((change, actor)));
        });
        let _ = source.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
        // Too much was missed to replay: load the board as it is now.
        let on_reload = Closure::<dyn FnMut(MessageEvent)>::new(move |_: MessageEvent| moves.refresh(None));
        let _ = source.add_event_listener_with_callback("reload", on_reload.as_ref().unchecked_ref());
        // Both live as long as the page (the browser closes the stream when it leaves).
        on_change.forget();
        on_reload.forget();
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (moves, names);
}

/// Calls `on_change` with each change on board `board_id` to task `task_id`, as the board's live
/// stream tells it (in the browser; the server renders no stream). The stream stays open as
/// long as the page.
#[cfg(feature = "hydrate")]
fn on_task_changes(board_id: i64, task_id: i64, mut on_change: impl FnMut(LiveChange) + 'static) {
    use leptos::{
        wasm_bindgen::{closure::Closure, JsCast},
        web_sys::{EventSource, MessageEvent},
    };
    let Ok(source) = EventSource::new(&format!("/boards/{board_id}/live")) else { return };
    let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let change = event.data().as_string().and_then(|data| serde_json::from_str::<LiveChange>(&data).ok());
        if let Some(change) = change.filter(|change| change.task_id == task_id) {
            on_change(change);
        }
    });
    let _ = source.add_event_listener_with_callback("change", listener.as_ref().unchecked_ref());
    listener.forget();
}

/// Follows one task's board for changes to that task (the task page): `changed` is set to what
/// to tell the reader, so an edit form being typed in is not overwritten but says the task
/// changed under it.
pub fn follow_task(
    board_id: i64,
    task_id: i64,
    locale: Locale,
    names: Vec<(i64, String)>,
    changed: RwSignal<Option<String>>,
) {
    #[cfg(feature = "hydrate")]
    on_task_changes(board_id, task_id, move |change| {
        // A comment or a checklist item is no change to the task's fields: the comments' list
        // follows its own (`follow_comments`), a tick shows where it was made.
        if is_comment(&change) || change.kind == "checklist" {
            return;
        }
        let actor = names.iter().find(|(id, _)| *id == change.actor_id).map(|(_, name)| name.as_str());
        changed.set(Some(task_notice(locale, &change, actor)));
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (board_id, task_id, locale, names, changed);
}

/// A change to one of a task's comments (written, edited, deleted).
pub fn is_comment(change: &LiveChange) -> bool {
    matches!(change.kind.as_str(), "commented" | "comment_edited" | "comment_deleted")
}

/// Follows task `task_id`'s comments (the task page's list): each change to one of them reads
/// the list again into `comments`.
pub fn follow_comments(board_id: i64, task_id: i64, comments: RwSignal<Vec<crate::domain::comment::CommentView>>) {
    #[cfg(feature = "hydrate")]
    on_task_changes(board_id, task_id, move |change| {
        if !is_comment(&change) {
            return;
        }
        leptos::task::spawn_local(async move {
            if let Ok(list) = crate::api::comments::load_comments(task_id).await {
                comments.set(list.comments);
            }
        });
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (board_id, task_id, comments);
}

/// What the task page says when its task changes under it.
pub fn task_notice(locale: Locale, change: &LiveChange, actor: Option<&str>) -> String {
    let actor = match actor {
        Some(name) => td_string!(locale, board.member_named, name = name).to_string(),
        None => td_string!(locale, board.someone).to_owned(),
    };
    if change.kind == "deleted" {
        td_string!(locale, task.live_deleted, actor = &actor).to_string()
    } else {
        td_string!(locale, task.live_changed, actor = &actor).to_string()
    }
}

/// What the board says when its members change.
pub fn membership_notice(locale: Locale, change: &LiveChange, actor: Option<&str>) -> String {
    let actor = match actor {
        Some(name) => td_string!(locale, board.member_named, name = name).to_string(),
        None => td_string!(locale, board.someone).to_owned(),
    };
    match change.kind.as_str() {
        "member_joined" => td_string!(locale, board.live_joined, actor = &actor).to_string(),
        "member_left" => td_string!(locale, board.live_left, actor = &actor).to_string(),
        _ => td_string!(locale, board.live_members_changed, actor = &actor).to_string(),
    }
}

/// What a page that showed `before` and now shows `after` says about `change`, if the card it
/// names changed here (a change filtered out of view, or this page's own, says nothing).
pub fn announcement(
    locale: Locale,
    change: &LiveChange,
    actor: Option<&str>,
    before: &Board,
    after: &Board,
) -> Option<String> {
    let actor = match actor {
        Some(name) => td_string!(locale, board.member_named, name = name).to_string(),
        None => td_string!(locale, board.someone).to_owned(),
    };
    let actor = actor.as_str();
    let (was, is) = (before.card(change.task_id), after.card(change.task_id));
    let text = match (was, is) {
        (None, Some(card)) if change.kind == "restored" => {
            td_string!(locale, board.live_restored, actor = actor, title = &card.title).to_string()
        }
        (None, Some(card)) => td_string!(locale, board.live_created, actor = actor, title = &card.title).to_string(),
        (Some(card), None) => td_string!(locale, board.live_deleted, actor = actor, title = &card.title).to_string(),
        (Some(old), Some(new)) if old.status != new.status => {
            let column = new.status.text(locale);
            td_string!(locale, board.live_moved, actor = actor, title = &new.title, column = column).to_string()
        }
        (Some(old), Some(new)) if old != new => {
            td_string!(locale, board.live_changed, actor = actor, title = &new.title).to_string()
        }
        _ => return None,
    };
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Status, TaskCard};

    fn card(id: i64, title: &str, status: Status) -> TaskCard {
        TaskCard {
            id,
            title: title.into(),
            status,
            version: 1,
            pic_name: None,
            deadline: None,
            past_deadline: false,
            can_move: true,
            checklist: None,
            labels: Vec::new(),
        }
    }

    fn change(task_id: i64, kind: &str) -> LiveChange {
        LiveChange { id: 9, board_id: 1, task_id, kind: kind.into(), actor_id: 2 }
    }

    #[test]
    fn a_change_is_said_as_it_shows_on_this_page() {
        let before = Board::from_cards([card(1, "Plan", Status::Todo), card(2, "Ship", Status::Todo)]);
        let moved = Board::from_cards([card(1, "Plan", Status::Done), card(2, "Ship", Status::Todo)]);
        let said = |after: &Board, task| announcement(Locale::en, &change(task, "moved"), Some("Mina"), &before, after);
        assert_eq!(said(&moved, 1).as_deref(), Some("Mina moved “Plan” to Done."));
        assert_eq!(
            announcement(Locale::ko, &change(1, "moved"), Some("민아"), &before, &moved).as_deref(),
            Some("“Plan” 할 일이 완료 열로 옮겨졌습니다 (민아님).")
        );
        let created = Board::from_cards([
            card(1, "Plan", Status::Todo),
            card(2, "Ship", Status::Todo),
            card(3, "Test", Status::Todo),
        ]);
        assert_eq!(said(&created, 3).as_deref(), Some("Mina created “Test”."));
        let deleted = Board::from_cards([card(1, "Plan", Status::Todo)]);
        assert_eq!(said(&deleted, 2).as_deref(), Some("Mina deleted “Ship”."));
        // Already shown (the page's own move), or out of this page's view: nothing to say.
        assert_eq!(said(&before, 1), None);
        assert_eq!(said(&before, 77), None);
    }

    #[test]
    fn the_board_says_who_joined_or_left() {
        assert_eq!(membership_notice(Locale::en, &change(-1, "member_joined"), Some("Sam")), "Sam joined the board.");
        assert_eq!(
            membership_notice(Locale::ko, &change(-1, "member_left"), Some("민아")),
            "멤버가 보드를 떠났습니다 (민아님)."
        );
    }

    #[test]
    fn the_task_page_says_who_changed_its_task() {
        assert_eq!(task_notice(Locale::en, &change(1, "moved"), Some("Mina")), "Mina changed this task.");
        assert_eq!(task_notice(Locale::ko, &change(1, "deleted"), Some("민아")), "이 할 일이 삭제되었습니다 (민아님).");
        assert_eq!(task_notice(Locale::en, &change(1, "updated"), None), "Someone changed this task.");
    }
}
