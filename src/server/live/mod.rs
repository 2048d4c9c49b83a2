//! The live board (DESIGN.md "Live updates"): every instance watches the audit outbox's id
//! sequence in MySQL ([`feed`]) and fans each board's changes out to the pages of that board it
//! serves, over server-sent events ([`stream`]). Nothing but MySQL is shared between instances,
//! so any number of them behind the load balancer see every change.

pub mod feed;
pub mod stream;

pub use feed::LiveFeed;
