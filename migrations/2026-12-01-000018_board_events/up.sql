-- A board's own events (created, renamed, invitations, members joining, leaving, removed, role
-- changes) go through the outbox like a task's, as the history of the board's activity id (the
-- board's id, negated: see BoardRef::activity_id).
ALTER TABLE audit_outbox
    DROP CONSTRAINT audit_outbox_kind_known,
    ADD CONSTRAINT audit_outbox_kind_known CHECK (kind IN (
        'created', 'updated', 'moved', 'reassigned', 'deleted',
        'board_created', 'board_renamed', 'invited', 'invite_revoked',
        'member_joined', 'member_removed', 'member_left', 'role_changed'));
