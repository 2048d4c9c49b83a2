-- Password reset links. Only the SHA-256 of the token is stored: a leaked table opens nothing.
-- A link works once (used_at) and for one hour (expires_at).
CREATE TABLE password_resets (
    token_hash CHAR(64)    CHARACTER SET ascii NOT NULL PRIMARY KEY,
    user_id    BIGINT      NOT NULL,
    created_at DATETIME(6) NOT NULL,
    expires_at DATETIME(6) NOT NULL,
    used_at    DATETIME(6) NULL,
    CONSTRAINT password_resets_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    KEY password_resets_user (user_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
