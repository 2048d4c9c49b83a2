-- A board's admins adding and deleting webhooks are board events (its activity), like labels.
ALTER TABLE audit_outbox
    DROP CONSTRAINT audit_outbox_kind_known,
    ADD CONSTRAINT audit_outbox_kind_known CHECK (kind IN (
        'created', 'updated', 'moved', 'reassigned', 'deleted', 'restored', 'purged',
        'commented', 'comment_edited', 'comment_deleted', 'checklist',
        'board_created', 'board_renamed', 'invited', 'invite_revoked',
        'member_joined', 'member_removed', 'member_left', 'role_changed',
        'label_created', 'label_deleted', 'webhook_added', 'webhook_deleted'));
