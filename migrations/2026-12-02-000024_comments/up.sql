-- Comments on tasks. The Markdown is kept for its author's edits; the HTML is rendered and
-- sanitised once, when written (server/markdown.rs), and is what pages show. A comment goes with
-- its task when the task is purged; deleting one removes the row (its audit event keeps an
-- excerpt).
CREATE TABLE comments (
    id         BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    task_id    BIGINT      NOT NULL,
    author_id  BIGINT      NULL,
    body       TEXT        NOT NULL,
    html       MEDIUMTEXT  NOT NULL,
    version    INT         NOT NULL DEFAULT 1,
    created_at DATETIME(6) NOT NULL,
    edited_at  DATETIME(6) NULL,
    CONSTRAINT comments_task_fk FOREIGN KEY (task_id) REFERENCES tasks (id) ON DELETE CASCADE,
    CONSTRAINT comments_author_fk FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE SET NULL,
    -- A task's comments, oldest first.
    KEY comments_task (task_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

ALTER TABLE audit_outbox
    DROP CONSTRAINT audit_outbox_kind_known,
    ADD CONSTRAINT audit_outbox_kind_known CHECK (kind IN (
        'created', 'updated', 'moved', 'reassigned', 'deleted', 'restored', 'purged',
        'commented', 'comment_edited', 'comment_deleted',
        'board_created', 'board_renamed', 'invited', 'invite_revoked',
        'member_joined', 'member_removed', 'member_left', 'role_changed'));
