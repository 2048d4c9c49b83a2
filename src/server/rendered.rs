//! The board's columns as rendered HTML, kept per instance (issue 20): the same island with the
//! same props renders the same HTML, so a board nobody changed is not rendered again for the
//! next request, only looked up. The key is the island's props as JSON — exactly what the
//! rendering depends on (the cards and who may move them, the filter, the language, the card
//! just created) — which the page would serialise into the island anyway.
//!
//! Bounded by entries (each about 200 KB at 50 cards a column: its HTML and its key), the
//! oldest going first.

use std::{
    collections::{hash_map::DefaultHasher, HashMap, VecDeque},
    hash::{Hash, Hasher},
    sync::{Arc, LazyLock, Mutex},
};

const CAPACITY: usize = 32;

#[derive(Default)]
struct Rendered {
    /// By a hash of the key; the key itself is kept and compared, so two keys with one hash
    /// never share an entry.
    entries: HashMap<u64, (String, Arc<str>)>,
    order: VecDeque<u64>,
}

static COLUMNS: LazyLock<Mutex<Rendered>> = LazyLock::new(Mutex::default);

/// The HTML for `key`: the kept copy, or `render()`'s, then kept.
pub fn columns(key: String, render: impl FnOnce() -> String) -> Arc<str> {
    let mut hasher = DefaultHasher::new();
    key.hash(&mut hasher);
    let hash = hasher.finish();
    {
        let kept = COLUMNS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((kept_key, html)) = kept.entries.get(&hash) {
            if *kept_key == key {
                return html.clone();
            }
        }
    }
    let html: Arc<str> = render().into();
    let mut kept = COLUMNS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if kept.entries.insert(hash, (key, html.clone())).is_none() {
        kept.order.push_back(hash);
    }
    while kept.entries.len() > CAPACITY {
        let Some(oldest) = kept.order.pop_front() else { break };
        kept.entries.remove(&oldest);
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_key_is_rendered_once_and_another_key_again() {
        let mut renders = 0;
        let mut render = |text: &str| {
            renders += 1;
            text.to_owned()
        };
        let key = format!("test key {:?}", std::time::Instant::now());
        assert_eq!(&*columns(key.clone(), || render("<p>one</p>")), "<p>one</p>");
        assert_eq!(&*columns(key.clone(), || render("<p>changed</p>")), "<p>one</p>", "kept");
        assert_eq!(&*columns(format!("{key} other"), || render("<p>two</p>")), "<p>two</p>");
        assert_eq!(renders, 2);
    }
}
