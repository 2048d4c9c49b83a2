-- Who changed a task last, so a refused stale write can say who got there first.
ALTER TABLE tasks
    ADD COLUMN updated_by_id BIGINT NULL AFTER version,
    ADD CONSTRAINT tasks_updated_by_fk FOREIGN KEY (updated_by_id) REFERENCES users (id) ON DELETE SET NULL;
