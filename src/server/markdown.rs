//! Comments' Markdown, rendered once, on the server, when a comment is written (the stored HTML
//! is what pages show): paragraphs, emphasis, strikethrough, lists, task lists, links, code and
//! quotes. Raw HTML is shown as the text it is, images as links to them (nothing remote loads
//! on a task's page), and `@handle` of a board member becomes a link to the members page. What
//! pulldown-cmark writes then goes through ammonia's allow-list, so even a bug above cannot put
//! a script, an event handler or a `javascript:` URL on a page.
//!
//! Time: pulldown-cmark parses in linear time, and comments are at most
//! [`COMMENT_MAX_CHARS`](crate::domain::comment::COMMENT_MAX_CHARS) long (a test renders
//! pathological inputs of that length within a budget).

use crate::domain::handle::is_handle_char;
use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use std::{
    collections::{HashMap, HashSet},
    sync::LazyLock,
};

/// The rendered comment and whom it mentions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    /// The user ids of the members it mentions, each once, in order.
    pub mentioned: Vec<i64>,
}

/// A board member who can be mentioned: handle → user id.
pub type Handles = HashMap<String, i64>;

/// Renders `source` for board `board_id`, whose members are `handles`.
pub fn render(source: &str, board_id: i64, handles: &Handles) -> Rendered {
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut mentioned = Vec::new();
    // Inside a link or code a `@name` is left as written.
    let mut in_link = 0usize;
    let mut events = Vec::new();
    for event in Parser::new_ext(source, options) {
        match event {
            // Raw HTML is text: `<b>` reads as `<b>`.
            Event::Html(html) | Event::InlineHtml(html) => events.push(Event::Text(html)),
            Event::Start(Tag::Image { dest_url, title, .. }) => {
                in_link += 1;
                events.push(Event::Start(Tag::Link {
                    link_type: LinkType::Inline,
                    dest_url,
                    title,
                    id: CowStr::from(""),
                }));
            }
            Event::End(TagEnd::Image) => {
                in_link -= 1;
                events.push(Event::End(TagEnd::Link));
            }
            Event::Start(Tag::Link { .. }) => {
                in_link += 1;
                events.push(event);
            }
            Event::End(TagEnd::Link) => {
                in_link -= 1;
                events.push(event);
            }
            Event::Text(text) if in_link == 0 => mentions(&text, board_id, handles, &mut mentioned, &mut events),
            other => events.push(other),
        }
    }
    let mut html = String::with_capacity(source.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Rendered { html: SANITIZER.clean(&html).to_string(), mentioned }
}

/// Splits `text` around the `@handle`s of members, each becoming a link (an HTML event this
/// module writes; `text` itself stays text, escaped by the HTML writer).
fn mentions<'a>(
    text: &CowStr<'a>,
    board_id: i64,
    handles: &Handles,
    mentioned: &mut Vec<i64>,
    events: &mut Vec<Event<'a>>,
) {
    let mut rest_start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // A mention starts at `@` that does not follow a handle character or a letter (so an
        // email address is not one).
        let starts = bytes[i] == b'@'
            && text[..i].chars().next_back().is_none_or(|c| !is_handle_char(c) && !c.is_alphanumeric());
        if !starts {
            i += 1;
            continue;
        }
        // Handles are lower case; `@Mina` mentions mina too.
        let end =
            text[i + 1..].find(|c: char| !is_handle_char(c.to_ascii_lowercase())).map_or(text.len(), |n| i + 1 + n);
        // A sentence's full stop is not part of the handle: "thanks @ben." mentions ben.
        let name = text[i + 1..end].trim_end_matches('.');
        let end = i + 1 + name.len();
        match handles.get(&name.to_ascii_lowercase()) {
            Some(user_id) if !name.is_empty() => {
                if rest_start < i {
                    events.push(Event::Text(CowStr::from(text[rest_start..i].to_owned())));
                }
                events.push(Event::InlineHtml(CowStr::from(format!(
                    r#"<a class="mention" href="/boards/{board_id}/members">@{name}</a>"#
                ))));
                if !mentioned.contains(user_id) {
                    mentioned.push(*user_id);
                }
                rest_start = end;
            }
            _ => {}
        }
        i = end.max(i + 1);
    }
    if rest_start < text.len() {
        events.push(Event::Text(CowStr::from(text[rest_start..].to_owned())));
    }
}

