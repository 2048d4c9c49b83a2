-- Notifications people control (issue 18).
--
-- `email_mode`: how changes reach someone by email: each burst of changes (`every`), one digest
-- a day (`digest`) or not at all (`never`); the inbox fills whatever it says.
-- `morning_on`: the local date of this person's last morning run (digest and reminders). Setting
-- it from an earlier date is the claim one instance wins: no leader election.
-- `digest_after`: the last inbox entry a digest has covered (or that was mailed already when
-- digests were switched on).
ALTER TABLE users
    ADD COLUMN email_mode VARCHAR(8) NOT NULL DEFAULT 'every',
    ADD COLUMN deadline_reminders BOOLEAN NOT NULL DEFAULT TRUE,
    ADD COLUMN morning_on DATE NULL,
    ADD COLUMN digest_after BIGINT NOT NULL DEFAULT 0,
    ADD CONSTRAINT users_email_mode_known CHECK (email_mode IN ('every', 'digest', 'never')),
    ADD KEY users_morning (time_zone, morning_on);

-- One entry per event and person it concerns (never its actor), written in the change's own
-- transaction; the event itself is its outbox row's payload.
CREATE TABLE inbox_entries (
    id         BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id    BIGINT      NOT NULL,
    outbox_id  BIGINT      NOT NULL,
    board_id   BIGINT      NOT NULL,
    created_at DATETIME(6) NOT NULL,
    read_at    DATETIME(6) NULL,
    UNIQUE KEY inbox_entry (user_id, outbox_id),
    -- The header's unread count, and "mark all as read".
    KEY inbox_unread (user_id, read_at),
    CONSTRAINT inbox_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- A deadline reminder: at most one per task, person and local date (the unique key is what
-- makes it once with any number of instances).
CREATE TABLE reminders (
    task_id    BIGINT      NOT NULL,
    user_id    BIGINT      NOT NULL,
    local_date DATE        NOT NULL,
    -- `tomorrow`: due tomorrow; `overdue`: became overdue today.
    kind       VARCHAR(8)  NOT NULL,
    PRIMARY KEY (task_id, user_id, local_date),
    KEY reminders_person (user_id, local_date),
    CONSTRAINT reminders_kind_known CHECK (kind IN ('tomorrow', 'overdue'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The morning's emails, queued in the transaction that claims the morning and sent after it:
-- a digest per board (`board_id`, the inbox entries up to `last_entry`) and one reminder email
-- per person (`board_id` 0). Sending takes a row with a lease (`sending`), as the
-- notification claims do, so a crashed sender's row is taken over, and a sent one never again.
CREATE TABLE morning_emails (
    id          BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    kind        VARCHAR(8)  NOT NULL,
    user_id     BIGINT      NOT NULL,
    local_date  DATE        NOT NULL,
    board_id    BIGINT      NOT NULL DEFAULT 0,
    first_entry BIGINT      NOT NULL DEFAULT 0,
    last_entry  BIGINT      NOT NULL DEFAULT 0,
    state       VARCHAR(8)  NOT NULL DEFAULT 'pending',
    attempts    INT         NOT NULL DEFAULT 0,
    lease_until DATETIME(6) NULL,
    detail      VARCHAR(500) NULL,
    UNIQUE KEY morning_email (kind, user_id, local_date, board_id),
    KEY morning_email_queue (state, id),
    CONSTRAINT morning_email_kind_known CHECK (kind IN ('digest', 'reminder')),
    CONSTRAINT morning_email_state_known CHECK (state IN ('pending', 'sending', 'sent', 'parked'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
