//! What instance admins see: every account, and whether it is active.

use serde::{Deserialize, Serialize};

/// One line of `/admin/users`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserListing {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub verified: bool,
    pub active: bool,
    /// The viewer (who may not deactivate themself).
    pub is_viewer: bool,
}
