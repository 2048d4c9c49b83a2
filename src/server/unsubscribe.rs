//! Unsubscribing from an email without logging in. Every notification, digest and reminder
//! email carries a link to `/unsubscribe/{token}` and the RFC 8058 headers naming the same URL,
//! so a mail client can offer one click. The token names the user and the kind of email and is
//! signed (HMAC-SHA256 with `UNSUBSCRIBE_KEY`), so it cannot be forged for someone else and
//! needs no table; it never expires, as an email in an inbox does not.
//!
//! A GET only shows the page with its button (link scanners prefetch links); the POST — the
//! button's, or a mail client's `List-Unsubscribe=One-Click` — turns the emails off. That POST
//! arrives from the mail provider without our cookies or Origin, so the cross-site check lets
//! this path through (`auth::layers::refuse_cross_site`): the token is the authority, and the
//! worst a replayed one can do is what its owner asked for.

use crate::{
    domain::notifications::{EmailKind, EmailMode},
    server::{
        db::{schema::users, Db},
        errors::ServerError,
        AppState,
    },
};
use axum::{
    extract::{Path, State},
    http::{header, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use hmac::{KeyInit, Mac};
use secrecy::{ExposeSecret, SecretString};
use std::sync::Arc;

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// Bytes of the signature kept in a token: 128 bits, enough against guessing.
const SIGNATURE_BYTES: usize = 16;

/// The links every notification email carries, built from `APP_BASE_URL` and the key.
#[derive(Clone)]
pub struct Links {
    base_url: String,
    key: Arc<SecretString>,
}

impl Links {
    pub fn new(base_url: &str, key: SecretString) -> Links {
        Links { base_url: base_url.trim_end_matches('/').to_owned(), key: Arc::new(key) }
    }

    /// `{base}{path}`, for a link to a page.
    pub fn page(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// The unsubscribe page for `user_id`'s emails of `kind`: also the `List-Unsubscribe` URL.
    pub fn unsubscribe(&self, user_id: i64, kind: EmailKind) -> String {
        format!("{}/unsubscribe/{}", self.base_url, self.token(user_id, kind))
    }

    /// `{user}.{kind}.{signature}`.
    pub fn token(&self, user_id: i64, kind: EmailKind) -> String {
        let signature = self.signature(user_id, kind).finalize().into_bytes();
        format!("{user_id}.{}.{}", kind.as_str(), URL_SAFE_NO_PAD.encode(&signature[..SIGNATURE_BYTES]))
    }

    /// Whose emails of which kind `token` stands for; `None` unless we signed it.
    pub fn verify(&self, token: &str) -> Option<(i64, EmailKind)> {
        let mut parts = token.splitn(3, '.');
        let user_id: i64 = parts.next()?.parse().ok()?;
        let kind = EmailKind::parse(parts.next()?)?;
        let signature = URL_SAFE_NO_PAD.decode(parts.next()?).ok()?;
        if signature.len() != SIGNATURE_BYTES {
            return None;
        }
        // Compared in constant time.
        self.signature(user_id, kind).verify_truncated_left(&signature).ok()?;
        Some((user_id, kind))
    }

    fn signature(&self, user_id: i64, kind: EmailKind) -> HmacSha256 {
        let mut mac =
            HmacSha256::new_from_slice(self.key.expose_secret().as_bytes()).expect("HMAC takes a key of any length");
        mac.update(format!("taskboard unsubscribe v1\n{user_id}\n{}", kind.as_str()).as_bytes());
        mac
    }
}

/// Turns off `user_id`'s emails of `kind`. Doing it twice is doing it once.
#[tracing::instrument(skip(db), err(level = "debug"))]
pub async fn unsubscribe(db: &Db, user_id: i64, kind: EmailKind) -> Result<(), ServerError> {
    db.write(move |conn| {
        Box::pin(async move {
            let target = users::table.find(user_id);
            match kind {
                EmailKind::Changes => {
                    diesel::update(target).set(users::email_mode.eq(EmailMode::Never.as_str())).execute(conn).await?
                }
                EmailKind::Reminders => {
                    diesel::update(target).set(users::deadline_reminders.eq(false)).execute(conn).await?
                }
            };
            Ok(())
        })
    })
    .await?;
    tracing::info!("unsubscribed");
    Ok(())
}

/// `POST /unsubscribe/{token}`: the page's button (back to the page, which then says it is
/// done) or a mail client's one-click request (a plain 200).
pub async fn post(State(state): State<AppState>, Path(token): Path<String>, body: String) -> Response {
    let Some((user_id, kind)) = state.links.verify(&token) else {
        return (StatusCode::NOT_FOUND, "This unsubscribe link is not valid.").into_response();
    };
    if let Err(error) = unsubscribe(&state.db, user_id, kind).await {
        tracing::error!(error = %crate::server::errors::chain(&error), "unsubscribing failed");
        return (StatusCode::SERVICE_UNAVAILABLE, [(header::RETRY_AFTER, "5")], "Please try again.").into_response();
    }
    if body.contains("List-Unsubscribe=One-Click") {
        (StatusCode::OK, "Unsubscribed.").into_response()
    } else {
        Redirect::to(&format!("/unsubscribe/{token}?done=1")).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(key: &str) -> Links {
        Links::new("https://tasks.example.com/", SecretString::from(key.to_owned()))
    }

    #[test]
    fn a_token_names_its_user_and_kind_and_only_verifies_with_its_key() {
        let links = links("a key");
        let token = links.token(42, EmailKind::Changes);
        assert!(token.starts_with("42.changes."), "{token}");
        assert_eq!(links.verify(&token), Some((42, EmailKind::Changes)));
        assert_eq!(links.unsubscribe(42, EmailKind::Changes), format!("https://tasks.example.com/unsubscribe/{token}"));
        assert_eq!(super::tests::links("another key").verify(&token), None);
    }

    #[test]
    fn a_changed_user_kind_or_signature_does_not_verify() {
        let links = links("a key");
        let token = links.token(42, EmailKind::Changes);
        let signature = token.rsplit('.').next().unwrap();
        assert_eq!(links.verify(&format!("43.changes.{signature}")), None);
        assert_eq!(links.verify(&format!("42.reminders.{signature}")), None);
        assert_eq!(links.verify(&format!("42.changes.{}", &signature[1..])), None);
        assert_eq!(links.verify("42.changes"), None);
        assert_eq!(links.verify("garbage"), None);
        assert_eq!(links.verify(""), None);
        assert_ne!(links.token(42, EmailKind::Reminders), token);
    }
}
