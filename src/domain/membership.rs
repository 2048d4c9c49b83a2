//! Boards and who belongs to them (`../shared/DESIGN.md`, "Words"): a board is a named set of
//! tasks and the members who may see them, each with a board role. Membership is the trust
//! boundary: someone who is not a member learns nothing about a board, not even that it exists.

use super::{FieldError, Message};
use crate::i18n::*;
use serde::{Deserialize, Serialize};

pub const BOARD_NAME_MAX_CHARS: usize = 100;

/// A member's role on one board.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow))]
#[cfg_attr(feature = "ssr", diesel(sql_type = diesel::sql_types::Text))]
pub enum BoardRole {
    /// Manages the board and its members, and may do what a supervisor may on any of its tasks
    /// (so a leaver's tasks can be taken over).
    Admin,
    /// Creates tasks, can be put in charge, reads everything on the board.
    Member,
}

impl BoardRole {
    pub const ALL: [BoardRole; 2] = [BoardRole::Admin, BoardRole::Member];

    /// The spelling stored in `board_members.role` (and in forms).
    pub fn as_str(self) -> &'static str {
        match self {
            BoardRole::Admin => "admin",
            BoardRole::Member => "member",
        }
    }

    /// What the UI calls it (in English, the UI contract's option names).
    pub fn text(self, locale: Locale) -> &'static str {
        match self {
            BoardRole::Admin => td_string!(locale, members.role_admin),
            BoardRole::Member => td_string!(locale, members.role_member),
        }
    }

    /// A role as an audit event recorded it: its stored spelling, or (events recorded before
    /// the catalog) its English name.
    pub fn from_event(recorded: &str) -> Option<BoardRole> {
        BoardRole::ALL.into_iter().find(|role| role.as_str() == recorded || role.text(Locale::en) == recorded)
    }

    pub fn parse(text: &str) -> Result<BoardRole, FieldError> {
        BoardRole::ALL
            .into_iter()
            .find(|role| role.as_str() == text)
            .ok_or_else(|| FieldError::new("role", Message::ChooseRole))
    }

    pub fn is_admin(self) -> bool {
        self == BoardRole::Admin
    }
}

/// 1–100 characters after trimming, one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardName(String);

impl BoardName {
    pub fn parse(input: &str) -> Result<BoardName, FieldError> {
        let name = input.trim();
        if name.is_empty() {
            return Err(FieldError::new("name", Message::BoardNameMissing));
        }
        if name.chars().count() > BOARD_NAME_MAX_CHARS {
            return Err(FieldError::new("name", Message::TooLong(BOARD_NAME_MAX_CHARS)));
        }
        if name.chars().any(char::is_control) {
            return Err(FieldError::new("name", Message::SingleLine));
        }
        if name.chars().any(super::account::is_invisible_or_reordering) {
            return Err(FieldError::new("name", Message::InvisibleCharacters));
        }
        Ok(BoardName(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A board as a page about it names it: which board, and the viewer's role on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardInfo {
    pub id: i64,
    pub name: String,
    pub role: BoardRole,
}

/// One line of `/boards`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardListing {
    pub id: i64,
    pub name: String,
    /// Tasks not Done.
    pub open_tasks: i64,
    pub role: BoardRole,
}

/// A member of a board, as the members page and the person pickers list them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub id: i64,
    pub name: String,
    pub email: String,
    /// How they are @mentioned.
    pub handle: String,
    pub role: BoardRole,
}

/// What every page of a board shows around its content: the board's name and the viewer's
/// role (heading, links), and its members (the "In charge" filter).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardHeader {
    pub board: BoardInfo,
    pub members: Vec<Member>,
}

/// `/boards/{id}/members`: who is on the board, and for an admin the invitations still open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembersPage {
    pub board: BoardInfo,
    pub members: Vec<Member>,
    /// Open invitations, oldest first; only an admin sees them (empty for anyone else).
    pub invitations: Vec<PendingInvitation>,
    /// The viewer's own user id, so the page can offer "Leave board" and not "Remove" for them.
    pub viewer_id: i64,
}

impl MembersPage {
    /// Whether the viewer may leave: anyone but the board's last admin.
    pub fn can_leave(&self) -> bool {
        !is_last_admin(&self.members, self.viewer_id)
    }
}

