ALTER TABLE users DROP FOREIGN KEY users_last_board_fk, DROP COLUMN last_board_id, DROP COLUMN email_verified_at;
DROP TABLE column_locks;
CREATE TABLE column_locks (status VARCHAR(16) CHARACTER SET ascii NOT NULL PRIMARY KEY) ENGINE = InnoDB;
INSERT INTO column_locks (status) VALUES ('todo'), ('in_progress'), ('in_review'), ('done');
ALTER TABLE audit_outbox DROP KEY audit_outbox_task, ADD KEY audit_outbox_task (task_id, id), DROP COLUMN board_id;
ALTER TABLE tasks DROP FOREIGN KEY tasks_board_fk, DROP KEY tasks_board, ADD KEY tasks_board (status, position, id), DROP COLUMN board_id;
DROP TABLE board_members;
DROP TABLE boards;
