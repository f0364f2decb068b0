-- Which feed source brought each advisory: another feed may not change it
-- (CSAF tracking ids are unique only within their publisher).
-- Keep it in step with the other dialect's 00009_advisory_feed.sql.

-- +goose Up
ALTER TABLE advisories ADD COLUMN feed_id BIGINT;

-- +goose Down
ALTER TABLE advisories DROP COLUMN feed_id;
