-- Login sessions (tower-sessions records), shared by every server instance.
-- `user_id` is copied out of the session data so all of one user's sessions can be ended at once
-- (password reset). Expired rows are deleted by a background task.
CREATE TABLE sessions (
    id          VARCHAR(32) CHARACTER SET ascii NOT NULL PRIMARY KEY,
    user_id     BIGINT      NULL,
    data        MEDIUMTEXT  NOT NULL,
    expiry_date DATETIME(6) NOT NULL,
    KEY sessions_expiry (expiry_date),
    KEY sessions_user (user_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
