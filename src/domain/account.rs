//! What an account is made of, parsed once at the seam: `Email`, `PersonName`, `Password`.
//! The same rules run in the browser (instant feedback) and on the server (the truth).

use super::{
    error::{AppError, FieldError, FormErrors},
    message::Message,
};
use serde::{Deserialize, Serialize};
use std::fmt;

pub const NAME_MAX_CHARS: usize = 100;
pub const PASSWORD_MIN_CHARS: usize = 10;
pub const PASSWORD_MAX_CHARS: usize = 128;
/// RFC 5321's limit on a whole address.
const EMAIL_MAX_CHARS: usize = 254;
const EMAIL_LOCAL_MAX_CHARS: usize = 64;

/// An email address: trimmed, lower-cased, of a plausible shape. Lower-casing makes
/// `Mina@Example.com` and `mina@example.com` one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Email, FieldError> {
        let email = input.trim().to_lowercase();
        let invalid = || FieldError::new("email", Message::EmailInvalid);
        if email.is_empty() {
            return Err(FieldError::new("email", Message::EmailMissing));
        }
        if email.chars().count() > EMAIL_MAX_CHARS {
            return Err(FieldError::new("email", Message::EmailTooLong));
        }
        let (local, domain) = email.split_once('@').ok_or_else(invalid)?;
        let plausible_local = !local.is_empty()
            && local.chars().count() <= EMAIL_LOCAL_MAX_CHARS
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..");
        let plausible_domain = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain.split('.').all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'))
            && domain.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        let no_forbidden_chars =
            !email.chars().any(|c| c.is_whitespace() || c.is_control() || "<>()[],;:\"\\".contains(c));
        if plausible_local && plausible_domain && no_forbidden_chars && !domain.contains('@') {
            Ok(Email(email))
        } else {
            Err(invalid())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How a person is called on the board and in emails: 1–100 characters after trimming.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(input: &str) -> Result<PersonName, FieldError> {
        let name = input.trim();
        if name.is_empty() {
            return Err(FieldError::new("name", Message::NameMissing));
        }
        if name.chars().count() > NAME_MAX_CHARS {
            return Err(FieldError::new("name", Message::TooLong(NAME_MAX_CHARS)));
        }
        if name.chars().any(char::is_control) {
            return Err(FieldError::new("name", Message::NameNotPrintable));
        }
        if name.chars().any(is_invisible_or_reordering) {
            return Err(FieldError::new("name", Message::InvisibleCharacters));
        }
        Ok(PersonName(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password that meets the length rule (NIST 800-63B: length, no composition rules).
/// Kept exactly as typed: spaces count. The common-password check runs on the server.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub fn parse(input: &str) -> Result<Password, FieldError> {
        let length = input.chars().count();
        if length < PASSWORD_MIN_CHARS {
            return Err(FieldError::new("password", Message::TooShort(PASSWORD_MIN_CHARS)));
        }
        if length > PASSWORD_MAX_CHARS {
            return Err(FieldError::new("password", Message::TooLong(PASSWORD_MAX_CHARS)));
        }
        Ok(Password(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Never print a password, even in debug output.
impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// The logged-in user as the browser sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub name: String,
    pub email: String,
    /// Until the address is confirmed every page shows a notice to (re)send the link.
    pub verified: bool,
    /// Inbox entries not read yet (the header's count).
    pub unread: i64,
}

/// Where to go after logging in: only a path on this site, so a crafted link cannot send
/// someone elsewhere (open redirect).
pub fn safe_next_path(next: Option<&str>) -> String {
    match next.map(str::trim) {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains('\\')
                && !path.chars().any(|c| c.is_control() || c.is_whitespace()) =>
        {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

/// Characters that show nothing, or reorder the text around them: in a name they let one person
/// look like another ("Mina" and "Mi\u{200B}na"), or turn what follows around in lists and
/// emails (U+202E). Zero-width spaces and joiners, direction marks, embeddings, overrides and
/// isolates, the word joiner and invisible operators, the byte order mark, and the Hangul fillers
/// (which render as blank).
pub fn is_invisible_or_reordering(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{3164}'
            | '\u{FEFF}'
            | '\u{FFA0}'
    )
}

/// The sign-up form, parsed: every field's problem at once.
#[derive(Debug)]
pub struct SignUp {
    pub name: PersonName,
    pub email: Email,
    pub password: Password,
}

impl SignUp {
    pub fn parse(name: &str, email: &str, password: &str) -> Result<SignUp, AppError> {
        let mut form = FormErrors::default();
        let name = form.check(PersonName::parse(name));
        let email = form.check(Email::parse(email));
        let password = form.check(Password::parse(password));
        match (name, email, password) {
            (Some(name), Some(email), Some(password)) => Ok(SignUp { name, email, password }),
            _ => Err(form.into_error()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_may_not_hide_or_turn_text_around() {
        for sneaky in ["Mi\u{200B}na", "\u{202E}anim", "Sam\u{2066}", "\u{3164}", "Ann\u{FEFF}"] {
            assert_eq!(PersonName::parse(sneaky).unwrap_err().field, "name", "{sneaky:?}");
        }
        assert!(PersonName::parse("김민아").is_ok());
        assert!(PersonName::parse("Zoë O'Brien-Łukasz").is_ok());
    }

    #[test]
    fn sign_up_reports_every_field_at_once() {
        let parsed = SignUp::parse(" Mina ", "Mina@Example.com", "violet tugboat orbit").unwrap();
        assert_eq!((parsed.name.as_str(), parsed.email.as_str()), ("Mina", "mina@example.com"));
        let AppError::Invalid(errors) = SignUp::parse("", "nope", "short").unwrap_err() else {
            panic!("expected field errors");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "email", "password"]);
    }

    #[test]
    fn email_is_trimmed_and_lower_cased() {
        assert_eq!(Email::parse("  Mina.Kim@Example.COM ").unwrap().as_str(), "mina.kim@example.com");
    }

    #[test]
    fn plausible_emails_are_accepted() {
        for ok in ["a@b.co", "first.last+tag@sub.example.org", "kim@예시.한국"] {
            assert!(Email::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn malformed_emails_are_refused_on_the_email_field() {
        for bad in [
            "",
            "   ",
            "no-at-sign",
            "@example.com",
            "a@",
            "a@b",
            "a@@b.com",
            "a b@c.com",
            "a@b..com",
            ".a@b.com",
            "a@-b.com",
            "a@b.com.",
        ] {
            let error = Email::parse(bad).unwrap_err();
            assert_eq!(error.field, "email", "{bad}");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert!(Email::parse(&long).is_err());
    }

    #[test]
    fn name_is_trimmed_and_limited_to_100_characters() {
        assert_eq!(PersonName::parse("  김민아 ").unwrap().as_str(), "김민아");
        assert!(PersonName::parse(&"가".repeat(100)).is_ok(), "100 characters, not bytes");
        assert!(PersonName::parse(&"가".repeat(101)).is_err());
        assert!(PersonName::parse("   ").is_err());
        assert!(PersonName::parse("Sam\u{0}").is_err());
    }

    #[test]
    fn password_length_is_10_to_128_characters() {
        assert!(Password::parse("123456789").is_err());
        assert!(Password::parse("correct horse").is_ok());
        assert!(Password::parse(&"비".repeat(10)).is_ok(), "characters, not bytes");
        assert!(Password::parse(&"x".repeat(128)).is_ok());
        assert_eq!(Password::parse(&"x".repeat(129)).unwrap_err().field, "password");
    }

    #[test]
    fn password_debug_output_hides_it() {
        assert_eq!(format!("{:?}", Password::parse("correct horse battery").unwrap()), "Password(***)");
    }

    #[test]
    fn only_local_paths_are_followed_after_login() {
        assert_eq!(safe_next_path(Some("/tasks/7?x=1")), "/tasks/7?x=1");
        for bad in ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "", "/a b"] {
            assert_eq!(safe_next_path(Some(bad)), "/", "{bad}");
        }
        assert_eq!(safe_next_path(None), "/");
    }
}
