//! Every email the app sends, one module per kind. Each renders a text and an HTML part from
//! askama templates in `templates/` (checked when the crate compiles; HTML auto-escaped, so
//! nothing a person typed reaches the HTML raw) and is snapshot-tested with insta.
//!
//! The templates' folder is named in `askama.toml` beside this file, which every
//! `#[template(config = …)]` here points to.

pub mod notification;
pub mod password_reset;

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
