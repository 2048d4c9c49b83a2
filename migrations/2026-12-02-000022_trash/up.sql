-- Trash: a deleted task stays on its board, out of sight, for 30 days, with its history,
-- comments, labels and checklist, until its supervisor or an admin restores it or the purge
-- (a background job in every instance) deletes it for good.
ALTER TABLE tasks
    ADD COLUMN trashed_at DATETIME(6) NULL,
    ADD COLUMN trashed_by_id BIGINT NULL,
    ADD CONSTRAINT tasks_trashed_by_fk FOREIGN KEY (trashed_by_id) REFERENCES users (id) ON DELETE SET NULL,
    -- Every board read asks for `trashed_at IS NULL` right after the board, so the column's
    -- cards stay one index range; the trash page reads the other end of the same index.
    DROP KEY tasks_board,
    ADD KEY tasks_board (board_id, trashed_at, status, position, id),
    -- The purge's queue: the oldest trashed tasks of every board.
    ADD KEY tasks_trashed (trashed_at);

ALTER TABLE audit_outbox
    DROP CONSTRAINT audit_outbox_kind_known,
    ADD CONSTRAINT audit_outbox_kind_known CHECK (kind IN (
        'created', 'updated', 'moved', 'reassigned', 'deleted', 'restored', 'purged',
        'board_created', 'board_renamed', 'invited', 'invite_revoked',
        'member_joined', 'member_removed', 'member_left', 'role_changed'));
