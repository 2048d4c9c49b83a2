//! The tables as diesel sees them. Written to match `migrations/`; the integration tests run every
//! query against the migrated schema, so a mismatch fails there.

diesel::table! {
    users (id) {
        id -> BigInt,
        email -> Varchar,
        name -> Varchar,
        handle -> Varchar,
        password_hash -> Varchar,
        created_at -> Datetime,
        updated_at -> Datetime,
        last_board_id -> Nullable<BigInt>,
        email_verified_at -> Nullable<Datetime>,
        deactivated_at -> Nullable<Datetime>,
        locale -> Nullable<Varchar>,
        time_zone -> Varchar,
        theme -> Nullable<Varchar>,
        email_mode -> Varchar,
        deadline_reminders -> Bool,
        morning_on -> Nullable<Date>,
        digest_after -> BigInt,
    }
}

diesel::table! {
    inbox_entries (id) {
        id -> BigInt,
        user_id -> BigInt,
        outbox_id -> BigInt,
        board_id -> BigInt,
        created_at -> Datetime,
        read_at -> Nullable<Datetime>,
    }
}

diesel::table! {
    reminders (task_id, user_id, local_date) {
        task_id -> BigInt,
        user_id -> BigInt,
        local_date -> Date,
        kind -> Varchar,
    }
}

diesel::table! {
    morning_emails (id) {
        id -> BigInt,
        kind -> Varchar,
        user_id -> BigInt,
        local_date -> Date,
        board_id -> BigInt,
        first_entry -> BigInt,
        last_entry -> BigInt,
        state -> Varchar,
        attempts -> Integer,
        lease_until -> Nullable<Datetime>,
        detail -> Nullable<Varchar>,
    }
}

diesel::table! {
    email_verifications (token_hash) {
        token_hash -> Char,
        user_id -> BigInt,
        created_at -> Datetime,
        expires_at -> Datetime,
        used_at -> Nullable<Datetime>,
    }
}

diesel::table! {
    boards (id) {
        id -> BigInt,
        name -> Varchar,
        created_at -> Datetime,
        updated_at -> Datetime,
    }
}

diesel::table! {
    board_members (board_id, user_id) {
        board_id -> BigInt,
        user_id -> BigInt,
        role -> Varchar,
        joined_at -> Datetime,
    }
}

diesel::table! {
    tasks (id) {
        id -> BigInt,
        board_id -> BigInt,
        title -> Varchar,
        description -> Text,
        status -> Varchar,
        position -> BigInt,
        deadline -> Nullable<Date>,
        supervisor_id -> BigInt,
        pic_id -> Nullable<BigInt>,
        version -> Integer,
        updated_by_id -> Nullable<BigInt>,
        created_at -> Datetime,
        updated_at -> Datetime,
        trashed_at -> Nullable<Datetime>,
        trashed_by_id -> Nullable<BigInt>,
        checklist_done -> SmallInt,
        checklist_total -> SmallInt,
    }
}

