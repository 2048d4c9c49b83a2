DROP TRIGGER IF EXISTS column_counts_task_removed;
DROP TRIGGER IF EXISTS column_counts_task_changed;
DROP TRIGGER IF EXISTS column_counts_task_added;
DROP TRIGGER IF EXISTS column_counts_new_column;
DROP TABLE IF EXISTS column_counts;
DROP TABLE IF EXISTS board_versions;
