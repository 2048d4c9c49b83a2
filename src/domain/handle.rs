//! A handle: how a person is @mentioned in comments, unique among accounts. 2–30 characters
//! of `a-z 0-9 . _ -` (so a mention's end is where those characters end, and a handle needs no
//! escaping in a URL or HTML).

use super::{error::FieldError, message::Message, Email};
use serde::{Deserialize, Serialize};
use std::fmt;

pub const HANDLE_MIN_CHARS: usize = 2;
pub const HANDLE_MAX_CHARS: usize = 30;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Handle(String);

/// A character a handle may hold.
pub fn is_handle_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')
}

impl Handle {
    /// What someone typed: trimmed, a leading `@` dropped, upper case read as lower case.
    pub fn parse(input: &str) -> Result<Handle, FieldError> {
        let handle = input.trim();
        let handle = handle.strip_prefix('@').unwrap_or(handle).to_ascii_lowercase();
        let length = handle.chars().count();
        if !(HANDLE_MIN_CHARS..=HANDLE_MAX_CHARS).contains(&length) || !handle.chars().all(is_handle_char) {
            return Err(FieldError::new("handle", Message::HandleInvalid));
        }
        Ok(Handle(handle))
    }

    /// The handle a new account is offered: its address's local part, in handle characters
    /// (`Mina.Park+work@…` → `mina.parkwork`), at most 24 of them so a number still fits after
    /// it; `user` when too little is left.
    pub fn suggest(email: &Email) -> Handle {
        let local = email.as_str().split('@').next().unwrap_or_default();
        let base: String = local.to_ascii_lowercase().chars().filter(|c| is_handle_char(*c)).take(24).collect();
        Handle(if base.chars().count() < HANDLE_MIN_CHARS { "user".to_owned() } else { base })
    }

    /// This handle with `n` after it (`mina2`), for when the handle itself is taken.
    pub fn numbered(&self, n: u32) -> Handle {
        let suffix = n.to_string();
        let keep = HANDLE_MAX_CHARS - suffix.len();
        Handle(format!("{}{suffix}", &self.0[..self.0.len().min(keep)]))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_are_short_lowercase_words() {
        assert_eq!(Handle::parse(" @Mina.Park ").unwrap().as_str(), "mina.park");
        assert_eq!(Handle::parse("ben_k-2").unwrap().as_str(), "ben_k-2");
        for bad in ["", "a", "@", "mina park", "민아", "mina!", &"x".repeat(31)] {
            assert!(Handle::parse(bad).is_err(), "{bad:?}");
        }
        assert!(Handle::parse(&"x".repeat(30)).is_ok());
    }

    #[test]
    fn a_new_account_is_offered_its_address() {
        let suggest = |email: &str| Handle::suggest(&Email::parse(email).unwrap()).to_string();
        assert_eq!(suggest("Mina.Park+work@example.com"), "mina.parkwork");
        assert_eq!(suggest("김@example.com"), "user");
        assert_eq!(suggest(&format!("{}@example.com", "a".repeat(40))), "a".repeat(24));
        let long = Handle::parse(&"b".repeat(30)).unwrap();
        assert_eq!(long.numbered(12).as_str(), format!("{}12", "b".repeat(28)));
        assert_eq!(Handle::parse("ann").unwrap().numbered(2).as_str(), "ann2");
    }
}
