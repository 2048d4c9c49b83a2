//! The task list's cursors: where a page ended in board order (column, position, id), as an
//! opaque URL-safe string. Opaque so clients keep to "pass it back"; the server checks it
//! parses and trusts nothing else about it (it only narrows a query the caller may run anyway).

use crate::{
    domain::Status,
    server::db::{task_list::After, tasks::TaskRow},
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};

pub fn encode(last: &TaskRow) -> String {
    URL_SAFE_NO_PAD.encode(format!("{}.{}.{}", last.status.as_str(), last.position, last.id))
}

/// The place a cursor names, or `None` for anything this server did not give out.
pub fn decode(text: &str) -> Option<After> {
    let bytes = URL_SAFE_NO_PAD.decode(text.trim()).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let mut parts = text.split('.');
    let status = Status::parse(parts.next()?).ok()?;
    let position = parts.next()?.parse().ok()?;
    let id = parts.next()?.parse().ok()?;
    parts.next().is_none().then_some(After { status, position, id })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_and_nonsense_does_not() {
        let text = URL_SAFE_NO_PAD.encode("in_review.-2048.77");
        assert_eq!(decode(&text), Some(After { status: Status::InReview, position: -2048, id: 77 }));
        for bad in [
            "",
            "!!",
            &URL_SAFE_NO_PAD.encode("later.1.2"),
            &URL_SAFE_NO_PAD.encode("todo.1.2.3"),
            &URL_SAFE_NO_PAD.encode("todo.x.2"),
        ] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
    }
}
