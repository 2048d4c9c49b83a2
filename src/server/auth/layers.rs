//! HTTP layers around every route: security headers (with the CSP nonce), the cross-site
//! request check, and the session guard (absolute expiry, login redirect for pages).

use super::AuthSession;
use crate::server::AppState;
use axum::{
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use rand::RngCore as _;

/// A session older than this must log in again, however active it is.
pub const SESSION_ABSOLUTE_TIMEOUT: time::Duration = time::Duration::days(7);
/// A session unused for this long ends.
pub const SESSION_IDLE_TIMEOUT: time::Duration = time::Duration::hours(12);
/// Session key holding when the user logged in (Unix seconds).
pub const AUTHENTICATED_AT_KEY: &str = "taskboard.authenticated_at";
/// Session key holding when a request last pushed the idle expiry back (Unix seconds).
pub const SEEN_AT_KEY: &str = "taskboard.seen_at";
/// A request pushes the idle expiry back (a write of the session row) only when the last push
/// is at least this old, so most requests read the session and write nothing. The idle timeout
/// is therefore kept to within these five minutes.
pub const SESSION_TOUCH_INTERVAL_SECS: i64 = 300;

/// Pages anyone may see. Everything else sends an anonymous visitor to `/login`.
const PUBLIC_PAGES: [&str; 5] = ["/login", "/signup", "/forgot-password", "/reset-password", "/verify-email"];
/// Public pages under a path: an invitation link works before its owner has an account.
const PUBLIC_PREFIXES: [&str; 1] = ["/invite/"];

/// The span of the request being served (`startup::request_span`), kept in its extensions so
/// layers further in, which run inside spans of their own, can fill in its fields.
#[derive(Clone)]
pub struct RequestSpan(pub tracing::Span);

pub async fn remember_request_span(mut request: Request, next: Next) -> Response {
    request.extensions_mut().insert(RequestSpan(tracing::Span::current()));
    next.run(request).await
}

/// How many pages and server fn calls are being served; see [`shed_load`].
#[derive(Clone)]
pub struct RequestLimit(pub std::sync::Arc<tokio::sync::Semaphore>);

/// Refuses a request at once (503, Retry-After: 1) when `max_concurrent_requests` are already
/// being served. Under a flood the alternative is worse for everyone: requests queue for the
/// database, time out after seconds, and the work of those whose clients gave up still runs.
/// Assets and probes do not pass through here, and neither do live board streams: each stays
/// open as long as its page, and waits on nothing (one open page must not count as a request
/// in flight for as long as it is open).
pub async fn shed_load(State(limit): State<RequestLimit>, request: Request, next: Next) -> Response {
    if request.uri().path().ends_with("/live") {
        return next.run(request).await;
    }
    let Ok(_serving) = limit.0.clone().try_acquire_owned() else {
        tracing::warn!(path = %request.uri().path(), "request refused: too many at once");
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::RETRY_AFTER, "1"), (header::CACHE_CONTROL, "no-store")],
            "The server is busy. Please try again in a moment.",
        )
            .into_response();
    };
    next.run(request).await
}

/// This response's CSP nonce; the shell reads it to put it on the hydration script.
#[derive(Clone)]
pub struct CspNonce(pub String);

