-- Sessions are kept under the SHA-256 of their id (hex), not the id the cookie carries: a copy
-- of the table does not hand out live sessions. Existing sessions stay valid: their ids are
-- hashed in place.
ALTER TABLE sessions MODIFY id CHAR(64) CHARACTER SET ascii NOT NULL;
UPDATE sessions SET id = SHA2(id, 256);
