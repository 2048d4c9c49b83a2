-- Failed logins, for throttling: 5 per account or 20 per IP address in 15 minutes.
-- Rows older than the window are deleted by the same task that deletes expired sessions.
CREATE TABLE login_attempts (
    id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    email        VARCHAR(254) NOT NULL,
    ip           VARCHAR(45)  CHARACTER SET ascii NOT NULL,
    attempted_at DATETIME(6)  NOT NULL,
    KEY login_attempts_email (email, attempted_at),
    KEY login_attempts_ip (ip, attempted_at),
    KEY login_attempts_time (attempted_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
