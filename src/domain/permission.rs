//! Who may do what to a task (`../shared/DESIGN.md`): the supervisor (or an admin of the task's
//! board) edits every field, reassigns and deletes; the person in charge changes the status;
//! every other member of the board reads. Someone who is not a member is never asked: to them
//! the task does not exist.
//! The server checks these in every server fn; the UI uses them only to hide what would fail.

use super::BoardRole;
use serde::{Deserialize, Serialize};

/// A user's relation to one task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskRoles {
    pub is_supervisor: bool,
    pub is_pic: bool,
    /// An admin of the task's board: a supervisor of every task on it.
    pub is_board_admin: bool,
}

impl TaskRoles {
    /// `user_id`'s roles on a task of a board where their role is `board_role`.
    pub fn of(user_id: i64, board_role: BoardRole, supervisor_id: i64, pic_id: Option<i64>) -> TaskRoles {
        TaskRoles {
            is_supervisor: user_id == supervisor_id,
            is_pic: pic_id == Some(user_id),
            is_board_admin: board_role.is_admin(),
        }
    }

    /// Title, description, deadline and the person in charge; deleting.
    pub fn can_edit(self) -> bool {
        self.is_supervisor || self.is_board_admin
    }

    /// Moving the task between columns or within one.
    pub fn can_move(self) -> bool {
        self.can_edit() || self.is_pic
    }

    pub fn can_delete(self) -> bool {
        self.can_edit()
    }

    /// Taking the task out of the trash, or deleting it there for good.
    pub fn can_restore(self) -> bool {
        self.can_edit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUPERVISOR: i64 = 1;
    const PIC: i64 = 2;
    const OTHER: i64 = 3;

    #[test]
    fn supervisor_may_do_everything() {
        let roles = TaskRoles::of(SUPERVISOR, BoardRole::Member, SUPERVISOR, Some(PIC));
        assert!(roles.can_edit() && roles.can_move() && roles.can_delete());
    }

    #[test]
    fn pic_may_only_move() {
        let roles = TaskRoles::of(PIC, BoardRole::Member, SUPERVISOR, Some(PIC));
        assert!(roles.can_move());
        assert!(!roles.can_edit() && !roles.can_delete());
    }

    #[test]
    fn anyone_else_only_reads() {
        let roles = TaskRoles::of(OTHER, BoardRole::Member, SUPERVISOR, Some(PIC));
        assert!(!roles.can_edit() && !roles.can_move() && !roles.can_delete());
        let unassigned = TaskRoles::of(OTHER, BoardRole::Member, SUPERVISOR, None);
        assert!(!unassigned.can_move());
    }

    #[test]
    fn a_board_admin_may_do_what_the_supervisor_may() {
        let roles = TaskRoles::of(OTHER, BoardRole::Admin, SUPERVISOR, Some(PIC));
        assert!(roles.can_edit() && roles.can_move() && roles.can_delete());
    }

    #[test]
    fn supervisor_who_is_also_pic_keeps_every_right() {
        let roles = TaskRoles::of(SUPERVISOR, BoardRole::Member, SUPERVISOR, Some(SUPERVISOR));
        assert!(roles.can_edit() && roles.can_move() && roles.can_delete());
    }
}
