DELETE FROM audit_outbox WHERE kind = 'checklist';
ALTER TABLE audit_outbox
    DROP CONSTRAINT audit_outbox_kind_known,
    ADD CONSTRAINT audit_outbox_kind_known CHECK (kind IN (
        'created', 'updated', 'moved', 'reassigned', 'deleted', 'restored', 'purged',
        'commented', 'comment_edited', 'comment_deleted',
        'board_created', 'board_renamed', 'invited', 'invite_revoked',
        'member_joined', 'member_removed', 'member_left', 'role_changed'));
ALTER TABLE tasks DROP COLUMN checklist_total, DROP COLUMN checklist_done;
DROP TABLE checklist_items;
