-- Handles: how a person is @mentioned. Unique, [a-z0-9._-], 2–30 characters. Accounts from
-- before get one from their address's local part (as a sign-up now suggests), with their id
-- appended where two would be the same.
ALTER TABLE users ADD COLUMN handle VARCHAR(30) CHARACTER SET ascii NULL AFTER name;

UPDATE users SET handle = LEFT(REGEXP_REPLACE(LOWER(SUBSTRING_INDEX(email, '@', 1)), '[^a-z0-9._-]', ''), 24);
UPDATE users SET handle = CONCAT('user', id) WHERE CHAR_LENGTH(handle) < 2;
UPDATE users AS u
    JOIN (SELECT handle, MIN(id) AS first_id FROM users GROUP BY handle HAVING COUNT(*) > 1) AS twins
        ON u.handle = twins.handle AND u.id <> twins.first_id
    SET u.handle = CONCAT(u.handle, u.id);

ALTER TABLE users
    MODIFY handle VARCHAR(30) CHARACTER SET ascii NOT NULL,
    ADD UNIQUE KEY users_handle (handle),
    ADD CONSTRAINT users_handle_shape CHECK (handle REGEXP '^[a-z0-9._-]{2,30}$');
