-- One row per board column. Every write that places a card in a column (create, an edit that
-- changes the status, a move) locks that column's row first, before the task's own row: writes
-- into one column are worked out one after the other, and since each write takes at most one
-- column lock and takes it first, no two writes can wait on each other in a circle (deadlock).
CREATE TABLE column_locks (
    status VARCHAR(16) CHARACTER SET ascii NOT NULL PRIMARY KEY
) ENGINE = InnoDB;

INSERT INTO column_locks (status) VALUES ('todo'), ('in_progress'), ('in_review'), ('done');
