-- Where the local stream reader (server/notify/stream.rs) has got to in each shard of the audit
-- table's stream, so a restart neither skips nor repeats records. (In AWS, Lambda's event
-- source mapping keeps this.)
CREATE TABLE stream_checkpoints (
    stream_arn      VARCHAR(255) CHARACTER SET ascii NOT NULL,
    shard_id        VARCHAR(128) CHARACTER SET ascii NOT NULL,
    sequence_number VARCHAR(64)  CHARACTER SET ascii NULL,
    -- The shard is closed and read to its end.
    finished        BOOLEAN      NOT NULL DEFAULT FALSE,
    updated_at      DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (stream_arn, shard_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
