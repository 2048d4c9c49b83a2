//! The email that confirms an account's address (`templates/email_confirmation.*`).

use super::render;
use crate::server::mailer::Email;

struct Confirmation<'a> {
    name: &'a str,
    link: &'a str,
    days: i64,
}

email_templates!(Confirmation, "email_confirmation.txt", "email_confirmation.html");

/// The email to `to` (whose account is called `name`) with the confirmation `link`, which works
/// for `days`.
pub fn render_for(name: &str, to: &str, link: &str, days: i64) -> Email {
    let confirmation = Confirmation { name, link, days };
    Email {
        to: to.to_owned(),
        subject: "Confirm your email address for Taskboard".to_owned(),
        text: render(&Text(&confirmation)),
        html: render(&Html(&confirmation)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_confirmation_reads_as_written_and_escapes_the_name() {
        let email =
            render_for("Mina <O'Neil>", "mina@example.com", "https://tasks.example.com/verify-email?token=abc", 3);
        assert!(email.html.contains("Mina &lt;O&#x27;Neil&gt;") || email.html.contains("Mina &lt;O&#39;Neil&gt;"));
        insta::assert_snapshot!("email_confirmation_text", email.text);
        insta::assert_snapshot!("email_confirmation_html", email.html);
    }
}
