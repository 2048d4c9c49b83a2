ALTER TABLE users
    DROP CONSTRAINT users_theme_known,
    DROP CONSTRAINT users_locale_known,
    DROP COLUMN theme,
    DROP COLUMN time_zone,
    DROP COLUMN locale;
