-- Aliases are looked up without regard to case ("GHSA-jfh8-c2jp-5v3q" and
-- "ghsa-jfh8-…" are one advisory): keep the lookup table upper-cased.
-- Keep it in step with the other dialect's 00008_alias_case.sql.

-- +goose Up
DELETE FROM advisory_aliases WHERE alias <> UPPER(alias) AND EXISTS (
	SELECT 1 FROM advisory_aliases b WHERE b.advisory_id = advisory_aliases.advisory_id AND b.alias = UPPER(advisory_aliases.alias));
UPDATE advisory_aliases SET alias = UPPER(alias) WHERE alias <> UPPER(alias);

-- +goose Down
SELECT 1;
