-- Personal access tokens for the REST API (`/api/v1`, server::rest). A token is a random secret
-- shown once when it is made; only its SHA-256 is kept (the secret has 240 random bits, so a
-- fast hash is enough: nobody can guess one from its hash, and checking it costs no Argon2 on
-- every API request). `hint` is the token's first characters, shown beside its name so its
-- owner can tell tokens apart. Revoking deletes the row; deleting the account deletes its tokens.
CREATE TABLE api_tokens (
    id           BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id      BIGINT      NOT NULL,
    name         VARCHAR(60) NOT NULL,
    secret_hash  CHAR(64)    CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    hint         VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    access       VARCHAR(8)  NOT NULL,
    expires_at   DATETIME(6) NULL,
    last_used_at DATETIME(6) NULL,
    created_at   DATETIME(6) NOT NULL,
    UNIQUE KEY api_tokens_secret (secret_hash),
    KEY api_tokens_user (user_id, id),
    CONSTRAINT api_tokens_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT api_tokens_access_known CHECK (access IN ('read', 'write'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
