-- CSV imports (server::csv_import): an uploaded file waits here between its preview and the
-- admin's "Import" (so the preview needs no JavaScript and the file is sent once). The import
-- reads it again under the board's locks, checks every row again and writes them all or none;
-- `imported_count` then marks it done, so the same button pressed twice imports once.
-- Housekeeping deletes files a day old.
CREATE TABLE csv_imports (
    id             BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    board_id       BIGINT       NOT NULL,
    user_id        BIGINT       NOT NULL,
    file_name      VARCHAR(255) NOT NULL,
    content        MEDIUMTEXT   NOT NULL,
    created_at     DATETIME(6)  NOT NULL,
    imported_count INT          NULL,
    KEY csv_imports_created (created_at),
    CONSTRAINT csv_imports_board_fk FOREIGN KEY (board_id) REFERENCES boards (id) ON DELETE CASCADE,
    CONSTRAINT csv_imports_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
