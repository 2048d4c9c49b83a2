-- Invitations to a board (DESIGN.md "UI contract → With boards"): a one-time link by email, valid
-- for 7 days, stored only as the SHA-256 of its token. Accepting one makes the account a member
-- with the invitation's role and proves the address.
CREATE TABLE invitations (
    id             BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    board_id       BIGINT       NOT NULL,
    email          VARCHAR(254) NOT NULL,
    role           VARCHAR(16)  CHARACTER SET ascii NOT NULL,
    token_hash     CHAR(64)     CHARACTER SET ascii NOT NULL,
    invited_by_id  BIGINT       NOT NULL,
    created_at     DATETIME(6)  NOT NULL,
    expires_at     DATETIME(6)  NOT NULL,
    -- Set once, when it stops being pending: accepted (by whom) or revoked (also when it is
    -- replaced by a new invitation to the same address).
    accepted_at    DATETIME(6)  NULL,
    accepted_by_id BIGINT       NULL,
    revoked_at     DATETIME(6)  NULL,
    UNIQUE KEY invitations_token (token_hash),
    -- A board's pending invitations, and the one for an address.
    KEY invitations_board (board_id, email),
    CONSTRAINT invitations_role_known CHECK (role IN ('admin', 'member')),
    CONSTRAINT invitations_board_fk FOREIGN KEY (board_id) REFERENCES boards (id) ON DELETE CASCADE,
    CONSTRAINT invitations_invited_by_fk FOREIGN KEY (invited_by_id) REFERENCES users (id),
    CONSTRAINT invitations_accepted_by_fk FOREIGN KEY (accepted_by_id) REFERENCES users (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
