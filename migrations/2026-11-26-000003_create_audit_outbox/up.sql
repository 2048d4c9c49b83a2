-- The transactional outbox: every task change inserts its audit event here in the same
-- transaction as the change; the relay copies unrelayed rows (oldest first) to DynamoDB.
-- No foreign key to tasks: a deleted task's events must stay.
CREATE TABLE audit_outbox (
    id              BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    event_id        CHAR(36)    CHARACTER SET ascii NOT NULL,
    task_id         BIGINT      NOT NULL,
    kind            VARCHAR(16) NOT NULL,
    actor_id        BIGINT      NOT NULL,
    -- The self-contained event (changes, actor, recipients) as JSON.
    payload         LONGTEXT    NOT NULL CHECK (JSON_VALID(payload)),
    created_at      DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    attempts        INT         NOT NULL DEFAULT 0,
    next_attempt_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    last_error      TEXT        NULL,
    relayed_at      DATETIME(6) NULL,
    CONSTRAINT audit_outbox_kind_known CHECK (kind IN ('created', 'updated', 'moved', 'reassigned', 'deleted')),
    UNIQUE KEY audit_outbox_event (event_id),
    -- The relay's queue: unrelayed rows that are due, oldest first.
    KEY audit_outbox_pending (relayed_at, next_attempt_at, id),
    KEY audit_outbox_task (task_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
