ALTER TABLE users DROP COLUMN deactivated_at;
DROP TABLE email_verifications;
