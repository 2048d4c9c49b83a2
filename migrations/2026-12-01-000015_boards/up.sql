-- Boards and their members (DESIGN.md "Words"). Every task belongs to one board, and only the
-- board's members may learn that it or its tasks exist.
CREATE TABLE boards (
    id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name       VARCHAR(100) NOT NULL,
    created_at DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE board_members (
    board_id  BIGINT      NOT NULL,
    user_id   BIGINT      NOT NULL,
    role      VARCHAR(16) CHARACTER SET ascii NOT NULL,
    joined_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (board_id, user_id),
    -- "My boards".
    KEY board_members_user (user_id, board_id),
    CONSTRAINT board_members_role_known CHECK (role IN ('admin', 'member')),
    CONSTRAINT board_members_board_fk FOREIGN KEY (board_id) REFERENCES boards (id) ON DELETE CASCADE,
    CONSTRAINT board_members_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE = InnoDB;

-- An instance that already has accounts keeps working: one "Team board" holding every task,
-- with every account a member and the oldest its admin. A new instance starts with no board.
INSERT INTO boards (name) SELECT 'Team board' FROM users HAVING COUNT(*) > 0;
INSERT INTO board_members (board_id, user_id, role)
SELECT b.id, u.id,
       IF(u.id = (SELECT first.id FROM users first ORDER BY first.created_at, first.id LIMIT 1), 'admin', 'member')
FROM boards b CROSS JOIN users u;

ALTER TABLE tasks ADD COLUMN board_id BIGINT NULL AFTER id;
UPDATE tasks SET board_id = (SELECT MIN(id) FROM boards);
ALTER TABLE tasks
    MODIFY board_id BIGINT NOT NULL,
    ADD CONSTRAINT tasks_board_fk FOREIGN KEY (board_id) REFERENCES boards (id),
    -- The board reads each of its columns in position order (and counts them).
    DROP KEY tasks_board,
    ADD KEY tasks_board (board_id, status, position, id);

-- The outbox names each event's board, so a task's history can be checked against the
-- board's members after the task itself is gone.
ALTER TABLE audit_outbox ADD COLUMN board_id BIGINT NULL AFTER task_id;
UPDATE audit_outbox SET board_id = (SELECT MIN(id) FROM boards);
ALTER TABLE audit_outbox DROP KEY audit_outbox_task, ADD KEY audit_outbox_task (task_id, id, board_id);

-- Column locks become per board: writes to one board's To do no longer wait on another's.
DROP TABLE column_locks;
CREATE TABLE column_locks (
    board_id BIGINT      NOT NULL,
    status   VARCHAR(16) CHARACTER SET ascii NOT NULL,
    PRIMARY KEY (board_id, status),
    CONSTRAINT column_locks_board_fk FOREIGN KEY (board_id) REFERENCES boards (id) ON DELETE CASCADE
) ENGINE = InnoDB;
INSERT INTO column_locks (board_id, status)
SELECT b.id, s.status
FROM boards b
CROSS JOIN (SELECT 'todo' AS status UNION ALL SELECT 'in_progress' UNION ALL SELECT 'in_review' UNION ALL SELECT 'done') s;

-- Where `/` goes: the board the user opened last.
ALTER TABLE users
    ADD COLUMN last_board_id BIGINT NULL,
    ADD CONSTRAINT users_last_board_fk FOREIGN KEY (last_board_id) REFERENCES boards (id) ON DELETE SET NULL,
    -- Verified addresses (DESIGN.md "Words"): accounts made before verification existed are
    -- treated as verified, so nobody stops getting the emails they got yesterday.
    ADD COLUMN email_verified_at DATETIME(6) NULL;
UPDATE users SET email_verified_at = created_at;
