-- Whether an event emails anybody, and an index to count an actor's recent ones: a person may
-- cause only so many emails a minute (NOTIFYING_WRITES_PER_MINUTE). Older events are taken as
-- not notifying; only the last minute is ever counted.
ALTER TABLE audit_outbox
    ADD COLUMN notifies BOOLEAN NOT NULL DEFAULT FALSE,
    ADD KEY audit_outbox_actor_notifies (actor_id, notifies, created_at);