pub async fn security_headers(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    let nonce = URL_SAFE_NO_PAD.encode(bytes);
    request.extensions_mut().insert(CspNonce(nonce.clone()));

    let mut response = next.run(request).await;
    let not_modified = response.status() == StatusCode::NOT_MODIFIED;
    let headers = response.headers_mut();
    // The WASM needs 'wasm-unsafe-eval'; the only inline script is the hydration bootstrap,
    // which carries the nonce.
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
         frame-ancestors 'none'"
    );
    // A 304 updates the headers the browser kept with its copy of the page: a new nonce there
    // would no longer match the one in the kept page, and its scripts would not run.
    if !not_modified {
        if let Ok(value) = HeaderValue::from_str(&csp) {
            headers.insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert("permissions-policy", HeaderValue::from_static("camera=(), microphone=(), geolocation=()"));
    if state.config.base_url.starts_with("https://") {
        headers
            .insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    response
}

/// Puts this request's CSP nonce into Leptos's context, so `<HydrationScripts>` uses it.
/// Called from the shell while rendering a page.
pub fn provide_csp_nonce() {
    let nonce = leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned());
    if let Some(CspNonce(nonce)) = nonce {
        leptos::prelude::provide_context(leptos::nonce::Nonce::from_value(nonce));
    }
}

/// Refuses a state-changing request that a browser says came from another site
/// (`Sec-Fetch-Site`), or whose `Origin` is neither our base URL nor the requested host.
/// Requests with neither header come from non-browser clients, which cookies do not ride on.
pub async fn refuse_cross_site(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let safe_method = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    // A one-click unsubscribe comes from the mail provider, not from our pages; its signed
    // token is its authority, and it rides on no cookie (`server::unsubscribe`).
    let unsubscribe = request.uri().path().starts_with("/unsubscribe/");
    if !safe_method && !unsubscribe && is_cross_site(request.headers(), &state.config.base_url) {
        tracing::warn!(path = %request.uri().path(), "refused a cross-site request");
        return (StatusCode::FORBIDDEN, "Cross-site request refused").into_response();
    }
    next.run(request).await
}

fn is_cross_site(headers: &HeaderMap, base_url: &str) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return !matches!(site.to_str(), Ok("same-origin") | Ok("none"));
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else {
        return false;
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or("");
    !(origin == base_url || (!host.is_empty() && origin_host == host))
}

/// Ends sessions past their absolute lifetime, and sends anonymous visitors of a page to the
/// login page (remembering where they were going). Server fns check for themselves.
pub async fn session_guard(mut auth: AuthSession, request: Request, next: Next) -> Response {
    if auth.user.is_some() && session_too_old(&auth).await {
        if let Err(error) = auth.logout().await {
            tracing::error!(error = %error, "ending an expired session failed");
        }
    }
    if let Some(user) = &auth.user {
        if let Some(RequestSpan(span)) = request.extensions().get() {
            span.record("user.id", user.id);
        }
        touch(&auth).await;
    }
    if auth.user.is_none() && is_protected_page(&request) {
        let wanted = request.uri().path_and_query().map(|pq| pq.as_str()).unwrap_or("/");
        let target = if wanted == "/" { "/login".to_owned() } else { format!("/login?next={}", urlencode(wanted)) };
        return Redirect::to(&target).into_response();
    }
    let mut response = next.run(request).await;
    // Everything behind the session layer may be someone's own data (or set their cookie): no
    // shared cache, and no back-forward cache showing it after logout. (/pkg assets are
    // outside this layer and keep their long caching.)
    response.headers_mut().entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
    response
}

/// Marks the session changed when its idle expiry was last pushed back long enough ago; the
/// session layer then saves it with a fresh expiry.
async fn touch(auth: &AuthSession) {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let seen_at: Option<i64> = auth.session.get(SEEN_AT_KEY).await.ok().flatten();
    if seen_at.is_none_or(|at| now - at >= SESSION_TOUCH_INTERVAL_SECS) {
        if let Err(error) = auth.session.insert(SEEN_AT_KEY, now).await {
            tracing::warn!(error = %error, "marking the session as seen failed");
        }
    }
}

async fn session_too_old(auth: &AuthSession) -> bool {
    let logged_in_at: Option<i64> = auth.session.get(AUTHENTICATED_AT_KEY).await.ok().flatten();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    logged_in_at.is_none_or(|at| now - at > SESSION_ABSOLUTE_TIMEOUT.whole_seconds())
}

/// A page: a GET for a path without a file extension, outside the server fn and asset paths,
/// that is not one of the public pages.
fn is_protected_page(request: &Request) -> bool {
    let path = request.uri().path();
    let is_page = matches!(*request.method(), Method::GET | Method::HEAD)
        && !path.starts_with("/api/")
        && !path.starts_with("/pkg/")
        && !matches!(path, "/healthz" | "/readyz")
        && !path.rsplit('/').next().unwrap_or("").contains('.');
    is_page && !PUBLIC_PAGES.contains(&path) && !PUBLIC_PREFIXES.iter().any(|prefix| path.starts_with(prefix))
}

/// A path (with its query) as a query value: slashes kept, so `next=/tasks/7` stays readable.
fn urlencode(text: &str) -> String {
    const PATH_AS_VALUE: &percent_encoding::AsciiSet = &crate::domain::filter::QUERY_VALUE.remove(b'/');
    percent_encoding::utf8_percent_encode(text, PATH_AS_VALUE).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (header::HeaderName::from_static(k), HeaderValue::from_static(v))).collect()
    }

    #[test]
    fn same_origin_requests_pass() {
        let base = "https://tasks.example.com";
        assert!(!is_cross_site(&headers(&[("sec-fetch-site", "same-origin")]), base));
        assert!(!is_cross_site(&headers(&[("origin", "https://tasks.example.com")]), base));
        assert!(!is_cross_site(&headers(&[("origin", "http://127.0.0.1:3100"), ("host", "127.0.0.1:3100")]), base));
        assert!(!is_cross_site(&headers(&[]), base), "non-browser clients send neither header");
    }

    #[test]
    fn cross_site_requests_are_refused() {
        let base = "https://tasks.example.com";
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "cross-site")]), base));
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "same-site")]), base));
        assert!(is_cross_site(&headers(&[("origin", "https://evil.example"), ("host", "tasks.example.com")]), base));
        assert!(is_cross_site(&headers(&[("origin", "null"), ("host", "tasks.example.com")]), base));
    }

    #[test]
    fn login_redirect_keeps_the_query_encoded() {
        assert_eq!(urlencode("/tasks/7?tab=history&x=a b"), "/tasks/7%3Ftab%3Dhistory%26x%3Da%20b");
    }
}
