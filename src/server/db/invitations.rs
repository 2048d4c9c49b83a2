//! Queries on `invitations`. An invitation is open while it is neither accepted nor revoked and
//! not past `expires_at`; every query that trusts one says so in its filter.

use super::{
    schema::{boards, invitations, users},
    Db, DbError,
};
use crate::domain::{BoardRole, PendingInvitation};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::{AsyncMysqlConnection, RunQueryDsl};

/// An invitation found by its token, with its board's name and who sent it.
#[derive(Debug, Clone, Queryable)]
pub struct Found {
    pub id: i64,
    pub board_id: i64,
    pub email: String,
    pub role: BoardRole,
    pub expires_at: NaiveDateTime,
    pub accepted_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
    pub invited_by_id: i64,
    pub board_name: String,
}

impl Found {
    pub fn is_open(&self, now: NaiveDateTime) -> bool {
        self.accepted_at.is_none() && self.revoked_at.is_none() && self.expires_at > now
    }
}

/// What to insert: the token's hash only, never the token.
pub struct NewInvitation<'a> {
    pub board_id: i64,
    pub email: &'a str,
    pub role: BoardRole,
    pub token_hash: &'a str,
    pub invited_by_id: i64,
    pub now: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

/// Records an invitation, first revoking any open one to the same address on the board (a
/// re-invitation replaces it: only the newest link works).
pub async fn insert(conn: &mut AsyncMysqlConnection, new: NewInvitation<'_>) -> QueryResult<i64> {
    diesel::update(
        invitations::table
            .filter(open_at(new.now))
            .filter(invitations::board_id.eq(new.board_id))
            .filter(invitations::email.eq(new.email)),
    )
    .set(invitations::revoked_at.eq(new.now))
    .execute(conn)
    .await?;
    diesel::insert_into(invitations::table)
        .values((
            invitations::board_id.eq(new.board_id),
            invitations::email.eq(new.email),
            invitations::role.eq(new.role),
            invitations::token_hash.eq(new.token_hash),
            invitations::invited_by_id.eq(new.invited_by_id),
            invitations::created_at.eq(new.now),
            invitations::expires_at.eq(new.expires_at),
        ))
        .execute(conn)
        .await?;
    diesel::select(super::tasks::last_insert_id()).get_result(conn).await
}

/// Whether an invitation is open at `now`: neither accepted nor revoked, and not expired.
#[diesel::dsl::auto_type]
fn open_at(now: NaiveDateTime) -> _ {
    invitations::accepted_at.is_null().and(invitations::revoked_at.is_null()).and(invitations::expires_at.gt(now))
}

/// A board's open invitations, oldest first.
pub async fn pending(
    conn: &mut AsyncMysqlConnection,
    board_id: i64,
    now: NaiveDateTime,
) -> QueryResult<Vec<PendingInvitation>> {
    let rows: Vec<(i64, String, BoardRole, NaiveDateTime)> = invitations::table
        .filter(open_at(now))
        .filter(invitations::board_id.eq(board_id))
        .order(invitations::id.asc())
        .select((invitations::id, invitations::email, invitations::role, invitations::expires_at))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, email, role, expires_at)| PendingInvitation { id, email, role, expires_at })
        .collect())
}

/// The invitation whose token hashes to `token_hash`, open or not; locked when `lock`.
pub async fn by_token(conn: &mut AsyncMysqlConnection, token_hash: &str, lock: bool) -> QueryResult<Option<Found>> {
    let query = invitations::table.inner_join(boards::table).filter(invitations::token_hash.eq(token_hash)).select((
        invitations::id,
        invitations::board_id,
        invitations::email,
        invitations::role,
        invitations::expires_at,
        invitations::accepted_at,
        invitations::revoked_at,
        invitations::invited_by_id,
        boards::name,
    ));
    if lock {
        query.for_update().first(conn).await.optional()
    } else {
        query.first(conn).await.optional()
    }
}

#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn find(db: &Db, token_hash: String) -> Result<Option<Found>, DbError> {
    db.run(move |mut conn| async move { by_token(&mut conn, &token_hash, false).await }).await
}

/// Revokes open invitation `id` of board `board_id`; `false` when there is no such open one.
pub async fn revoke(conn: &mut AsyncMysqlConnection, board_id: i64, id: i64, now: NaiveDateTime) -> QueryResult<bool> {
    let revoked = diesel::update(
        invitations::table
            .filter(open_at(now))
            .filter(invitations::id.eq(id))
            .filter(invitations::board_id.eq(board_id)),
    )
    .set(invitations::revoked_at.eq(now))
    .execute(conn)
    .await?;
    Ok(revoked == 1)
}

/// The address of open invitation `id` of board `board_id`, if it is one.
pub async fn open_email(
    conn: &mut AsyncMysqlConnection,
    board_id: i64,
    id: i64,
    now: NaiveDateTime,
) -> QueryResult<Option<String>> {
    invitations::table
        .filter(open_at(now))
        .filter(invitations::id.eq(id))
        .filter(invitations::board_id.eq(board_id))
        .select(invitations::email)
        .first(conn)
        .await
        .optional()
}

/// Marks invitation `id` accepted by `user_id`. The caller holds its row lock and has checked
/// that it is open.
pub async fn mark_accepted(
    conn: &mut AsyncMysqlConnection,
    id: i64,
    user_id: i64,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(invitations::table.find(id))
        .set((invitations::accepted_at.eq(now), invitations::accepted_by_id.eq(user_id)))
        .execute(conn)
        .await
        .map(|_| ())
}

/// The account with this address, if any: its id and whether it is a member of the board.
pub async fn account_for(
    conn: &mut AsyncMysqlConnection,
    board_id: i64,
    email: &str,
) -> QueryResult<Option<(i64, bool)>> {
    let Some(user_id) =
        users::table.filter(users::email.eq(email)).select(users::id).first::<i64>(conn).await.optional()?
    else {
        return Ok(None);
    };
    let member = super::boards::role_of(conn, board_id, user_id).await?.is_some();
    Ok(Some((user_id, member)))
}
