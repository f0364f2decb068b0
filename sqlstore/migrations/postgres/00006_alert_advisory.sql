-- The library advisory an alert was made from ("kev:CVE-2017-0144").
-- Keep it in step with the other dialect's 00006_alert_advisory.sql.

-- +goose Up
ALTER TABLE alerts ADD COLUMN advisory TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE alerts DROP COLUMN advisory;
