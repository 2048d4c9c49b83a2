-- What the board cache keys on (server::board_cache, DESIGN.md "Board cache").
--
-- `board_versions`: a number every write to a board bumps, in the write's own transaction, as
-- it records its audit event (db::outbox::insert is the one place every change passes). The
-- row is locked from that bump to the commit, so the writes of one board take their numbers in
-- the order they commit: whoever reads version N sees every change numbered up to N. (The
-- outbox ids cannot serve: an id is handed out when a row is inserted and a later one may
-- commit first.) Its own table, not a column of `boards`: task writes hold a shared lock on the
-- board's row, and turning that into an exclusive one would deadlock two writers. No foreign
-- key: a board's deletion records its tasks' events before it deletes the board, and a
-- deleted board's row is never read again (ids are not reused).
CREATE TABLE board_versions (
    board_id BIGINT NOT NULL PRIMARY KEY,
    version  BIGINT NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- `column_counts`: how many cards (tasks not in the trash) each column of each board holds,
-- kept by the triggers below, so the board shows its counts without counting its tasks. A
-- trigger rather than the write path: every way a task row changes (a write, a board's
-- deletion, a fixture) keeps the count, and none can forget to.
CREATE TABLE column_counts (
    board_id BIGINT      NOT NULL,
    status   VARCHAR(16) NOT NULL,
    cards    INT         NOT NULL DEFAULT 0,
    PRIMARY KEY (board_id, status),
    CONSTRAINT column_counts_board_fk FOREIGN KEY (board_id) REFERENCES boards (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

INSERT INTO column_counts (board_id, status, cards)
SELECT c.board_id, c.status,
       (SELECT COUNT(*) FROM tasks t WHERE t.board_id = c.board_id AND t.status = c.status AND t.trashed_at IS NULL)
FROM column_locks c;

-- A board's columns are made together with its column locks (server::boards::create).
CREATE TRIGGER column_counts_new_column AFTER INSERT ON column_locks FOR EACH ROW
    INSERT IGNORE INTO column_counts (board_id, status, cards) VALUES (NEW.board_id, NEW.status, 0);

CREATE TRIGGER column_counts_task_added AFTER INSERT ON tasks FOR EACH ROW
    UPDATE column_counts SET cards = cards + 1
    WHERE board_id = NEW.board_id AND status = NEW.status AND NEW.trashed_at IS NULL;

-- A move changes two counts in one statement, which locks the two rows in key order: two
-- cards crossing between the same columns in opposite directions wait for each other rather
-- than deadlock. A change that keeps the column and the trash state (an edit, a reorder)
-- touches no count at all.
CREATE TRIGGER column_counts_task_changed AFTER UPDATE ON tasks FOR EACH ROW
BEGIN
    IF NOT (OLD.status <=> NEW.status AND (OLD.trashed_at IS NULL) = (NEW.trashed_at IS NULL)) THEN
        UPDATE column_counts
        SET cards = cards
            + IF(status = NEW.status AND NEW.trashed_at IS NULL, 1, 0)
            - IF(status = OLD.status AND OLD.trashed_at IS NULL, 1, 0)
        WHERE board_id = NEW.board_id AND status IN (OLD.status, NEW.status);
    END IF;
END;

CREATE TRIGGER column_counts_task_removed AFTER DELETE ON tasks FOR EACH ROW
    UPDATE column_counts SET cards = cards - 1
    WHERE board_id = OLD.board_id AND status = OLD.status AND OLD.trashed_at IS NULL;
