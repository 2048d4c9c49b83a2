//! Personal access tokens for the REST API, as the account page shows and makes them: a name,
//! what the token may do, and an optional last day.

use super::{FieldError, FormErrors, Message};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// Longest token name.
pub const TOKEN_NAME_MAX_CHARS: usize = 60;

/// Every token starts with this, so secret scanners (and people) recognise a leaked one.
pub const TOKEN_PREFIX: &str = "tbp_";

/// What a token may do. Either way, never more than its owner may: membership and board roles
/// apply to every request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenAccess {
    /// Reads only.
    Read,
    /// Reads and writes.
    Write,
}

impl TokenAccess {
    pub const ALL: [TokenAccess; 2] = [TokenAccess::Read, TokenAccess::Write];

    pub fn as_str(self) -> &'static str {
        match self {
            TokenAccess::Read => "read",
            TokenAccess::Write => "write",
        }
    }

    pub fn from_stored(stored: &str) -> Option<TokenAccess> {
        TokenAccess::ALL.into_iter().find(|access| access.as_str() == stored)
    }

    pub fn parse(input: &str) -> Result<TokenAccess, FieldError> {
        TokenAccess::from_stored(input.trim()).ok_or_else(|| FieldError::new("access", Message::ChooseAccess))
    }

    pub fn can_write(self) -> bool {
        self == TokenAccess::Write
    }
}

/// A token's name, for its owner to tell their tokens apart ("CI", "chat bot").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenName(String);

impl TokenName {
    pub fn parse(input: &str) -> Result<TokenName, FieldError> {
        let name = input.trim();
        if name.is_empty() {
            return Err(FieldError::new("name", Message::TokenNameMissing));
        }
        if name.chars().count() > TOKEN_NAME_MAX_CHARS {
            return Err(FieldError::new("name", Message::TooLong(TOKEN_NAME_MAX_CHARS)));
        }
        if name.chars().any(char::is_control) {
            return Err(FieldError::new("name", Message::SingleLine));
        }
        Ok(TokenName(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The account page's form, parsed: the token works through the end of `last_day` (in its
/// owner's time zone), or until revoked when there is none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTokenForm {
    pub name: TokenName,
    pub access: TokenAccess,
    pub last_day: Option<NaiveDate>,
}

impl NewTokenForm {
    /// `expires` is a date input's `YYYY-MM-DD`, or empty; it must not be before `today`.
    pub fn parse(name: &str, access: &str, expires: &str, today: NaiveDate) -> Result<NewTokenForm, super::AppError> {
        let mut form = FormErrors::default();
        let name = form.check(TokenName::parse(name));
        let access = form.check(TokenAccess::parse(access));
        let last_day = form.check(parse_last_day(expires, today));
        match (name, access, last_day) {
            (Some(name), Some(access), Some(last_day)) => Ok(NewTokenForm { name, access, last_day }),
            _ => Err(form.into_error()),
        }
    }
}

fn parse_last_day(input: &str, today: NaiveDate) -> Result<Option<NaiveDate>, FieldError> {
    let input = input.trim();
    if input.is_empty() {
        return Ok(None);
    }
    let date = super::task::parse_date(input).ok_or_else(|| FieldError::new("expires", Message::DateInvalid))?;
    if date < today {
        return Err(FieldError::new("expires", Message::ExpiryPast));
    }
    Ok(Some(date))
}

/// One token as its owner's account page lists it (never its secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenView {
    pub id: i64,
    pub name: String,
    pub access: TokenAccess,
    /// The token's first characters (`tbp_a1B2`), to match it with where it is used.
    pub hint: String,
    pub created_at: NaiveDateTime,
    pub expires_at: Option<NaiveDateTime>,
    pub last_used_at: Option<NaiveDateTime>,
}

/// The account page's "API tokens" section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokensPage {
    pub tokens: Vec<TokenView>,
    /// A token just made, shown this once (kept in the session until this page is read).
    pub created: Option<CreatedToken>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedToken {
    pub name: String,
    pub secret: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_form_parses_once_and_reports_every_field() {
        let today = day("2026-12-02");
        let form = NewTokenForm::parse(" CI ", "write", "2026-12-31", today).unwrap();
        assert_eq!(form.name.as_str(), "CI");
        assert_eq!(form.access, TokenAccess::Write);
        assert_eq!(form.last_day, Some(day("2026-12-31")));
        assert_eq!(NewTokenForm::parse("CI", "read", "", today).unwrap().last_day, None);
        assert_eq!(NewTokenForm::parse("CI", "read", "2026-12-02", today).unwrap().last_day, Some(today));

        let error = NewTokenForm::parse("", "admin", "2026-12-01", today).unwrap_err();
        assert_eq!(error.field_message("name"), Some(Message::TokenNameMissing));
        assert_eq!(error.field_message("access"), Some(Message::ChooseAccess));
        assert_eq!(error.field_message("expires"), Some(Message::ExpiryPast));
        let error = NewTokenForm::parse(&"x".repeat(61), "read", "31/12/2026", today).unwrap_err();
        assert_eq!(error.field_message("name"), Some(Message::TooLong(TOKEN_NAME_MAX_CHARS)));
        assert_eq!(error.field_message("expires"), Some(Message::DateInvalid));
        assert_eq!(TokenName::parse("a\nb").unwrap_err().message, Message::SingleLine);
    }

    #[test]
    fn access_reads_what_it_stores() {
        for access in TokenAccess::ALL {
            assert_eq!(TokenAccess::from_stored(access.as_str()), Some(access));
        }
        assert!(TokenAccess::Write.can_write());
        assert!(!TokenAccess::Read.can_write());
    }
}