/// The allow-list: the tags the renderer writes, links to the web and mail only, every link
/// marked as user content that search engines must not follow and that gets no `opener`.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let tags: HashSet<&str> = [
        "p",
        "br",
        "em",
        "strong",
        "del",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "input",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
    ]
    .into();
    let mut attributes: HashMap<&str, HashSet<&str>> = HashMap::new();
    attributes.insert("a", ["href", "title"].into());
    attributes.insert("input", ["type", "checked", "disabled"].into());
    attributes.insert("ol", ["start"].into());
    let mut classes: HashMap<&str, HashSet<&str>> = HashMap::new();
    classes.insert("a", ["mention"].into());
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(tags)
        .tag_attributes(attributes)
        .allowed_classes(classes)
        .url_schemes(["http", "https", "mailto"].into())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(Some("noopener noreferrer nofollow ugc"));
    builder
});

#[cfg(test)]
mod tests {
    use super::*;

    fn members() -> Handles {
        [("ben".to_owned(), 2), ("mina.park".to_owned(), 3)].into()
    }

    fn html(source: &str) -> String {
        render(source, 7, &members()).html
    }

    #[test]
    fn markdown_becomes_safe_html() {
        assert_eq!(html("Hello *there*, **you**"), "<p>Hello <em>there</em>, <strong>you</strong></p>\n");
        assert_eq!(html("- one\n- two"), "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n");
        assert_eq!(html("`x < y`"), "<p><code>x &lt; y</code></p>\n");
        assert!(html("- [x] done\n- [ ] not yet").contains(r#"<input disabled="" type="checkbox" checked="">"#));
        assert_eq!(
            html("[docs](https://example.com/a?b=1)"),
            "<p><a href=\"https://example.com/a?b=1\" rel=\"noopener noreferrer nofollow ugc\">docs</a></p>\n"
        );
    }

    #[test]
    fn nothing_in_a_comment_can_run_or_load() {
        let script = html("<script>alert(1)</script>");
        assert!(!script.contains("<script") && script.contains("&lt;script&gt;"), "{script}");
        let raw = html("Hi <b onmouseover=\"alert(1)\">x</b>");
        assert!(!raw.contains("<b") && raw.contains("&lt;b onmouseover="), "{raw}");
        let js = html("[click](javascript:alert(1))");
        assert!(!js.contains("href=\"javascript"), "{js}");
        let data = html("[x](data:text/html;base64,PHNjcmlwdD4=)");
        assert!(!data.contains("href=\"data:"), "{data}");
        let image = html("![a cat](https://evil.example/track.png)");
        assert!(!image.contains("<img"), "{image}");
        assert!(image.contains(r#"href="https://evil.example/track.png""#) && image.contains("a cat"), "{image}");
        let autolink = html("<javascript:alert(1)>");
        assert!(!autolink.contains("href=\"javascript"), "{autolink}");
    }

    #[test]
    fn members_handles_become_mentions() {
        let rendered = render("@ben can you check the numbers? cc @Mina.Park.", 7, &members());
        assert_eq!(rendered.mentioned, [2, 3]);
        assert_eq!(
            rendered.html,
            "<p><a class=\"mention\" href=\"/boards/7/members\" rel=\"noopener noreferrer nofollow ugc\">@ben</a> can \
             you check the numbers? cc <a class=\"mention\" href=\"/boards/7/members\" rel=\"noopener noreferrer \
             nofollow ugc\">@Mina.Park</a>.</p>\n"
        );
    }

    #[test]
    fn other_ats_are_plain_text() {
        for source in ["@stranger hi", "mail ben@example.com", "`@ben`", "[@ben](https://example.com)", "@ benny"] {
            let rendered = render(source, 7, &members());
            assert!(rendered.mentioned.is_empty(), "{source}: {rendered:?}");
            assert!(!rendered.html.contains("mention"), "{source}: {rendered:?}");
        }
    }

    #[test]
    fn pathological_inputs_render_within_their_budget() {
        let budget = std::time::Duration::from_millis(500);
        let inputs = [
            "[".repeat(10_000),
            "*a".repeat(5_000),
            "> ".repeat(5_000),
            "- ".repeat(5_000),
            "`".repeat(10_000),
            "<".repeat(10_000),
            "@".repeat(10_000),
            "[a](".repeat(2_500),
            "**_~~".repeat(2_000),
        ];
        for input in inputs {
            let start = std::time::Instant::now();
            let rendered = render(&input, 7, &members());
            let took = start.elapsed();
            assert!(took < budget, "{}… took {took:?}", &input[..10]);
            assert!(!rendered.html.contains("<script"));
        }
    }
}
