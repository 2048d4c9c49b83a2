-- One row per email address someone tried to log in as. A login attempt locks its address's
-- row, then counts and records itself: concurrent attempts at one account are decided one after
-- the other, so ten guesses sent at once cannot all slip under a limit of five. Rows of
-- addresses with no attempt left in the throttling window are deleted by the housekeeping task.
CREATE TABLE login_locks (
    email VARCHAR(254) NOT NULL PRIMARY KEY
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
