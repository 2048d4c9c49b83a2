-- The audit trail's order and hash chain. `seq` numbers a task's events 1, 2, 3, … and is set
-- in the write's transaction (the task's row is locked then, so two writes cannot take one
-- number); it is the audit table's sort key. `hash` is filled in by the relay: the chain link
-- it wrote to DynamoDB, which the next event of the task builds on.
ALTER TABLE audit_outbox
    ADD COLUMN seq  INT      NOT NULL DEFAULT 0 AFTER task_id,
    ADD COLUMN hash CHAR(64) CHARACTER SET ascii NULL AFTER relayed_at;
-- Rows from before this migration, numbered in the order they were written.
UPDATE audit_outbox o
    JOIN (SELECT id, ROW_NUMBER() OVER (PARTITION BY task_id ORDER BY id) AS n FROM audit_outbox) numbered
    ON numbered.id = o.id
    SET o.seq = numbered.n;
ALTER TABLE audit_outbox ADD UNIQUE KEY audit_outbox_task_seq (task_id, seq);
