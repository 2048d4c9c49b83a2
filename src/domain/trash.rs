//! A board's trash: deleted tasks wait there for [`TRASH_DAYS`] days, whole (history, comments,
//! labels, checklist), until their supervisor or an admin restores them, or they are purged.

use super::{BoardInfo, Status};
use chrono::{NaiveDateTime, TimeDelta};
use serde::{Deserialize, Serialize};

/// How long a deleted task can be restored.
pub const TRASH_DAYS: i64 = 30;

/// When a task trashed at `trashed_at` is deleted for good.
pub fn purged_after(trashed_at: NaiveDateTime) -> NaiveDateTime {
    trashed_at + TimeDelta::days(TRASH_DAYS)
}

/// A task in the trash as its page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrashedTask {
    pub id: i64,
    pub title: String,
    /// The column it goes back to.
    pub status: Status,
    pub version: i32,
    pub trashed_at: NaiveDateTime,
    /// Who deleted it (`None`: their account is gone).
    pub trashed_by: Option<String>,
    /// The viewer may restore it or delete it for good (its supervisor, or a board admin).
    pub can_restore: bool,
}

impl TrashedTask {
    pub fn purged_after(&self) -> NaiveDateTime {
        purged_after(self.trashed_at)
    }
}

/// `/boards/{id}/trash`: newest deletion first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrashPage {
    pub board: BoardInfo,
    pub tasks: Vec<TrashedTask>,
    /// More were trashed than the page lists (the oldest are left out).
    pub more: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trashed_task_is_kept_thirty_days() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap().and_hms_opt(9, 30, 0).unwrap();
        assert_eq!(
            purged_after(at),
            chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap().and_hms_opt(9, 30, 0).unwrap()
        );
    }
}
