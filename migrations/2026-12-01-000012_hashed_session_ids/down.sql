-- The ids cannot be recovered from their hashes: every session ends.
DELETE FROM sessions;
ALTER TABLE sessions MODIFY id VARCHAR(32) CHARACTER SET ascii NOT NULL;
