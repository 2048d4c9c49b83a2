//! Conditional GETs of the board page and of the `board` server fn (issue 20; the fn is a GET,
//! which the board's island calls after each live change and move): each answer carries an
//! `ETag`, and a browser that asks again with `If-None-Match` gets `304 Not Modified` — no board
//! read, no rendering, no body — for as long as nothing the answer shows has changed.
//!
//! The tag is worked out before the page, from what the page is made of: the board's stamp
//! (which every write to the board moves, `db::board::BoardStamp`; reading it also checks
//! membership), the viewer (their account's name and settings, their unread count in the
//! header), the request (its path and query, language and cookies) and the build. Only a
//! member gets a 304: for anyone else there is no tag (the stamp is read for members only), so
//! the request goes on to the page, which answers 404.

use super::{
    auth::{AuthSession, User},
    db::board,
    preferences::RequestPrefs,
    AppState,
};
use axum::{
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

/// A page that may be kept, but only by the viewer's own browser, and asked about every time.
const PRIVATE_REVALIDATE: &str = "private, no-cache";

pub async fn board_page(State(state): State<AppState>, auth: AuthSession, request: Request, next: Next) -> Response {
    let (Some(user), Some(board_id)) = (auth.user.as_ref(), board_page_id(&request)) else {
        return next.run(request).await;
    };
    // Only what the tag is made of crosses the awaits (a request's body is not `Sync`).
    let (uri, headers) = (request.uri().to_string(), request.headers().clone());
    let (tag, known) = match board_tag(&state, user, board_id, &uri, &headers).await {
        Ok(Some(worked_out)) => worked_out,
        // Not a member, or the database failed: the page says so in its own way.
        Ok(None) => return next.run(request).await,
        Err(error) => {
            tracing::warn!(error = %error, "working out the board page's ETag failed");
            return next.run(request).await;
        }
    };
    let etag = HeaderValue::from_str(&format!("\"{tag}\"")).expect("hex is a valid header value");
    if matches(request.headers(), &etag) {
        return (
            StatusCode::NOT_MODIFIED,
            [(header::ETAG, etag), (header::CACHE_CONTROL, HeaderValue::from_static(PRIVATE_REVALIDATE))],
        )
            .into_response();
    }
    // The page reads what the tag was made of instead of reading it again.
    let mut request = request;
    request.extensions_mut().insert(known);
    let mut response = next.run(request).await;
    if response.status() == StatusCode::OK {
        let headers = response.headers_mut();
        headers.insert(header::ETAG, etag);
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(PRIVATE_REVALIDATE));
    }
    response
}

/// What the tag was worked out from, kept in the request for the page to use: the board's
/// stamp and the viewer's unread count, as of just before the page.
#[derive(Debug, Clone, Copy)]
pub struct Known {
    pub board_id: i64,
    pub stamp: board::BoardStamp,
    pub unread: i64,
}

impl Known {
    /// For the page being rendered, when its tag was worked out.
    pub fn for_this_page() -> Option<Known> {
        leptos::prelude::use_context::<axum::http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Known>().copied())
    }
}

/// `Some(id)` for `GET /boards/{id}` (with any query), the board page, and for the `board`
/// server fn's `GET /api/board?board={id}&…`.
fn board_page_id(request: &Request) -> Option<i64> {
    if request.method() != Method::GET {
        return None;
    }
    if request.uri().path() == "/api/board" {
        let query = request.uri().query()?;
        return query.split('&').find_map(|pair| pair.strip_prefix("board="))?.parse().ok();
    }
    let id = request.uri().path().strip_prefix("/boards/")?;
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    id.parse().ok()
}

/// Whether `If-None-Match` names `etag` (or is `*`).
fn matches(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let Some(wanted) = headers.get(header::IF_NONE_MATCH).and_then(|value| value.to_str().ok()) else {
        return false;
    };
    let etag = etag.to_str().unwrap_or_default();
    wanted.split(',').map(|tag| tag.trim().trim_start_matches("W/")).any(|tag| tag == "*" || tag == etag)
}

/// The board page's tag for `user`, or `None` when they are not a member of the board.
#[tracing::instrument(skip_all, fields(board.id = board_id), err(level = "debug"))]
async fn board_tag(
    state: &AppState,
    user: &User,
    board_id: i64,
    uri: &str,
    headers: &HeaderMap,
) -> Result<Option<(String, Known)>, super::errors::ServerError> {
    let Some(stamp) = board::stamp(&state.db, board_id, user.id).await? else { return Ok(None) };
    let unread = super::inbox::unread(&state.db, user.id).await?;
    let prefs = RequestPrefs::for_user(Some(user), headers);
    let mut hash = Sha256::new();
    hash.update(build_id().as_bytes());
    let header = |name| headers.get(name).map(HeaderValue::as_bytes).unwrap_or_default();
    for part in [
        format!("{stamp:?}"),
        format!("{} {} {} {:?} {:?}", user.id, user.name, user.verified, user.language, user.theme),
        format!("{} {:?} {} {unread}", prefs.time_zone, prefs.locale, prefs.today()),
        uri.to_owned(),
    ] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    for name in [header::ACCEPT_LANGUAGE, header::COOKIE] {
        hash.update(header(name));
        hash.update([0]);
    }
    Ok(Some((hex::encode(&hash.finalize()[..16]), Known { board_id, stamp, unread })))
}

/// What tells one build's pages from another's: the version, and the hashed asset names the
/// pages link to (cargo-leptos's `hash.txt` beside the binary, when there is one).
fn build_id() -> &'static str {
    static BUILD: OnceLock<String> = OnceLock::new();
    BUILD.get_or_init(|| {
        let hashes = std::env::current_exe()
            .ok()
            .and_then(|exe| std::fs::read_to_string(exe.with_file_name("hash.txt")).ok())
            .unwrap_or_default();
        format!("{} {hashes}", env!("CARGO_PKG_VERSION"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(if_none_match: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::IF_NONE_MATCH, HeaderValue::from_static(if_none_match));
        headers
    }

    #[test]
    fn if_none_match_names_the_tag_among_others_weak_or_not() {
        let tag = HeaderValue::from_static("\"abc\"");
        assert!(matches(&headers("\"abc\""), &tag));
        assert!(matches(&headers("\"x\", W/\"abc\""), &tag));
        assert!(matches(&headers("*"), &tag));
        assert!(!matches(&headers("\"abcd\""), &tag));
        assert!(!matches(&HeaderMap::new(), &tag));
    }

    #[test]
    fn only_the_board_page_itself_is_conditional() {
        let get = |uri: &str| Request::builder().uri(uri).body(axum::body::Body::empty()).unwrap();
        assert_eq!(board_page_id(&get("/boards/12?mine=1")), Some(12));
        assert_eq!(board_page_id(&get("/boards/12/members")), None);
        assert_eq!(board_page_id(&get("/boards/")), None);
        assert_eq!(board_page_id(&get("/boards/new")), None);
        let post = Request::builder().method(Method::POST).uri("/boards/12").body(axum::body::Body::empty()).unwrap();
        assert_eq!(board_page_id(&post), None);
        assert_eq!(board_page_id(&get("/api/board?board=12&filter[mine]=true")), Some(12));
        assert_eq!(board_page_id(&get("/api/board?filter[person]=3")), None);
        assert_eq!(board_page_id(&get("/api/board_header?board=12")), None);
    }
}
