ALTER TABLE audit_outbox DROP KEY audit_outbox_actor_notifies, DROP COLUMN notifies;
