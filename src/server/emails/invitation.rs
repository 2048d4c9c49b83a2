//! The invitation email: a one-time link to join a board (`templates/invitation.*`).

use super::render;
use crate::server::mailer::Email;

struct Invitation<'a> {
    inviter: &'a str,
    board: &'a str,
    link: &'a str,
    days: i64,
}

email_templates!(Invitation, "invitation.txt", "invitation.html");

/// The email to `to`: `inviter` asks them to join `board` through `link`, which works for `days`.
pub fn render_for(inviter: &str, board: &str, to: &str, link: &str, days: i64) -> Email {
    let invitation = Invitation { inviter, board, link, days };
    Email {
        to: to.to_owned(),
        subject: format!("{inviter} invited you to {board} on Taskboard"),
        text: render(&Text(&invitation)),
        html: render(&Html(&invitation)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_escaped_in_html_and_the_link_is_kept_whole() {
        let email = render_for("<Ann>", "Launch & <co>", "ben@example.com", "https://x.example/invite/abc", 7);
        assert!(email.html.contains("&lt;Ann&gt;") && email.html.contains("Launch &amp; &lt;co&gt;"));
        assert!(!email.html.contains("<Ann>"));
        assert!(email.text.contains("https://x.example/invite/abc"));
        assert_eq!(email.subject, "<Ann> invited you to Launch & <co> on Taskboard", "a subject is plain text");
    }

    #[test]
    fn an_invitation_reads_as_written() {
        let email = render_for("Ann Admin", "Launch", "ben@example.com", "https://tasks.example.com/invite/abc", 7);
        insta::assert_snapshot!("invitation_text", email.text);
        insta::assert_snapshot!("invitation_html", email.html);
    }
}
