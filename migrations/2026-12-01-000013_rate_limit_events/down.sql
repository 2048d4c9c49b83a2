ALTER TABLE password_resets DROP KEY password_resets_user_time;
DROP TABLE rate_limit_events;
