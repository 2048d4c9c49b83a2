//! The hash chain over a task's audit rows: each row's hash covers its own event and the hash
//! of the row before, so changing or removing a row breaks every link after it.

use sha2::{Digest, Sha256};

/// The "previous hash" of a task's first event.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hash of event number `seq` (its JSON exactly as stored) following `previous`.
pub fn link(previous: &str, seq: i32, event_json: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(previous.as_bytes());
    hasher.update(b"\n");
    hasher.update(seq.to_string().as_bytes());
    hasher.update(b"\n");
    hasher.update(event_json.as_bytes());
    hex::encode(hasher.finalize())
}

/// One stored link: what the audit table holds besides the event's own fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub seq: i32,
    pub event_json: String,
    pub previous: String,
    pub hash: String,
}

/// Whether `links` (in `seq` order) are the whole chain from the first event: numbered 1, 2, 3,
/// …, each linked to the one before, each hash matching its contents.
pub fn verify(links: &[Link]) -> bool {
    let mut previous = GENESIS_HASH.to_owned();
    for (index, row) in links.iter().enumerate() {
        if row.seq != index as i32 + 1
            || row.previous != previous
            || row.hash != link(&previous, row.seq, &row.event_json)
        {
            return false;
        }
        previous = row.hash.clone();
    }
    true
}

/// Whether `links` (consecutive, in `seq` order, oldest first) hold together: each hash matches
/// its contents and each links to the one before. The oldest must start the chain if it is
/// event 1; otherwise its own `previous` is taken as given (its predecessor is on another
/// page, where that link is checked). A page of history is verified this way, so reading it
/// costs one page of rows however long the history is.
pub fn verify_segment(links: &[Link]) -> bool {
    let Some(first) = links.first() else { return true };
    if first.seq == 1 && first.previous != GENESIS_HASH {
        return false;
    }
    let mut previous = first.previous.clone();
    for (offset, row) in links.iter().enumerate() {
        if row.seq != first.seq + offset as i32
            || row.previous != previous
            || row.hash != link(&previous, row.seq, &row.event_json)
        {
            return false;
        }
        previous = row.hash.clone();
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(events: &[&str]) -> Vec<Link> {
        let mut previous = GENESIS_HASH.to_owned();
        let mut links = Vec::new();
        for (i, event) in events.iter().enumerate() {
            let seq = i as i32 + 1;
            let hash = link(&previous, seq, event);
            links.push(Link { seq, event_json: (*event).to_owned(), previous, hash: hash.clone() });
            previous = hash;
        }
        links
    }

    #[test]
    fn an_untouched_chain_verifies() {
        assert!(verify(&chain(&[r#"{"a":1}"#, r#"{"b":2}"#, r#"{"c":3}"#])));
        assert!(verify(&[]));
    }

    #[test]
    fn a_changed_event_is_detected() {
        let mut links = chain(&[r#"{"a":1}"#, r#"{"b":2}"#]);
        links[0].event_json = r#"{"a":2}"#.to_owned();
        assert!(!verify(&links));
    }

    #[test]
    fn a_removed_or_reordered_event_is_detected() {
        let links = chain(&[r#"{"a":1}"#, r#"{"b":2}"#, r#"{"c":3}"#]);
        assert!(!verify(&[links[0].clone(), links[2].clone()]));
        assert!(!verify(&[links[1].clone(), links[0].clone(), links[2].clone()]));
        assert!(!verify(&links[1..]), "the first event must be there");
    }

    #[test]
    fn a_segment_verifies_on_its_own_and_still_catches_a_change() {
        let links = chain(&[r#"{"a":1}"#, r#"{"b":2}"#, r#"{"c":3}"#, r#"{"d":4}"#]);
        assert!(verify_segment(&links[2..]), "a later page, without the rows before it");
        assert!(verify_segment(&links));
        let mut changed = links[1..].to_vec();
        changed[0].event_json = r#"{"b":3}"#.to_owned();
        assert!(!verify_segment(&changed));
        let mut relinked = links.clone();
        relinked[1].hash = link(&relinked[1].previous, 2, r#"{"b":3}"#);
        relinked[1].event_json = r#"{"b":3}"#.to_owned();
        assert!(!verify_segment(&relinked[1..]), "the next row still links to the old hash");
        assert!(!verify_segment(&[links[0].clone(), links[2].clone()]), "a gap");
    }

    #[test]
    fn a_recomputed_hash_does_not_hide_a_change_from_the_next_link() {
        let mut links = chain(&[r#"{"a":1}"#, r#"{"b":2}"#]);
        links[0].event_json = r#"{"a":2}"#.to_owned();
        links[0].hash = link(GENESIS_HASH, 1, &links[0].event_json);
        assert!(!verify(&links));
    }
}
