DELETE FROM audit_outbox WHERE task_id < 0;
ALTER TABLE audit_outbox
    DROP CONSTRAINT audit_outbox_kind_known,
    ADD CONSTRAINT audit_outbox_kind_known CHECK (kind IN ('created', 'updated', 'moved', 'reassigned', 'deleted'));
