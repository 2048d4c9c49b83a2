-- A task's checklist. The card shows "done/total" from the two counters on `tasks`, kept by the
-- same transaction as each item change (so the board query needs no join); they change no
-- task version: ticking an item never makes someone's open edit of the task a conflict.
CREATE TABLE checklist_items (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    task_id       BIGINT       NOT NULL,
    text          VARCHAR(200) NOT NULL,
    done          BOOLEAN      NOT NULL DEFAULT FALSE,
    position      INT          NOT NULL,
    version       INT          NOT NULL DEFAULT 1,
    updated_by_id BIGINT       NULL,
    CONSTRAINT checklist_items_task_fk FOREIGN KEY (task_id) REFERENCES tasks (id) ON DELETE CASCADE,
    CONSTRAINT checklist_items_updated_by_fk FOREIGN KEY (updated_by_id) REFERENCES users (id) ON DELETE SET NULL,
    KEY checklist_items_task (task_id, position, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

ALTER TABLE tasks
    ADD COLUMN checklist_done  SMALLINT NOT NULL DEFAULT 0,
    ADD COLUMN checklist_total SMALLINT NOT NULL DEFAULT 0;

ALTER TABLE audit_outbox
    DROP CONSTRAINT audit_outbox_kind_known,
    ADD CONSTRAINT audit_outbox_kind_known CHECK (kind IN (
        'created', 'updated', 'moved', 'reassigned', 'deleted', 'restored', 'purged',
        'commented', 'comment_edited', 'comment_deleted', 'checklist',
        'board_created', 'board_renamed', 'invited', 'invite_revoked',
        'member_joined', 'member_removed', 'member_left', 'role_changed'));
