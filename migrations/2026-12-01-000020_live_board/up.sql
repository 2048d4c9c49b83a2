-- A reconnecting live board page asks for its board's changes after the last one it saw
-- (server::live::stream): a range of this index.
ALTER TABLE audit_outbox ADD KEY audit_outbox_board (board_id, id);
