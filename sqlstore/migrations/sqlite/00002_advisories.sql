-- The advisory library: records imported from feeds (OSV first). Keep it
-- in step with migrations/postgres/00002_advisories.sql.

-- +goose Up
CREATE TABLE advisories (
	id           INTEGER PRIMARY KEY,
	source       TEXT NOT NULL,
	source_id    TEXT NOT NULL,
	summary      TEXT NOT NULL DEFAULT '',
	details      TEXT NOT NULL DEFAULT '',
	published_at BIGINT,
	modified_at  BIGINT,
	withdrawn_at BIGINT,
	aliases      TEXT NOT NULL DEFAULT 'null',
	affected     TEXT NOT NULL,
	refs         TEXT NOT NULL DEFAULT 'null',
	content_hash TEXT NOT NULL,
	revision     INTEGER NOT NULL,
	imported_at  BIGINT NOT NULL,
	updated_at   BIGINT NOT NULL,
	UNIQUE (source, source_id)
);
CREATE INDEX advisories_updated_at ON advisories (updated_at DESC, id DESC);

-- Aliases (CVE identifiers above all) are looked up on their own: an alert
-- names CVEs, the KEV catalogue is keyed by them.
CREATE TABLE advisory_aliases (
	advisory_id INTEGER NOT NULL REFERENCES advisories (id) ON DELETE CASCADE,
	alias       TEXT NOT NULL,
	PRIMARY KEY (advisory_id, alias)
);
CREATE INDEX advisory_aliases_alias ON advisory_aliases (alias);

-- +goose Down
DROP TABLE advisory_aliases;
DROP TABLE advisories;
