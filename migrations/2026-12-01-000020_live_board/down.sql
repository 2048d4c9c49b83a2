ALTER TABLE audit_outbox DROP KEY audit_outbox_board;
