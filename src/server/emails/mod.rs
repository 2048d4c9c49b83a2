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
