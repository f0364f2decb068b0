-- What sources say beyond affected versions (KEV due dates and ransomware
-- use, CSAF scores, Windows fixes, remediations), as one JSON document.
-- Keep it in step with the other dialect's 00005_advisory_facts.sql.

-- +goose Up
ALTER TABLE advisories ADD COLUMN facts TEXT NOT NULL DEFAULT '{}';

-- +goose Down
ALTER TABLE advisories DROP COLUMN facts;
