-- Each person's language, time zone and theme (issue 16). A NULL language follows the browser
-- (Accept-Language) and a NULL theme follows the system setting; times are stored in UTC and
-- shown in `time_zone`, an IANA name (checked by the app against the tz database it carries).
ALTER TABLE users
    ADD COLUMN locale VARCHAR(8) NULL,
    ADD COLUMN time_zone VARCHAR(64) NOT NULL DEFAULT 'UTC',
    ADD COLUMN theme VARCHAR(8) NULL,
    ADD CONSTRAINT users_locale_known CHECK (locale IN ('en', 'ko')),
    ADD CONSTRAINT users_theme_known CHECK (theme IN ('light', 'dark'));
