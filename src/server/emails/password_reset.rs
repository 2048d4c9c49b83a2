//! The password reset email: a single-use link to choose a new password
//! (`templates/password_reset.*`).

use super::render;
use crate::server::mailer::Email;

struct Reset<'a> {
    name: &'a str,
    link: &'a str,
    minutes: i64,
}

email_templates!(Reset, "password_reset.txt", "password_reset.html");

/// The email to `to` (whose account is called `name`) with the reset `link`, which works for
/// `minutes`.
pub fn render_for(name: &str, to: &str, link: &str, minutes: i64) -> Email {
    let reset = Reset { name, link, minutes };
    Email {
        to: to.to_owned(),
        subject: "Reset your Taskboard password".to_owned(),
        text: render(&Text(&reset)),
        html: render(&Html(&reset)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_is_escaped_in_html_and_the_link_is_kept_whole() {
        let email = render_for("<Mina>", "mina@example.com", "https://x.example/reset-password?token=t", 60);
        assert!(email.html.contains("&lt;Mina&gt;"));
        assert!(email.text.contains("https://x.example/reset-password?token=t"));
        assert!(email.text.starts_with("Hello <Mina>,"), "the text part is not HTML");
    }

    #[test]
    fn a_reset_email_reads_as_written() {
        let email =
            render_for("Mina O'Neil", "mina@example.com", "https://tasks.example.com/reset-password?token=abc", 60);
        insta::assert_snapshot!("password_reset_text", email.text);
        insta::assert_snapshot!("password_reset_html", email.html);
    }
}