/// Whether `user_id` is the board's only admin (who may not leave or be demoted: a board always
/// keeps one).
pub fn is_last_admin(members: &[Member], user_id: i64) -> bool {
    let admins: Vec<i64> = members.iter().filter(|m| m.role.is_admin()).map(|m| m.id).collect();
    admins == [user_id]
}

/// An invitation sent and not yet accepted, revoked or expired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingInvitation {
    pub id: i64,
    pub email: String,
    pub role: BoardRole,
    pub expires_at: chrono::NaiveDateTime,
}

/// What `/invite/{token}` shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvitationView {
    /// The link works: the board it is for, the address it was sent to, and who is looking.
    Open { board_name: String, email: String, viewer: InvitationViewer },
    /// Used, revoked, expired or never issued (which one is not said: the token is a secret).
    Closed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvitationViewer {
    /// Nobody logged in: sign up with the invited address, or log in.
    LoggedOut,
    /// Logged in with the invited address: accept.
    Invited,
    /// Logged in with another address: this invitation is someone else's.
    OtherAccount { email: String },
}

/// The choices of a person picker: each member by name, and by name and email where two
/// members share a name (so "Kim" and "Kim" can be told apart). `members` in display order.
pub fn person_choices(members: &[Member]) -> Vec<(i64, String)> {
    members
        .iter()
        .map(|member| {
            let shared = members.iter().filter(|other| other.name == member.name).count() > 1;
            let label = if shared { format!("{} ({})", member.name, member.email) } else { member.name.clone() };
            (member.id, label)
        })
        .collect()
}

#[cfg(feature = "ssr")]
mod sql {
    use super::BoardRole;
    use diesel::{
        deserialize::{self, FromSql},
        mysql::{Mysql, MysqlValue},
        serialize::{self, Output, ToSql},
        sql_types::Text,
    };

    impl ToSql<Text, Mysql> for BoardRole {
        fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Mysql>) -> serialize::Result {
            <str as ToSql<Text, Mysql>>::to_sql(self.as_str(), out)
        }
    }

    /// Anything but a known spelling means code and schema disagree: an error, not a guess.
    impl FromSql<Text, Mysql> for BoardRole {
        fn from_sql(value: MysqlValue<'_>) -> deserialize::Result<Self> {
            let text = <String as FromSql<Text, Mysql>>::from_sql(value)?;
            Ok(BoardRole::parse(&text).map_err(|_| format!("unknown board role {text:?}"))?)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: i64, name: &str, email: &str) -> Member {
        Member { id, name: name.into(), email: email.into(), handle: name.to_lowercase(), role: BoardRole::Member }
    }

    #[test]
    fn roles_round_trip_and_unknown_ones_are_refused() {
        for role in BoardRole::ALL {
            assert_eq!(BoardRole::parse(role.as_str()), Ok(role));
        }
        assert!(BoardRole::parse("owner").is_err());
        assert!(BoardRole::parse("Admin").is_err());
    }

    #[test]
    fn board_names_are_trimmed_and_bounded() {
        assert_eq!(BoardName::parse("  Launch ").unwrap().as_str(), "Launch");
        assert!(BoardName::parse("   ").is_err());
        assert!(BoardName::parse(&"x".repeat(BOARD_NAME_MAX_CHARS + 1)).is_err());
        assert!(BoardName::parse(&"가".repeat(BOARD_NAME_MAX_CHARS)).is_ok());
        assert!(BoardName::parse("two\nlines").is_err());
        assert!(BoardName::parse("evil\u{202e}txt").is_err());
    }

    #[test]
    fn the_last_admin_is_the_only_one_who_may_not_leave() {
        let mut members = vec![member(1, "Ann", "ann@example.com"), member(2, "Ben", "ben@example.com")];
        members[0].role = BoardRole::Admin;
        assert!(is_last_admin(&members, 1));
        assert!(!is_last_admin(&members, 2));
        members[1].role = BoardRole::Admin;
        assert!(!is_last_admin(&members, 1), "with two admins either may go");
    }

    #[test]
    fn members_who_share_a_name_are_told_apart_by_email() {
        let members =
            [member(1, "Kim", "kim@a.example"), member(2, "Lee", "lee@example.com"), member(3, "Kim", "kim@b.example")];
        assert_eq!(
            person_choices(&members),
            vec![(1, "Kim (kim@a.example)".to_owned()), (2, "Lee".to_owned()), (3, "Kim (kim@b.example)".to_owned())]
        );
    }
}
