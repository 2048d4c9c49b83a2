-- Tasks on the board. `version` is the optimistic lock: every write is
-- `... WHERE id = ? AND version = ?` and bumps it. `position` orders cards within their column
-- (sparse numbers, so a move usually rewrites one row).
CREATE TABLE tasks (
    id            BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    title         VARCHAR(200)  NOT NULL,
    description   TEXT          NOT NULL,
    status        VARCHAR(16)   NOT NULL DEFAULT 'todo',
    position      BIGINT        NOT NULL,
    deadline      DATE          NULL,
    supervisor_id BIGINT        NOT NULL,
    pic_id        BIGINT        NULL,
    version       INT           NOT NULL DEFAULT 1,
    created_at    DATETIME(6)   NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at    DATETIME(6)   NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT tasks_status_known CHECK (status IN ('todo', 'in_progress', 'in_review', 'done')),
    CONSTRAINT tasks_supervisor_fk FOREIGN KEY (supervisor_id) REFERENCES users (id),
    CONSTRAINT tasks_pic_fk FOREIGN KEY (pic_id) REFERENCES users (id) ON DELETE SET NULL,
    -- The board reads every column in position order.
    KEY tasks_board (status, position, id),
    -- "Mine" and "by person" filters.
    KEY tasks_supervisor (supervisor_id, status),
    KEY tasks_pic (pic_id, status),
    -- "Overdue" filter.
    KEY tasks_deadline (deadline)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
