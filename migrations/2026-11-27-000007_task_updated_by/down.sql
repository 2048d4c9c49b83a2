ALTER TABLE tasks DROP FOREIGN KEY tasks_updated_by_fk, DROP COLUMN updated_by_id;
