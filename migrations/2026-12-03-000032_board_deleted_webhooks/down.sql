DELETE FROM audit_outbox WHERE kind = 'board_deleted';
ALTER TABLE audit_outbox
    DROP CONSTRAINT audit_outbox_kind_known,
    ADD CONSTRAINT audit_outbox_kind_known CHECK (kind IN (
        'created', 'updated', 'moved', 'reassigned', 'deleted', 'restored', 'purged',
        'commented', 'comment_edited', 'comment_deleted', 'checklist',
        'board_created', 'board_renamed', 'invited', 'invite_revoked',
        'member_joined', 'member_removed', 'member_left', 'role_changed',
        'label_created', 'label_deleted', 'webhook_added', 'webhook_deleted'));
DELETE FROM webhooks WHERE board_id IS NULL;
ALTER TABLE webhooks DROP FOREIGN KEY webhooks_board_fk;
ALTER TABLE webhooks
    MODIFY board_id BIGINT NOT NULL,
    ADD CONSTRAINT webhooks_board_fk FOREIGN KEY (board_id) REFERENCES boards (id) ON DELETE CASCADE;
