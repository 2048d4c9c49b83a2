//! Every email the app sends, one module per kind. Each renders a text and an HTML part from
//! askama templates in `templates/` (checked when the crate compiles; HTML auto-escaped, so
//! nothing a person typed reaches the HTML raw) and is snapshot-tested with insta.
//!
//! The templates' folder is named in `askama.toml` beside this file, which every
//! `#[template(config = …)]` here points to.

/// Declares the two templates of one kind of email, `Text` and `Html`, in the calling module:
/// both filled in from one struct (`$data`), whose fields the templates name (`{{ name }}`).
macro_rules! email_templates {
    ($data:ident, $text:tt, $html:tt) => {
        #[derive(askama::Template)]
        #[template(path = $text, config = "src/server/emails/askama.toml")]
        struct Text<'a>(&'a $data<'a>);

        #[derive(askama::Template)]
        #[template(path = $html, config = "src/server/emails/askama.toml")]
        struct Html<'a>(&'a $data<'a>);

        // A template's `{{ name }}` is `self.name`, which Rust finds through these.
        impl<'a> std::ops::Deref for Text<'a> {
            type Target = $data<'a>;
            fn deref(&self) -> &$data<'a> {
                self.0
            }
        }

        impl<'a> std::ops::Deref for Html<'a> {
            type Target = $data<'a>;
            fn deref(&self) -> &$data<'a> {
                self.0
            }
        }
    };
}

pub mod digest;
pub mod email_confirmation;
pub mod invitation;
pub mod notification;
pub mod one_link;
pub mod password_reset;
pub mod reminder;

/// The unsubscribe footer every notification, digest and reminder ends with: the page's URL
/// (also the RFC 8058 header's), the text part's line and the HTML part's link words.
pub struct Unsubscribe {
    pub url: String,
    pub text: String,
    pub link: &'static str,
}

impl Unsubscribe {
    pub fn new(
        links: &crate::server::unsubscribe::Links,
        recipient: &crate::domain::audit::Recipient,
        kind: crate::domain::notifications::EmailKind,
    ) -> Unsubscribe {
        use crate::{domain::notifications::EmailKind, i18n::*};
        let locale = recipient.locale.unwrap_or_default();
        let url = links.unsubscribe(recipient.user_id, kind);
        let (text, link) = match kind {
            EmailKind::Changes => (
                td_string!(locale, emails.unsubscribe_text, url = &url).to_string(),
                td_string!(locale, emails.unsubscribe_link),
            ),
            EmailKind::Reminders => (
                td_string!(locale, emails.unsubscribe_reminders_text, url = &url).to_string(),
                td_string!(locale, emails.unsubscribe_reminders_link),
            ),
        };
        Unsubscribe { url, text, link }
    }
}

/// Renders an askama template into a `String`. Writing into a `String` cannot fail and the
/// templates call no fallible filters, so an error here is a bug in a template.
fn render(template: &impl askama::Template) -> String {
    template.render().expect("email templates render into a String without error")
}

/// The HTML parts' escaper (named in `askama.toml`): `&`, `<`, `>`, `"` and `'` as entities, so
/// what people typed is text wherever it lands, in an element or a quoted attribute.
#[derive(Debug, Clone, Copy)]
pub struct EmailHtml;

impl askama::filters::Escaper for EmailHtml {
    fn write_escaped_str<W: std::fmt::Write>(&self, mut dest: W, string: &str) -> std::fmt::Result {
        dest.write_str(&html_escape::encode_quoted_attribute(string))
    }
}
