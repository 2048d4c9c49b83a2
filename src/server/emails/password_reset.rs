//! The password reset email: a single-use link to choose a new password (a [`OneLink`]
//! email), in the account's language.

use super::one_link::OneLink;
use crate::{i18n::*, server::mailer::Email};

/// The email to `to` (whose account is called `name`) with the reset `link`, which works for
/// `minutes`.
pub fn render_for(locale: Locale, name: &str, to: &str, link: &str, minutes: i64) -> Email {
    OneLink {
        greeting: td_string!(locale, emails.hello, name = name).to_string(),
        intro_text: td_string!(locale, emails.reset_intro_text),
        intro_html: td_string!(locale, emails.reset_intro_html),
        link,
        link_text: td_string!(locale, emails.reset_link),
        fine_print: td_string!(locale, emails.reset_fine_print, minutes = minutes).to_string(),
    }
    .email(to, td_string!(locale, emails.reset_subject).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINK: &str = "https://tasks.example.com/reset-password?token=abc";

    #[test]
    fn the_name_is_escaped_in_html_and_the_link_is_kept_whole() {
        let email =
            render_for(Locale::en, "<Mina>", "mina@example.com", "https://x.example/reset-password?token=t", 60);
        assert!(email.html.contains("&lt;Mina&gt;"));
        assert!(email.text.contains("https://x.example/reset-password?token=t"));
        assert!(email.text.starts_with("Hello <Mina>,"), "the text part is not HTML");
    }

    #[test]
    fn a_reset_email_reads_as_written() {
        let email = render_for(Locale::en, "Mina O'Neil", "mina@example.com", LINK, 60);
        insta::assert_snapshot!("password_reset_text", email.text);
        insta::assert_snapshot!("password_reset_html", email.html);
    }

    #[test]
    fn a_reset_email_in_korean() {
        let email = render_for(Locale::ko, "김민아", "mina@example.com", LINK, 60);
        assert_eq!(email.subject, "Taskboard 비밀번호 재설정");
        insta::assert_snapshot!("password_reset_text_ko", email.text);
        insta::assert_snapshot!("password_reset_html_ko", email.html);
    }
}
