-- Things that send email, counted per sender so one sender cannot flood anyone's inbox:
-- `kind` names the limit (`server::rate_limit`), `subject` whom it counts (a client address, an
-- account). Rows older than a day are deleted by the housekeeping task.
CREATE TABLE rate_limit_events (
    id      BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    kind    VARCHAR(32)  CHARACTER SET ascii NOT NULL,
    subject VARCHAR(100) NOT NULL,
    at      DATETIME(6)  NOT NULL,
    KEY rate_limit_events_subject (kind, subject, at),
    KEY rate_limit_events_time (at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
-- Reset links per account and time, for the per-address limit.
ALTER TABLE password_resets ADD KEY password_resets_user_time (user_id, created_at);
