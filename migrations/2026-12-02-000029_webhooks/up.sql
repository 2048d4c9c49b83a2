-- Webhooks (server::webhooks): a board's admins name URLs that each of the board's audit events
-- is POSTed to, signed with the webhook's secret.
--
-- `webhook_deliveries` holds one row per (webhook, event), written in the event's own
-- transaction (audit::record), so an event is queued for every webhook of its board exactly when
-- it is committed: none is lost, none queued twice. Each instance's dispatcher takes due rows
-- (a lease in `next_attempt_at`), one per (webhook, task) at a time and oldest first, so a
-- task's events reach a receiver in order; a failure is retried with backoff. `failures` counts
-- a webhook's failed attempts since its last success: at 15 it is switched off (`disabled_at`),
-- and its queued deliveries wait, for an admin to switch it on again.
CREATE TABLE webhooks (
    id              BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    board_id        BIGINT        NOT NULL,
    url             VARCHAR(2000) NOT NULL,
    -- The HMAC-SHA256 key of its signatures, shown to the board's admins for the receiver.
    secret          VARCHAR(64)   CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    created_by_id   BIGINT        NULL,
    created_at      DATETIME(6)   NOT NULL,
    disabled_at     DATETIME(6)   NULL,
    failures        INT           NOT NULL DEFAULT 0,
    last_status     SMALLINT      NULL,
    last_error      VARCHAR(300)  NULL,
    last_attempt_at DATETIME(6)   NULL,
    last_success_at DATETIME(6)   NULL,
    KEY webhooks_board (board_id, id),
    CONSTRAINT webhooks_board_fk FOREIGN KEY (board_id) REFERENCES boards (id) ON DELETE CASCADE,
    CONSTRAINT webhooks_creator_fk FOREIGN KEY (created_by_id) REFERENCES users (id) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE webhook_deliveries (
    webhook_id      BIGINT      NOT NULL,
    outbox_id       BIGINT      NOT NULL,
    -- The event's task (a board's own events: minus the board's id), for the order per task.
    task_id         BIGINT      NOT NULL,
    attempts        INT         NOT NULL DEFAULT 0,
    next_attempt_at DATETIME(6) NOT NULL,
    last_status     SMALLINT    NULL,
    delivered_at    DATETIME(6) NULL,
    PRIMARY KEY (webhook_id, outbox_id),
    -- The dispatcher's scan: what is due and not delivered.
    KEY webhook_deliveries_due (delivered_at, next_attempt_at),
    -- The order check: the oldest undelivered event of a task for a webhook.
    KEY webhook_deliveries_task (webhook_id, task_id, delivered_at, outbox_id),
    CONSTRAINT webhook_deliveries_webhook_fk FOREIGN KEY (webhook_id) REFERENCES webhooks (id) ON DELETE CASCADE,
    CONSTRAINT webhook_deliveries_outbox_fk FOREIGN KEY (outbox_id) REFERENCES audit_outbox (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
