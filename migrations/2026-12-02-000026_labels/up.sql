-- A board's labels, and which tasks carry them. A label's name is unique on its board in the
-- table's collation (so "Urgent" and "urgent" are one label); its colour is one of the eight
-- the stylesheet draws (`.label-{colour}`, AA in both themes). Deleting a label takes it off its
-- tasks; a purged task or a deleted board takes its rows along.
CREATE TABLE labels (
    id         BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    board_id   BIGINT      NOT NULL,
    name       VARCHAR(30) NOT NULL,
    colour     VARCHAR(10) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    CONSTRAINT labels_board_fk FOREIGN KEY (board_id) REFERENCES boards (id) ON DELETE CASCADE,
    CONSTRAINT labels_colour_known CHECK (colour IN (
        'gray', 'red', 'orange', 'yellow', 'green', 'teal', 'blue', 'purple')),
    UNIQUE KEY labels_board_name (board_id, name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The board's "Label" filter reads (label_id, task_id); a card's chips, (task_id, label_id).
CREATE TABLE task_labels (
    task_id  BIGINT NOT NULL,
    label_id BIGINT NOT NULL,
    PRIMARY KEY (task_id, label_id),
    KEY task_labels_label (label_id, task_id),
    CONSTRAINT task_labels_task_fk FOREIGN KEY (task_id) REFERENCES tasks (id) ON DELETE CASCADE,
    CONSTRAINT task_labels_label_fk FOREIGN KEY (label_id) REFERENCES labels (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

ALTER TABLE audit_outbox
    DROP CONSTRAINT audit_outbox_kind_known,
    ADD CONSTRAINT audit_outbox_kind_known CHECK (kind IN (
        'created', 'updated', 'moved', 'reassigned', 'deleted', 'restored', 'purged',
        'commented', 'comment_edited', 'comment_deleted', 'checklist',
        'board_created', 'board_renamed', 'invited', 'invite_revoked',
        'member_joined', 'member_removed', 'member_left', 'role_changed',
        'label_created', 'label_deleted'));
