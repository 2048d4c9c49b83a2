-- A board's deletion is told to its webhooks (server::boards::delete): its tasks' `purged`
-- events and a last `board_deleted` one are queued in the deletion's transaction, so the
-- webhooks must outlive their board until those are delivered. Their board becomes NULL
-- instead of taking them along; the dispatcher drops such a webhook once nothing waits for it
-- (or it was switched off: nobody is left who could switch it on again).
ALTER TABLE webhooks DROP FOREIGN KEY webhooks_board_fk;
ALTER TABLE webhooks
    MODIFY board_id BIGINT NULL,
    ADD CONSTRAINT webhooks_board_fk FOREIGN KEY (board_id) REFERENCES boards (id) ON DELETE SET NULL;
ALTER TABLE audit_outbox
    DROP CONSTRAINT audit_outbox_kind_known,
    ADD CONSTRAINT audit_outbox_kind_known CHECK (kind IN (
        'created', 'updated', 'moved', 'reassigned', 'deleted', 'restored', 'purged',
        'commented', 'comment_edited', 'comment_deleted', 'checklist',
        'board_created', 'board_renamed', 'board_deleted', 'invited', 'invite_revoked',
        'member_joined', 'member_removed', 'member_left', 'role_changed',
        'label_created', 'label_deleted', 'webhook_added', 'webhook_deleted'));
