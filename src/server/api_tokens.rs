//! Personal access tokens: made on the account page (shown once), listed, revoked, and turned
//! back into their owner by the REST API (`server::rest::caller`).

use super::{
    audit::record::now,
    auth::User,
    db::{
        api_tokens::{self as queries, NewToken, TokenRow},
        Db,
    },
    errors::ServerError,
};
use crate::domain::{
    api_token::{CreatedToken, NewTokenForm, TokenAccess, TokenView, TOKEN_PREFIX},
    AppError, Message,
};
use chrono::{NaiveDateTime, TimeDelta};
use chrono_tz::Tz;
use rand::Rng as _;
use sha2::{Digest as _, Sha256};

/// Random characters after the prefix: 40 of 62 letters and digits are 238 bits. Letters and
/// digits only, so a double click selects the whole token.
const SECRET_CHARS: usize = 40;
/// How much of the token the account page shows beside its name (the prefix and four more).
const HINT_CHARS: usize = TOKEN_PREFIX.len() + 4;

/// Makes a token for `owner` and returns it: the only time its secret is seen, as only its hash
/// is kept. It works through the end of the form's last day on `zone`'s calendar.
#[tracing::instrument(skip_all, fields(user.id = owner.id), err(level = "debug"))]
pub async fn create(db: &Db, owner: &User, form: NewTokenForm, zone: Tz) -> Result<CreatedToken, ServerError> {
    let random: String =
        rand::rng().sample_iter(rand::distr::Alphanumeric).take(SECRET_CHARS).map(char::from).collect();
    let secret = format!("{TOKEN_PREFIX}{random}");
    let expires_at = form.last_day.map(|day| end_of_day(day, zone));
    let stored = queries::insert(
        db,
        NewToken {
            user_id: owner.id,
            name: form.name.as_str(),
            secret_hash: &hash(&secret),
            hint: &secret[..HINT_CHARS],
            access: form.access.as_str(),
            expires_at,
            created_at: now(),
        },
    )
    .await?;
    if !stored {
        return Err(AppError::invalid("name", Message::TokensFull).into());
    }
    tracing::info!(access = form.access.as_str(), "API token created");
    Ok(CreatedToken { name: form.name.as_str().to_owned(), secret })
}

/// `owner`'s tokens, newest first.
pub async fn list(db: &Db, owner: &User) -> Result<Vec<TokenView>, ServerError> {
    Ok(queries::of_user(db, owner.id).await?.into_iter().filter_map(view).collect())
}

/// Revokes `owner`'s token `id`: it stops working at once, on every instance (each request
/// reads its token). Someone else's token is `NotFound`.
#[tracing::instrument(skip(db, owner), fields(user.id = owner.id), err(level = "debug"))]
pub async fn revoke(db: &Db, owner: &User, id: i64) -> Result<(), ServerError> {
    queries::revoke(db, owner.id, id).await?.ok_or(AppError::NotFound)?;
    tracing::info!(token.id = id, "API token revoked");
    Ok(())
}

/// Who a request's bearer token stands for.
#[derive(Debug, Clone)]
pub struct TokenCaller {
    pub user: User,
    pub token_id: i64,
    pub access: TokenAccess,
}

/// The owner of `secret`, when it is a token that exists, has not expired, and belongs to an
/// active account; `None` otherwise (which of these it was is not told). A string that cannot
/// be a token costs no query.
pub async fn authenticate(db: &Db, secret: &str) -> Result<Option<TokenCaller>, ServerError> {
    let well_formed = secret.len() == TOKEN_PREFIX.len() + SECRET_CHARS
        && secret.starts_with(TOKEN_PREFIX)
        && secret[TOKEN_PREFIX.len()..].bytes().all(|b| b.is_ascii_alphanumeric());
    if !well_formed {
        return Ok(None);
    }
    let Some((token, user)) = queries::authenticate(db, hash(secret), now()).await? else { return Ok(None) };
    let Some(access) = TokenAccess::from_stored(&token.access) else { return Ok(None) };
    if !user.is_active() {
        return Ok(None);
    }
    Ok(Some(TokenCaller { user: User::from(user), token_id: token.id, access }))
}

/// The hex SHA-256 of a token: what `api_tokens` keeps and looks up.
fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// The first moment after `day` on `zone`'s calendar, in UTC. (A day that starts in a gap of
/// the zone's clock starts at the gap's end.)
fn end_of_day(day: chrono::NaiveDate, zone: Tz) -> NaiveDateTime {
    let next = day.succ_opt().unwrap_or(day).and_hms_opt(0, 0, 0).unwrap_or_default();
    next.and_local_timezone(zone)
        .earliest()
        .or_else(|| (next + TimeDelta::hours(1)).and_local_timezone(zone).earliest())
        .map_or(next, |at| at.naive_utc())
}

fn view(row: TokenRow) -> Option<TokenView> {
    Some(TokenView {
        access: TokenAccess::from_stored(&row.access)?,
        id: row.id,
        name: row.name,
        hint: row.hint,
        created_at: row.created_at,
        expires_at: row.expires_at,
        last_used_at: row.last_used_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn a_last_day_ends_at_midnight_where_its_owner_lives() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        let seoul = end_of_day(day, Tz::Asia__Seoul);
        assert_eq!(seoul.to_string(), "2026-12-31 15:00:00");
        assert_eq!(end_of_day(day, Tz::UTC).to_string(), "2027-01-01 00:00:00");
    }

    #[test]
    fn tokens_hash_to_hex() {
        assert_eq!(hash("tbp_x").len(), 64);
        assert_ne!(hash("tbp_x"), hash("tbp_y"));
    }
}
