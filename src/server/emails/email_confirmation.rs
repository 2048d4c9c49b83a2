//! The email that confirms an account's address (a [`OneLink`] email), in the account's
//! language (its words from the catalog, `emails`).

use super::one_link::OneLink;
use crate::{i18n::*, server::mailer::Email};

/// The email to `to` (whose account is called `name`) with the confirmation `link`, which works
/// for `days`.
pub fn render_for(locale: Locale, name: &str, to: &str, link: &str, days: i64) -> Email {
    OneLink {
        greeting: td_string!(locale, emails.hello, name = name).to_string(),
        intro_text: td_string!(locale, emails.confirm_intro_text),
        intro_html: td_string!(locale, emails.confirm_intro_html),
        link,
        link_text: td_string!(locale, emails.confirm_link),
        fine_print: td_string!(locale, emails.confirm_fine_print, days = days).to_string(),
    }
    .email(to, td_string!(locale, emails.confirm_subject).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINK: &str = "https://tasks.example.com/verify-email?token=abc";

    #[test]
    fn a_confirmation_reads_as_written_and_escapes_the_name() {
        let email = render_for(Locale::en, "Mina <O'Neil>", "mina@example.com", LINK, 3);
        assert!(email.html.contains("Mina &lt;O&#x27;Neil&gt;") || email.html.contains("Mina &lt;O&#39;Neil&gt;"));
        insta::assert_snapshot!("email_confirmation_text", email.text);
        insta::assert_snapshot!("email_confirmation_html", email.html);
    }

    #[test]
    fn a_confirmation_in_korean() {
        let email = render_for(Locale::ko, "김민아", "mina@example.com", LINK, 3);
        assert_eq!(email.subject, "Taskboard 이메일 주소를 확인해 주세요");
        insta::assert_snapshot!("email_confirmation_text_ko", email.text);
        insta::assert_snapshot!("email_confirmation_html_ko", email.html);
    }
}
