//! The shape the emails that carry one secret link share (the address confirmation and the
//! password reset): a greeting, what the link is for, the link, and its fine print
//! (`templates/one_link.*`). Each kind puts its own words in, from the catalog.

use super::render;
use crate::server::mailer::Email;

/// What both parts say, already in words.
pub struct OneLink<'a> {
    pub greeting: String,
    /// Before the link in the text part ("Open this link to …:").
    pub intro_text: &'a str,
    /// Before the link in the HTML part, where the link has its own words.
    pub intro_html: &'a str,
    pub link: &'a str,
    pub link_text: &'a str,
    pub fine_print: String,
}

email_templates!(OneLink, "one_link.txt", "one_link.html");

impl OneLink<'_> {
    pub fn email(&self, to: &str, subject: String) -> Email {
        Email { to: to.to_owned(), subject, text: render(&Text(self)), html: render(&Html(self)), unsubscribe: None }
    }
}
