DELETE FROM tasks WHERE trashed_at IS NOT NULL;
ALTER TABLE audit_outbox
    DROP CONSTRAINT audit_outbox_kind_known,
    ADD CONSTRAINT audit_outbox_kind_known CHECK (kind IN (
        'created', 'updated', 'moved', 'reassigned', 'deleted',
        'board_created', 'board_renamed', 'invited', 'invite_revoked',
        'member_joined', 'member_removed', 'member_left', 'role_changed'));
ALTER TABLE tasks
    DROP KEY tasks_trashed,
    DROP KEY tasks_board,
    ADD KEY tasks_board (board_id, status, position, id),
    DROP FOREIGN KEY tasks_trashed_by_fk,
    DROP COLUMN trashed_by_id,
    DROP COLUMN trashed_at;