diesel::table! {
    checklist_items (id) {
        id -> BigInt,
        task_id -> BigInt,
        text -> Varchar,
        done -> Bool,
        position -> Integer,
        version -> Integer,
        updated_by_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    labels (id) {
        id -> BigInt,
        board_id -> BigInt,
        name -> Varchar,
        colour -> Varchar,
        created_at -> Datetime,
    }
}

diesel::table! {
    task_labels (task_id, label_id) {
        task_id -> BigInt,
        label_id -> BigInt,
    }
}

diesel::table! {
    comments (id) {
        id -> BigInt,
        task_id -> BigInt,
        author_id -> Nullable<BigInt>,
        body -> Text,
        html -> Mediumtext,
        version -> Integer,
        created_at -> Datetime,
        edited_at -> Nullable<Datetime>,
    }
}

diesel::table! {
    audit_outbox (id) {
        id -> BigInt,
        event_id -> Char,
        task_id -> BigInt,
        board_id -> Nullable<BigInt>,
        seq -> Integer,
        kind -> Varchar,
        actor_id -> BigInt,
        payload -> Longtext,
        created_at -> Datetime,
        attempts -> Integer,
        next_attempt_at -> Datetime,
        last_error -> Nullable<Text>,
        relayed_at -> Nullable<Datetime>,
        hash -> Nullable<Char>,
        notifies -> Bool,
    }
}

diesel::table! {
    invitations (id) {
        id -> BigInt,
        board_id -> BigInt,
        email -> Varchar,
        role -> Varchar,
        token_hash -> Char,
        invited_by_id -> BigInt,
        created_at -> Datetime,
        expires_at -> Datetime,
        accepted_at -> Nullable<Datetime>,
        accepted_by_id -> Nullable<BigInt>,
        revoked_at -> Nullable<Datetime>,
    }
}

diesel::table! {
    sessions (id) {
        id -> Varchar,
        user_id -> Nullable<BigInt>,
        data -> Mediumtext,
        expiry_date -> Datetime,
    }
}

diesel::table! {
    login_attempts (id) {
        id -> BigInt,
        email -> Varchar,
        ip -> Varchar,
        attempted_at -> Datetime,
    }
}

diesel::table! {
    login_locks (email) {
        email -> Varchar,
    }
}

diesel::table! {
    password_resets (token_hash) {
        token_hash -> Char,
        user_id -> BigInt,
        created_at -> Datetime,
        expires_at -> Datetime,
        used_at -> Nullable<Datetime>,
    }
}

diesel::table! {
    rate_limit_events (id) {
        id -> BigInt,
        kind -> Varchar,
        subject -> Varchar,
        at -> Datetime,
    }
}

diesel::table! {
    stream_checkpoints (stream_arn, shard_id) {
        stream_arn -> Varchar,
        shard_id -> Varchar,
        sequence_number -> Nullable<Varchar>,
        finished -> Bool,
        updated_at -> Datetime,
    }
}

diesel::joinable!(password_resets -> users (user_id));
diesel::joinable!(board_members -> boards (board_id));
diesel::joinable!(board_members -> users (user_id));
diesel::joinable!(tasks -> boards (board_id));
diesel::joinable!(invitations -> boards (board_id));
diesel::joinable!(task_labels -> labels (label_id));
diesel::joinable!(task_labels -> tasks (task_id));

diesel::table! {
    board_versions (board_id) {
        board_id -> BigInt,
        version -> BigInt,
    }
}

diesel::table! {
    column_counts (board_id, status) {
        board_id -> BigInt,
        status -> Varchar,
        cards -> Integer,
    }
}

diesel::table! {
    column_locks (board_id, status) {
        board_id -> BigInt,
        status -> Varchar,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        name -> Varchar,
        secret_hash -> Char,
        hint -> Varchar,
        access -> Varchar,
        expires_at -> Nullable<Datetime>,
        last_used_at -> Nullable<Datetime>,
        created_at -> Datetime,
    }
}

diesel::joinable!(api_tokens -> users (user_id));

diesel::table! {
    webhooks (id) {
        id -> BigInt,
        board_id -> Nullable<BigInt>,
        url -> Varchar,
        secret -> Varchar,
        created_by_id -> Nullable<BigInt>,
        created_at -> Datetime,
        disabled_at -> Nullable<Datetime>,
        failures -> Integer,
        last_status -> Nullable<SmallInt>,
        last_error -> Nullable<Varchar>,
        last_attempt_at -> Nullable<Datetime>,
        last_success_at -> Nullable<Datetime>,
    }
}

diesel::table! {
    webhook_deliveries (webhook_id, outbox_id) {
        webhook_id -> BigInt,
        outbox_id -> BigInt,
        task_id -> BigInt,
        attempts -> Integer,
        next_attempt_at -> Datetime,
        last_status -> Nullable<SmallInt>,
        delivered_at -> Nullable<Datetime>,
    }
}

diesel::joinable!(webhook_deliveries -> webhooks (webhook_id));
diesel::joinable!(webhook_deliveries -> audit_outbox (outbox_id));

diesel::table! {
    csv_imports (id) {
        id -> BigInt,
        board_id -> BigInt,
        user_id -> BigInt,
        file_name -> Varchar,
        content -> Text,
        created_at -> Datetime,
        imported_count -> Nullable<Integer>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    users,
    csv_imports,
    api_tokens,
    webhooks,
    webhook_deliveries,
    board_versions,
    column_counts,
    inbox_entries,
    reminders,
    morning_emails,
    boards,
    board_members,
    invitations,
    email_verifications,
    tasks,
    comments,
    checklist_items,
    labels,
    task_labels,
    audit_outbox,
    sessions,
    login_attempts,
    login_locks,
    password_resets,
    rate_limit_events,
    stream_checkpoints,
    column_locks
);
