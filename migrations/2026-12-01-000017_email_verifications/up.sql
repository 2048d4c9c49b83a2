-- Confirming an address (DESIGN.md "verified address"): a one-time link sent at sign-up, stored
-- only as the SHA-256 of its token. Until one is used the account gets no notification emails.
CREATE TABLE email_verifications (
    token_hash CHAR(64)    CHARACTER SET ascii NOT NULL PRIMARY KEY,
    user_id    BIGINT      NOT NULL,
    created_at DATETIME(6) NOT NULL,
    expires_at DATETIME(6) NOT NULL,
    used_at    DATETIME(6) NULL,
    -- "Resend confirmation email" is limited per account.
    KEY email_verifications_user (user_id, created_at),
    CONSTRAINT email_verifications_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB;

-- An instance admin can deactivate an account: it cannot log in, its sessions end, it is left
-- out of pickers and emails; its name stays in history.
ALTER TABLE users ADD COLUMN deactivated_at DATETIME(6) NULL;
