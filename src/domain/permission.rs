//! Who may do what to a task (`../shared/DESIGN.md`): the supervisor edits every field,
//! reassigns and deletes; the person in charge changes the status; every other logged-in user
//! reads.
//! The server checks these in every server fn; the UI uses them only to hide what would fail.

use serde::{Deserialize, Serialize};

/// A user's relation to one task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskRoles {
    pub is_supervisor: bool,
    pub is_pic: bool,
}

impl TaskRoles {
    pub fn of(user_id: i64, supervisor_id: i64, pic_id: Option<i64>) -> TaskRoles {
        TaskRoles { is_supervisor: user_id == supervisor_id, is_pic: pic_id == Some(user_id) }
    }

    /// Title, description, deadline and the person in charge; deleting.
    pub fn can_edit(self) -> bool {
        self.is_supervisor
    }

    /// Moving the task between columns or within one.
    pub fn can_move(self) -> bool {
        self.is_supervisor || self.is_pic
    }

    pub fn can_delete(self) -> bool {
        self.is_supervisor
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
        let roles = TaskRoles::of(SUPERVISOR, SUPERVISOR, Some(PIC));
        assert!(roles.can_edit() && roles.can_move() && roles.can_delete());
    }

    #[test]
    fn pic_may_only_move() {
        let roles = TaskRoles::of(PIC, SUPERVISOR, Some(PIC));
        assert!(roles.can_move());
        assert!(!roles.can_edit() && !roles.can_delete());
    }

    #[test]
    fn anyone_else_only_reads() {
        let roles = TaskRoles::of(OTHER, SUPERVISOR, Some(PIC));
        assert!(!roles.can_edit() && !roles.can_move() && !roles.can_delete());
        let unassigned = TaskRoles::of(OTHER, SUPERVISOR, None);
        assert!(!unassigned.can_move());
    }

    #[test]
    fn supervisor_who_is_also_pic_keeps_every_right() {
        let roles = TaskRoles::of(SUPERVISOR, SUPERVISOR, Some(SUPERVISOR));
        assert!(roles.can_edit() && roles.can_move() && roles.can_delete());
    }
}
