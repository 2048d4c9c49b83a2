ALTER TABLE audit_outbox DROP KEY audit_outbox_task_seq, DROP COLUMN hash, DROP COLUMN seq;
