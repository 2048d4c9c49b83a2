//! The invitation email: a one-time link to join a board (`templates/invitation.*`). The
//! invitee has no account yet, so it is written in the inviter's language.

use super::render;
use crate::{i18n::*, server::mailer::Email};

/// What both parts say, already in words.
struct Invitation<'a> {
    greeting: &'a str,
    intro_text: String,
    intro_html: String,
    link: &'a str,
    link_text: String,
    fine_print: String,
    signature: &'a str,
}

email_templates!(Invitation, "invitation.txt", "invitation.html");

/// The email to `to`: `inviter` asks them to join `board` through `link`, which works for `days`.
pub fn render_for(locale: Locale, inviter: &str, board: &str, to: &str, link: &str, days: i64) -> Email {
    let invitation = Invitation {
        greeting: td_string!(locale, emails.hello_anyone),
        intro_text: td_string!(locale, emails.invitation_intro_text, inviter = inviter, board = board).to_string(),
        intro_html: td_string!(locale, emails.invitation_intro_html, inviter = inviter, board = board).to_string(),
        link,
        link_text: td_string!(locale, emails.invitation_link, board = board).to_string(),
        fine_print: td_string!(locale, emails.invitation_fine_print, days = days).to_string(),
        signature: td_string!(locale, emails.signature),
    };
    Email {
        unsubscribe: None,
        to: to.to_owned(),
        subject: td_string!(locale, emails.invitation_subject, inviter = inviter, board = board).to_string(),
        text: render(&Text(&invitation)),
        html: render(&Html(&invitation)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINK: &str = "https://tasks.example.com/invite/abc";

    #[test]
    fn names_are_escaped_in_html_and_the_link_is_kept_whole() {
        let email =
            render_for(Locale::en, "<Ann>", "Launch & <co>", "ben@example.com", "https://x.example/invite/abc", 7);
        assert!(email.html.contains("&lt;Ann&gt;") && email.html.contains("Launch &amp; &lt;co&gt;"));
        assert!(!email.html.contains("<Ann>"));
        assert!(email.text.contains("https://x.example/invite/abc"));
        assert_eq!(email.subject, "<Ann> invited you to Launch & <co> on Taskboard", "a subject is plain text");
    }

    #[test]
    fn an_invitation_reads_as_written() {
        let email = render_for(Locale::en, "Ann Admin", "Launch", "ben@example.com", LINK, 7);
        insta::assert_snapshot!("invitation_text", email.text);
        insta::assert_snapshot!("invitation_html", email.html);
    }

    #[test]
    fn an_invitation_in_korean() {
        let email = render_for(Locale::ko, "박지훈", "출시 준비", "ben@example.com", LINK, 7);
        assert_eq!(email.subject, "박지훈님이 Taskboard의 출시 준비 보드에 초대했습니다");
        insta::assert_snapshot!("invitation_text_ko", email.text);
        insta::assert_snapshot!("invitation_html_ko", email.html);
    }
}
