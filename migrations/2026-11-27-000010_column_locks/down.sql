DROP TABLE column_locks;
