//! `stream_checkpoints`: how far the local stream reader got in each shard.

use super::{schema::stream_checkpoints, Db, DbError};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Checkpoint {
    /// The last record handled; `None`: start at the shard's oldest record.
    pub sequence_number: Option<String>,
    pub finished: bool,
}

pub async fn load(db: &Db, stream_arn: &str, shard_id: &str) -> Result<Checkpoint, DbError> {
    let (arn, shard) = (stream_arn.to_owned(), shard_id.to_owned());
    let row: Option<(Option<String>, bool)> = db
        .run(move |mut conn| async move {
            stream_checkpoints::table
                .find((arn, shard))
                .select((stream_checkpoints::sequence_number, stream_checkpoints::finished))
                .first(&mut conn)
                .await
                .optional()
        })
        .await?;
    Ok(row.map(|(sequence_number, finished)| Checkpoint { sequence_number, finished }).unwrap_or_default())
}

pub async fn save(db: &Db, stream_arn: &str, shard_id: &str, checkpoint: Checkpoint) -> Result<(), DbError> {
    let (arn, shard) = (stream_arn.to_owned(), shard_id.to_owned());
    let now = chrono::Utc::now().naive_utc();
    db.run(move |mut conn| async move {
        diesel::replace_into(stream_checkpoints::table)
            .values((
                stream_checkpoints::stream_arn.eq(arn),
                stream_checkpoints::shard_id.eq(shard),
                stream_checkpoints::sequence_number.eq(checkpoint.sequence_number),
                stream_checkpoints::finished.eq(checkpoint.finished),
                stream_checkpoints::updated_at.eq(now),
            ))
            .execute(&mut conn)
            .await
            .map(|_| ())
    })
    .await
}
